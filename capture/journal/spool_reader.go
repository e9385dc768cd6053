package journal

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/klauspost/compress/s2"

	"github.com/scrylabs/scry/formats/event"
)

// Position is where an event is in a spool: the file, the offset of the frame that
// holds it, and its Num.
type Position struct {
	File   string // base name of the spool file
	Offset int64
	Num    uint64
}

// SpoolReader reads a spool's events from a position: following a Spool being written
// (Follow), or reading the files a spool left behind (ReadSpool).
type SpoolReader struct {
	dir   string
	live  *Spool
	names []string // without live: the files to read, in order
	i     int      // the current file, in live.files or names
	f     *os.File
	size  int64 // without live: the current file's size
	name  string
	off   int64 // offset of the next frame
	frame int64 // offset of the current frame
	skip  uint64
	hdr   [frameHeaderLen]byte
	data  []byte
	raw   []byte
	pos   int
	last  Position
	torn  error
}

// Follow returns a reader of s's events from p (the zero Position: from the first),
// which waits for events as they are written and ends, with io.EOF, after the last event
// of a closed spool.
func (s *Spool) Follow(p Position) (*SpoolReader, error) {
	if p.File == "" {
		p = s.Start()
	}
	i := s.index(p.File)
	if i < 0 {
		return nil, fmt.Errorf("follow spool %s: no file %s", s.prefix, p.File)
	}
	r := &SpoolReader{dir: s.dir, live: s, i: i}
	if err := r.open(p); err != nil {
		return nil, err
	}
	// What lies before p counts as read.
	var before int64
	for j := 0; j < i; j++ {
		f, _, _, _, _ := s.view(j)
		before += f.size - fileHeaderLen
	}
	s.consumed.Store(before + r.off - fileHeaderLen)
	s.following.Store(true)
	return r, nil
}

// ReadSpool returns a reader of the events a spool named prefix left in dir, from p (the
// zero Position: from the first file), up to the last complete frame.
func ReadSpool(dir, prefix string, p Position) (*SpoolReader, error) {
	names, err := SpoolFiles(dir, prefix)
	if err != nil {
		return nil, err
	}
	if p.File == "" {
		if len(names) == 0 {
			return &SpoolReader{dir: dir}, nil
		}
		p = Position{File: names[0], Offset: fileHeaderLen}
	}
	i := sort.SearchStrings(names, p.File)
	if i == len(names) || names[i] != p.File {
		return nil, fmt.Errorf("read spool %s: no file %s", prefix, p.File)
	}
	r := &SpoolReader{dir: dir, names: names[i:]}
	return r, r.open(p)
}

// SpoolFiles lists the base names of the files of the spool named prefix in dir, in
// order.
func SpoolFiles(dir, prefix string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("list spool files: %w", err)
	}
	var names []string
	for _, e := range ents {
		n := e.Name()
		if strings.HasPrefix(n, prefix+"-") && strings.HasSuffix(n, SpoolExt) && e.Type().IsRegular() {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names, nil
}

// open starts reading at p: the file is checked to be a spool file, the frame read, and
// the events before p.Num skipped.
func (r *SpoolReader) open(p Position) error {
	if err := r.openFile(p.File); err != nil {
		return err
	}
	if p.Offset < fileHeaderLen {
		p.Offset = fileHeaderLen
	}
	r.off, r.skip = p.Offset, p.Num
	return nil
}

func (r *SpoolReader) openFile(name string) error {
	if r.f != nil {
		r.f.Close()
		r.f = nil
	}
	path := filepath.Join(r.dir, name)
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open spool file: %w", err)
	}
	var h [fileHeaderLen]byte
	if _, err := io.ReadFull(f, h[:]); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w: file header: %w", path, ErrCorrupt, err)
	}
	if string(h[:8]) != Magic || le.Uint32(h[8:]) != SpoolVersion || le.Uint32(h[12:]) != roleSpool {
		f.Close()
		return fmt.Errorf("%s: %w: not a version %d spool file", path, ErrCorrupt, SpoolVersion)
	}
	if r.live == nil {
		fi, err := f.Stat()
		if err != nil {
			f.Close()
			return fmt.Errorf("stat spool file: %w", err)
		}
		r.size = fi.Size()
	}
	r.f, r.name, r.off = f, name, fileHeaderLen
	return nil
}

// Next stores the next event in ev; ev.Raw aliases the reader's buffer until the next
// call. It returns io.EOF after the last event: of a closed spool when following one,
// else of the last complete frame (see Torn).
func (r *SpoolReader) Next(ev *event.Event) error {
	for {
		for r.pos < len(r.raw) {
			n, err := decodeRecord(r.raw[r.pos:], ev)
			if err != nil {
				return r.badRecord(err)
			}
			r.pos += n
			if ev.Num < r.skip {
				continue
			}
			r.skip = 0
			r.last = Position{File: r.name, Offset: r.frame, Num: ev.Num}
			return nil
		}
		if err := r.nextFrame(); err != nil {
			return err
		}
	}
}

// Position is the position of the event Next returned last.
func (r *SpoolReader) Position() Position { return r.last }

// nextFrame reads the next frame into raw, moving to the next file at the end of one
// and, when following a spool, waiting for frames to be written.
func (r *SpoolReader) nextFrame() error {
	if r.f == nil {
		return io.EOF
	}
	for {
		size, sealed, err := r.extent()
		if err != nil {
			return err
		}
		if r.off < size {
			return r.readFrame(size)
		}
		if !sealed {
			return io.EOF
		}
		if r.off > size {
			return r.stop(fmt.Errorf("%s: %w: frame at offset %d past the end (%d)", r.name, ErrCorrupt, r.off, size))
		}
		r.i++
		next, ok := r.fileName(r.i)
		if !ok {
			return io.EOF
		}
		if err := r.openFile(next); err != nil {
			return r.stop(err)
		}
	}
}

// extent is how far the current file may be read and whether it is complete, waiting
// while a followed spool has nothing more to read yet. A spool that is not followed
// counts every file as complete; its readers stop at the end of the last one.
func (r *SpoolReader) extent() (int64, bool, error) {
	if r.live == nil {
		return r.size, true, nil
	}
	for {
		f, ok, closed, failed, changed := r.live.view(r.i)
		switch {
		case !ok:
			return 0, false, fmt.Errorf("follow spool: file %d is gone", r.i)
		case r.off < f.size || f.sealed:
			return f.size, f.sealed, nil
		case failed != nil:
			return 0, false, fmt.Errorf("follow spool: %w", failed)
		case closed:
			return f.size, false, nil
		}
		<-changed
	}
}

// fileName is the name of the i-th file, if there is one.
func (r *SpoolReader) fileName(i int) (string, bool) {
	if r.live == nil {
		if i < len(r.names) {
			return r.names[i], true
		}
		return "", false
	}
	f, ok, _, _, _ := r.live.view(i)
	return f.name, ok
}

// readFrame reads and decodes the frame at off, which ends before size.
func (r *SpoolReader) readFrame(size int64) error {
	if size-r.off < frameHeaderLen {
		return r.stop(fmt.Errorf("%s: frame at offset %d: %d of %d header bytes: %w", r.name, r.off, size-r.off, frameHeaderLen, io.ErrUnexpectedEOF))
	}
	if _, err := r.f.ReadAt(r.hdr[:], r.off); err != nil {
		return r.stop(fmt.Errorf("read spool file %s: %w", r.name, err))
	}
	h := r.hdr[:]
	kind, codec, rawLen, dataLen := h[0], h[1], le.Uint32(h[4:]), le.Uint32(h[8:])
	if kind != kindEvents || codec != codecS2 || rawLen > maxRawLen || dataLen > maxRawLen {
		return r.stop(fmt.Errorf("%s: frame at offset %d: %w: kind %d, codec %d, %d bytes of %d", r.name, r.off, ErrCorrupt, kind, codec, dataLen, rawLen))
	}
	end := r.off + frameHeaderLen + int64(dataLen)
	if end > size {
		return r.stop(fmt.Errorf("%s: frame at offset %d: %d of %d data bytes: %w", r.name, r.off, size-r.off-frameHeaderLen, dataLen, io.ErrUnexpectedEOF))
	}
	if cap(r.data) < int(dataLen) {
		r.data = make([]byte, dataLen)
	}
	r.data = r.data[:dataLen]
	if _, err := r.f.ReadAt(r.data, r.off+frameHeaderLen); err != nil {
		return r.stop(fmt.Errorf("read spool file %s: %w", r.name, err))
	}
	if frameCRC(h, r.data) != le.Uint32(h[12:]) {
		return r.stop(fmt.Errorf("%s: frame at offset %d: %w: checksum mismatch", r.name, r.off, ErrCorrupt))
	}
	if cap(r.raw) < int(rawLen) {
		r.raw = make([]byte, rawLen)
	}
	raw, err := s2.Decode(r.raw[:cap(r.raw)], r.data)
	if err != nil || len(raw) != int(rawLen) {
		return r.stop(fmt.Errorf("%s: frame at offset %d: %w: %d bytes decompressed of %d: %v", r.name, r.off, ErrCorrupt, len(raw), rawLen, err))
	}
	r.raw, r.pos, r.frame = raw, 0, r.off
	r.off = end
	if r.live != nil {
		r.live.read(frameHeaderLen + int64(dataLen))
	}
	return nil
}

// stop ends reading at a frame that cannot be read. Without a followed spool, that is
// the tail a crash tore off: Next returns io.EOF and Torn says why. Following a spool,
// whose readers see only complete frames, it is an error.
func (r *SpoolReader) stop(err error) error {
	r.raw, r.pos = nil, 0
	if r.f != nil {
		r.f.Close()
		r.f = nil
	}
	r.torn = err
	if r.live != nil {
		return err
	}
	return io.EOF
}

// badRecord stops reading at a record that does not decode: its frame passed its
// checksum, so the writer wrote it that way.
func (r *SpoolReader) badRecord(err error) error {
	return r.stop(fmt.Errorf("%w: event record in %s, frame at offset %d: %w", ErrCorrupt, r.name, r.frame, err))
}

// Torn says why reading stopped before the end of the files (nil when they ended
// cleanly).
func (r *SpoolReader) Torn() error { return r.torn }

// Close closes the current file; a reader following a spool stops bounding its
// backlog.
func (r *SpoolReader) Close() error {
	if r.live != nil {
		r.live.unfollow()
	}
	if r.f == nil {
		return nil
	}
	err := r.f.Close()
	r.f = nil
	if err != nil && !errors.Is(err, os.ErrClosed) {
		return fmt.Errorf("close spool file: %w", err)
	}
	return nil
}
