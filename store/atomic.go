package store

import (
	"fmt"
	"os"
	"path/filepath"
)

// createTemp creates a temporary file for a segment or catalog being written; it lives
// in the store's .tmp folder, on the same file system as its final place.
func createTemp(root, pattern string) (*os.File, error) {
	dir := filepath.Join(root, tmpDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create temporary folder: %w", err)
	}
	return os.CreateTemp(dir, pattern)
}

// commitFile syncs and closes f, then renames it to dst (creating dst's folder) and
// syncs that folder: after it returns, dst is complete and durable, and before it dst
// does not exist. On error f is removed.
func commitFile(f *os.File, dst string) (err error) {
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("chmod %s: %w", tmp, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", tmp, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", tmp, err)
	}
	dir := filepath.Dir(dst)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		return fmt.Errorf("rename segment into place: %w", err)
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("open %s to sync it: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// writeFileAtomic replaces path with data: temporary file, sync, rename.
func writeFileAtomic(root, path string, data []byte) error {
	f, err := createTemp(root, filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return fmt.Errorf("write %s: %w", f.Name(), err)
	}
	return commitFile(f, path)
}
