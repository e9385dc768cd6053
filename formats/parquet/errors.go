package parquet

import "errors"

// Sentinel conditions, matched with errors.Is on the errors of Open and Reader.Next.
var (
	// ErrNotScry: a Parquet file without scry's metadata (foreign or not Parquet at all).
	ErrNotScry = errors.New("not a scry Parquet file")
	// ErrVersion: a scry file of a schema version newer than this build reads.
	ErrVersion = errors.New("unsupported scry Parquet schema version")
	// ErrCorrupt: a scry file whose contents contradict themselves.
	ErrCorrupt = errors.New("corrupt scry Parquet file")
)

// FileError says which file an error is about.
type FileError struct {
	File string
	Err  error
}

func (e *FileError) Error() string { return e.File + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }
