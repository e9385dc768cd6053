package journal

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
)

// Snapshot is the state a journaled segment starts with.
type Snapshot struct {
	Host    string        // host partition label
	Section *scap.Section // capture metadata at the segment's start
	State   []byte        // the state engine's binary image (nil if none)
}

// Options configure a Writer; zero values take the defaults.
type Options struct {
	// SyncEvery is the longest time an appended event waits before it is written and
	// synced. Default DefaultSyncEvery.
	SyncEvery time.Duration
	// FlushBytes of waiting events trigger a sync before SyncEvery. Default
	// DefaultFlushBytes.
	FlushBytes int
	// OnSync, if set, is called after each sync that wrote events, with the Num of the
	// last event now durable. It runs on the syncing goroutine.
	OnSync func(lastNum uint64)
}

// Defaults of Options.
const (
	DefaultSyncEvery  = 500 * time.Millisecond
	DefaultFlushBytes = 1 << 20
)

// Writer appends a segment's events to a journal file.
type Writer struct {
	path string
	o    Options

	mu         sync.Mutex // guards pending, pendingNum, err
	pending    []byte     // event records not yet written
	pendingNum uint64     // Num of the last pending event
	err        error      // first write or sync failure; Append returns it

	fmu    sync.Mutex // guards everything below: the file and the encoding buffers
	f      *os.File
	enc    *zstd.Encoder
	spare  []byte // the other pending buffer, swapped in at each sync
	frame  []byte
	closed bool

	kick chan struct{}
	stop chan struct{}
	done chan struct{}
}

// Create writes a new journal at path (mode 0600; it must not exist) starting with snap,
// synced before it returns, and starts syncing appended events every o.SyncEvery.
func Create(path string, snap Snapshot, o Options) (*Writer, error) {
	if o.SyncEvery <= 0 {
		o.SyncEvery = DefaultSyncEvery
	}
	if o.FlushBytes <= 0 {
		o.FlushBytes = DefaultFlushBytes
	}
	if snap.Section == nil {
		return nil, fmt.Errorf("create journal %s: no snapshot section", path)
	}
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return nil, fmt.Errorf("create journal %s: start zstd: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create journal: %w", err)
	}
	w := &Writer{path: path, o: o, f: f, enc: enc,
		kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{}),
		// Room for twice the waiting bytes that trigger a sync: the buffers rarely grow.
		pending: make([]byte, 0, 2*o.FlushBytes), spare: make([]byte, 0, 2*o.FlushBytes)}
	b := fileHeader()
	b = w.appendFrame(b, kindHost, []byte(snap.Host))
	if snap.State != nil {
		b = w.appendFrame(b, kindState, snap.State)
	}
	b = w.appendFrame(b, kindSection, parquet.AppendSection(nil, snap.Section)) // last: it completes the snapshot
	if err := w.writeAndSync(b); err != nil {
		f.Close()
		os.Remove(path)
		return nil, err
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		f.Close()
		os.Remove(path)
		return nil, err
	}
	go w.syncLoop(w.stop)
	return w, nil
}

// Path is the journal's file name.
func (w *Writer) Path() string { return w.path }

// Append adds one event; its bytes are copied, so they need only be valid during the
// call. It returns the error of an earlier failed sync: the journal no longer protects
// the segment.
func (w *Writer) Append(ev *event.Event) error {
	w.mu.Lock()
	if w.err != nil {
		err := w.err
		w.mu.Unlock()
		return err
	}
	w.pending = appendRecord(w.pending, ev)
	w.pendingNum = ev.Num
	full := len(w.pending) >= w.o.FlushBytes
	w.mu.Unlock()
	if full {
		select {
		case w.kick <- struct{}{}:
		default:
		}
	}
	return nil
}

// appendRecord appends an event record: num, flags, cpu, wire bytes.
func appendRecord(b []byte, ev *event.Event) []byte {
	b = le.AppendUint64(b, ev.Num)
	b = le.AppendUint32(b, ev.Flags)
	b = le.AppendUint16(b, ev.CPU)
	return append(b, ev.Raw...)
}

// Sync writes the waiting events as one frame and syncs the file. It does nothing when
// no event is waiting, and after Close or Discard.
func (w *Writer) Sync() error {
	w.fmu.Lock()
	defer w.fmu.Unlock()
	if w.closed {
		return nil
	}
	w.mu.Lock()
	batch, num := w.pending, w.pendingNum
	w.pending = w.spare[:0]
	w.mu.Unlock()
	w.spare = batch[:0]
	if len(batch) == 0 {
		return nil
	}
	w.frame = w.appendFrame(w.frame[:0], kindEvents, batch)
	if err := w.writeAndSync(w.frame); err != nil {
		w.mu.Lock()
		if w.err == nil {
			w.err = err
		}
		w.mu.Unlock()
		return err
	}
	if w.o.OnSync != nil {
		w.o.OnSync(num)
	}
	return nil
}

// appendFrame appends a frame of the given kind holding raw, compressed.
func (w *Writer) appendFrame(b []byte, kind byte, raw []byte) []byte {
	start := len(b)
	b = append(b, make([]byte, frameHeaderLen)...)
	b = w.enc.EncodeAll(raw, b)
	sealFrame(b[start:], kind, len(raw))
	return b
}

func (w *Writer) writeAndSync(b []byte) error {
	if _, err := w.f.Write(b); err != nil {
		return fmt.Errorf("write journal: %w", err)
	}
	if err := w.f.Sync(); err != nil {
		return fmt.Errorf("sync journal %s: %w", w.path, err)
	}
	return nil
}

func (w *Writer) syncLoop(stop <-chan struct{}) {
	defer close(w.done)
	t := time.NewTicker(w.o.SyncEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		case <-w.kick:
		}
		w.Sync() // a failure is kept in w.err for Append and Close
	}
}

// halt stops the syncing goroutine; it is safe to call more than once.
func (w *Writer) halt() {
	w.fmu.Lock()
	if w.stop != nil {
		close(w.stop)
		w.stop = nil
	}
	w.fmu.Unlock()
	<-w.done
}

// Close syncs the waiting events and closes the file, keeping it: the next start
// recovers it. It returns the first write or sync failure.
func (w *Writer) Close() error {
	w.halt()
	serr := w.Sync()
	w.fmu.Lock()
	defer w.fmu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	w.enc.Close()
	cerr := w.f.Close()
	w.mu.Lock()
	err := w.err
	w.mu.Unlock()
	if err == nil {
		err = serr
	}
	if err == nil && cerr != nil {
		err = fmt.Errorf("close journal: %w", cerr)
	}
	return err
}

// Discard closes and removes the journal, once its segment is safely committed.
func (w *Writer) Discard() error {
	w.halt()
	w.fmu.Lock()
	defer w.fmu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	w.enc.Close()
	w.f.Close()
	if err := os.Remove(w.path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove journal: %w", err)
	}
	return nil
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
