//go:build linux

package scap

import (
	"errors"
	"math"
	"os"
	"syscall"
)

func mapFile(f *os.File, size int64) ([]byte, error) {
	if size > math.MaxInt/2 {
		return nil, errors.New("capture too large to map")
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, err
	}
	return data, nil
}

func unmapFile(data []byte) error { return syscall.Munmap(data) }
