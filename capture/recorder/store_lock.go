package recorder

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// ErrStoreBusy is returned when another recording holds the store.
var ErrStoreBusy = errors.New("store is being recorded by another process")

// lockStore takes the store's recording lock (an flock on .journal/lock, released by
// the kernel when the process dies), creating the store 0700 if it does not exist.
func lockStore(root string) (unlock func(), err error) {
	if err := os.MkdirAll(root, 0o700); err != nil {
		return nil, fmt.Errorf("create store %s: %w", root, err)
	}
	dir, err := journalDir(root)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open store lock: %w", err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		b, _ := os.ReadFile(path)
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, fmt.Errorf("record into %s: %w (pid %s)", root, ErrStoreBusy, strings.TrimSpace(string(b)))
		}
		return nil, fmt.Errorf("lock store %s: %w", root, err)
	}
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() { f.Close() }, nil
}
