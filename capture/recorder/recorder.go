package recorder

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/scrylabs/scry/capture"
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

// Options configure a recording.
type Options struct {
	// Path is the capture file; a .gz or .zst suffix selects compression. With
	// rotation, files are numbered: trace.scap0, trace.scap1.gz, ...
	Path        string
	RotateBytes int64         // start a new file past this many bytes (0: never)
	RotateEvery time.Duration // start a new file after this long (0: never)
	MaxFiles    int           // with rotation, reuse names after this many files (0: no limit)
	MaxEvents   uint64        // stop after this many events (0: no limit)
	// Keep selects the events to write (nil keeps all).
	Keep func(*event.Event) bool
	// Snapshot returns the host state that starts each file.
	Snapshot func() (*scap.Section, error)
	// Now is the clock (nil: time.Now).
	Now func() time.Time
}

// Result summarises a recording.
type Result struct {
	Events uint64   // events written
	Seen   uint64   // events read from the source
	Files  []string // files written, in order
}

// Record drains src into files until src ends or MaxEvents events were written.
func Record(src capture.Source, o Options) (Result, error) {
	if o.Path == "" {
		return Result{}, errors.New("record: no output file")
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	r := &recording{o: o, rotating: o.RotateBytes > 0 || o.RotateEvery > 0}
	defer r.close()
	if err := r.open(); err != nil {
		return r.res, err
	}
	var ev event.Event
	for {
		err := src.Next(&ev)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return r.res, fmt.Errorf("read events: %w", err)
		}
		r.res.Seen++
		if o.Keep != nil && !o.Keep(&ev) {
			continue
		}
		if err := r.write(&ev); err != nil {
			return r.res, err
		}
		if o.MaxEvents > 0 && r.res.Events >= o.MaxEvents {
			src.Stop()
			break
		}
	}
	if err := r.close(); err != nil {
		return r.res, err
	}
	return r.res, nil
}

type recording struct {
	o        Options
	rotating bool
	w        *scap.Writer
	f        *os.File
	opened   time.Time
	index    int
	res      Result
}

func (r *recording) write(ev *event.Event) error {
	if r.w != nil && r.rotating && r.due() {
		if err := r.close(); err != nil {
			return err
		}
	}
	if r.w == nil {
		if err := r.open(); err != nil {
			return err
		}
	}
	if err := r.w.WriteEvent(ev); err != nil {
		return fmt.Errorf("write event to %s: %w", r.f.Name(), err)
	}
	r.res.Events++
	return nil
}

func (r *recording) due() bool {
	if r.o.RotateBytes > 0 && r.w.Offset() >= r.o.RotateBytes {
		return true
	}
	return r.o.RotateEvery > 0 && r.o.Now().Sub(r.opened) >= r.o.RotateEvery
}

// fileName is the name of the i-th file: the path itself without rotation, else the
// path with the number before any compression suffix.
func fileName(path string, rotating bool, i int) string {
	if !rotating {
		return path
	}
	base, ext := path, ""
	for _, s := range []string{".gz", ".zst"} {
		if strings.HasSuffix(path, s) {
			base, ext = strings.TrimSuffix(path, s), s
		}
	}
	return base + strconv.Itoa(i) + ext
}

// compressionOf chooses the compression by file suffix.
func compressionOf(path string) scap.Compression {
	switch filepath.Ext(path) {
	case ".gz":
		return scap.CompressGzip
	case ".zst":
		return scap.CompressZstd
	}
	return scap.CompressNone
}

func (r *recording) open() error {
	i := r.index
	if r.o.MaxFiles > 0 {
		i %= r.o.MaxFiles
	}
	name := fileName(r.o.Path, r.rotating, i)
	r.index++
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("create capture file: %w", err)
	}
	w, err := scap.NewWriter(f, scap.WriterOptions{Compression: compressionOf(name)})
	if err != nil {
		f.Close()
		return fmt.Errorf("start capture file %s: %w", name, err)
	}
	r.f, r.w, r.opened = f, w, r.o.Now()
	r.res.Files = append(r.res.Files, name)
	if r.o.Snapshot != nil {
		s, err := r.o.Snapshot()
		if err != nil {
			return fmt.Errorf("snapshot host state for %s: %w", name, err)
		}
		if err := w.WriteSection(s); err != nil {
			return fmt.Errorf("write state blocks to %s: %w", name, err)
		}
	}
	return nil
}

// close finishes the current file, if any.
func (r *recording) close() error {
	if r.w == nil {
		return nil
	}
	w, f := r.w, r.f
	r.w, r.f = nil, nil
	err := w.Close()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("finish capture file %s: %w", f.Name(), err)
	}
	return nil
}
