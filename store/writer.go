package store

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
)

// maxBackJump is how far an event may go back in time from its segment's first event
// (CPUs' buffers interleave slightly out of order) before it starts a new segment.
const maxBackJump = time.Minute

// Defaults of WriterOptions.
const (
	DefaultMaxEvents = 1 << 20
	DefaultMaxBytes  = 256 << 20
	DefaultMaxSpan   = time.Hour
)

// WriterOptions configure segment rolling; zero values take the defaults.
type WriterOptions struct {
	Host      string        // host partition; default: the capture's machine hostname
	MaxEvents int64         // events per segment
	MaxBytes  int64         // estimated bytes per segment
	MaxSpan   time.Duration // event-time span of a segment; segments also end at each UTC hour
	Parquet   parquet.WriterOptions
	Tracker   Tracker
	// OnSegment, if set, is called after each segment is committed.
	OnSegment func(SegmentInfo)
	// Committing, if set, is called with each complete segment just before it is moved
	// to its Path; an error abandons the segment (a recorder journals the commit there).
	Committing func(SegmentInfo) error
}

// SegmentInfo describes a committed segment.
type SegmentInfo struct {
	Path              string
	Host              string
	Events            int64
	MinTs, MaxTs      uint64
	FirstNum, LastNum uint64
	Size              int64
}

// Writer writes events into segments of a store. Call BeginSection with each capture
// section before its events, Write for every event in order, and Close.
type Writer struct {
	root    string
	opts    WriterOptions
	sec     *scap.Section
	secSeen bool // an event of sec has been written
	cur     *openSegment
	pw      *parquet.Writer // reused from segment to segment
	en      parquet.Enriched
	done    []SegmentInfo
}

type openSegment struct {
	f       *os.File
	pw      *parquet.Writer
	host    string
	hourEnd uint64 // the first ns of the UTC hour after the segment's first event
	start   uint64
}

// NewWriter returns a Writer adding segments to the store at root (created if needed).
func NewWriter(root string, opts WriterOptions) (*Writer, error) {
	if opts.MaxEvents <= 0 {
		opts.MaxEvents = DefaultMaxEvents
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.MaxSpan <= 0 {
		opts.MaxSpan = DefaultMaxSpan
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("create store %s: %w", root, err)
	}
	return &Writer{root: root, opts: opts}, nil
}

// BeginSection starts a capture section: its metadata is the state before its events.
func (w *Writer) BeginSection(s *scap.Section) error {
	w.sec, w.secSeen = s, false
	if w.opts.Tracker != nil {
		if err := w.opts.Tracker.LoadSection(s); err != nil {
			return fmt.Errorf("load capture section into the state tracker: %w", err)
		}
	}
	return nil
}

// Write adds one event, rolling to a new segment when the current one is full. The
// event's bytes need only be valid during the call.
func (w *Writer) Write(ev *event.Event) error {
	if w.sec == nil {
		return errors.New("store writer: Write before BeginSection")
	}
	ts := ev.Ts()
	if c := w.cur; c != nil {
		if c.pw.Rows() >= w.opts.MaxEvents || c.pw.Size() >= w.opts.MaxBytes || ts >= c.hourEnd ||
			(ts > c.start && time.Duration(ts-c.start) >= w.opts.MaxSpan) ||
			(ts < c.start && time.Duration(c.start-ts) > maxBackJump) {
			if err := w.commit(); err != nil {
				return err
			}
		}
	}
	if w.cur == nil {
		if err := w.open(ev); err != nil {
			return err
		}
	} else if !w.secSeen {
		w.cur.pw.AddSection(ev.Num, w.sec) // a new capture section starts inside the segment
	}
	w.secSeen = true
	w.en.Reset()
	var en *parquet.Enriched
	if t := w.opts.Tracker; t != nil {
		t.Track(ev, &w.en)
		en = &w.en
	}
	if err := w.cur.pw.Write(ev, en); err != nil {
		return fmt.Errorf("write segment %s: %w", w.cur.f.Name(), err)
	}
	return nil
}

// open starts a segment whose first event is ev, with the state snapshot.
func (w *Writer) open(ev *event.Event) error {
	ts := ev.Ts()
	sec, kind := w.sec, SnapshotCapture
	var state []byte
	if t := w.opts.Tracker; t != nil {
		s, b, err := t.Snapshot()
		if err != nil {
			return fmt.Errorf("snapshot the state for a new segment: %w", err)
		}
		state = b
		if w.secSeen {
			sec, kind = s, SnapshotState
		}
	} else if w.secSeen {
		kind = SnapshotStale
	}
	host := w.opts.Host
	if host == "" && w.sec.Machine != nil {
		host = w.sec.Machine.Hostname
	}
	f, err := createTemp(w.root, "segment-*.parquet.tmp")
	if err != nil {
		return fmt.Errorf("start segment: %w", err)
	}
	pw := w.pw
	if pw == nil {
		pw = parquet.NewWriter(f, w.opts.Parquet)
		w.pw = pw
	} else {
		pw.Reset(f) // reuse the buffers of the previous segment
	}
	pw.AddSection(ev.Num, sec)
	if state != nil {
		pw.SetState(state)
	}
	pw.SetMetadata(KeySnapshotKind, kind)
	hourEnd := (ts/hourNs + 1) * hourNs
	if hourEnd < ts { // the last hour of the uint64 range
		hourEnd = ^uint64(0)
	}
	w.cur = &openSegment{f: f, pw: pw, host: HostLabel(host), hourEnd: hourEnd, start: ts}
	return nil
}

// commit finishes the open segment and moves it into place.
func (w *Writer) commit() error {
	c := w.cur
	w.cur = nil
	if err := c.pw.Close(); err != nil {
		c.f.Close()
		os.Remove(c.f.Name())
		return fmt.Errorf("finish segment: %w", err)
	}
	st := c.pw.Stats()
	dst := SegmentPath(w.root, c.host, st.MinTs, st.MaxTs)
	dst = freePath(dst)
	size, _ := c.f.Seek(0, 1)
	info := SegmentInfo{Path: dst, Host: c.host, Events: st.Events, MinTs: st.MinTs, MaxTs: st.MaxTs,
		FirstNum: st.FirstNum, LastNum: st.LastNum, Size: size}
	if w.opts.Committing != nil {
		if err := w.opts.Committing(info); err != nil {
			c.f.Close()
			os.Remove(c.f.Name())
			return fmt.Errorf("commit segment %s: %w", dst, err)
		}
	}
	if err := commitFile(c.f, dst); err != nil {
		return err
	}
	w.done = append(w.done, info)
	if w.opts.OnSegment != nil {
		w.opts.OnSegment(info)
	}
	return nil
}

// freePath returns p, or p with a "-N" suffix before the extension when p exists.
func freePath(p string) string {
	if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
		return p
	}
	base := p[:len(p)-len(SegmentExt)]
	for i := 1; ; i++ {
		q := fmt.Sprintf("%s-%d%s", base, i, SegmentExt)
		if _, err := os.Lstat(q); errors.Is(err, os.ErrNotExist) {
			return q
		}
	}
}

// Close commits the open segment, if any.
func (w *Writer) Close() error {
	if w.cur == nil {
		return nil
	}
	return w.commit()
}

// Abort drops the open segment without committing it.
func (w *Writer) Abort() {
	if c := w.cur; c != nil {
		w.cur = nil
		c.f.Close()
		os.Remove(c.f.Name())
	}
}

// Segments lists the segments committed so far.
func (w *Writer) Segments() []SegmentInfo { return w.done }
