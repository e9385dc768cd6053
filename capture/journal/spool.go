package journal

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klauspost/compress/s2"

	"github.com/scrylabs/scry/formats/event"
)

// SpoolOptions configure a Spool; zero values take the defaults.
type SpoolOptions struct {
	// SyncEvery is the longest time an appended event waits before it is synced.
	// Default DefaultSyncEvery.
	SyncEvery time.Duration
	// FrameBytes of appended event records make a frame: it is then compressed and
	// written (not yet synced), and readers following the spool see it. Default
	// DefaultFrameBytes.
	FrameBytes int
	// Frames is how many frames may wait to be written: Append blocks while they all
	// do, so the spool holds about Frames*FrameBytes of memory. Default DefaultFrames.
	Frames int
	// FileBytes ends a spool file: the next frame starts a new one. Default
	// DefaultFileBytes.
	FileBytes int64
	// MaxBacklog bounds the bytes written and not yet read by the reader following the
	// spool (0: no bound). Past it the spool waits for the reader before it writes more,
	// and Append blocks once the frame buffers are full: a reader that cannot keep up
	// makes the source wait (a live capture then drops events, and counts them) instead
	// of filling the disk. It applies only while a reader follows the spool.
	MaxBacklog int64
	// OnSync, if set, is called after each sync that made events durable, with the Num
	// of the last of them. It runs on the spool's writing goroutine.
	OnSync func(lastNum uint64)
}

// Defaults of SpoolOptions.
const (
	DefaultFrameBytes = 256 << 10
	DefaultFrames     = 8
	DefaultFileBytes  = 64 << 20
)

// SpoolExt ends the name of every spool file.
const SpoolExt = ".spool"

// Spool appends events to a series of spool files, DIR/PREFIX-NNNNNN.spool, in
// S2-compressed, checksummed frames. Append only copies the event into a frame buffer;
// a goroutine of the spool compresses and writes each full frame, and every SyncEvery
// also the frame being filled, then syncs the file. Follow reads the spool back in the
// same process while it is written.
type Spool struct {
	dir, prefix string
	o           SpoolOptions

	mu    sync.Mutex // guards cur, queue, free and err
	space *sync.Cond // signalled when buffers are freed or the spool fails
	cur   *frameBuf  // the frame Append fills
	queue []*frameBuf
	free  []*frameBuf
	err   error
	kick  chan struct{}
	stop  chan struct{}
	done  chan struct{}

	// The backlog: bytes of frames written, and read by the follower.
	written   atomic.Int64
	consumed  atomic.Int64
	following atomic.Bool   // a reader follows the spool
	progress  chan struct{} // the follower read a frame, or stopped following

	// Owned by the writing goroutine.
	f          *os.File
	fsize      int64
	frame      []byte
	taken      []*frameBuf
	lastNum    uint64 // Num of the last event written
	unsynced   bool   // events written since the last sync
	lastSynced time.Time

	pmu     sync.Mutex // guards files, closed, failed, changed, removed
	files   []spoolFile
	closed  bool          // no frame will be written any more
	failed  error         // why the spool stopped, if it failed
	changed chan struct{} // closed and replaced at each change of the above
	removed int           // files before this index were removed by Release
}

// spoolFile is what readers may read of one spool file.
type spoolFile struct {
	name   string // base name
	size   int64  // bytes written completely
	sealed bool   // no more bytes will be written
}

// frameBuf holds the event records of one frame.
type frameBuf struct {
	data    []byte
	lastNum uint64
}

// CreateSpool starts a spool in dir (which must exist) whose files are named after
// prefix. The first file is created, its header synced, before it returns.
func CreateSpool(dir, prefix string, o SpoolOptions) (*Spool, error) {
	if o.SyncEvery <= 0 {
		o.SyncEvery = DefaultSyncEvery
	}
	if o.FrameBytes <= 0 {
		o.FrameBytes = DefaultFrameBytes
	}
	if o.Frames <= 0 {
		o.Frames = DefaultFrames
	}
	if o.FileBytes <= 0 {
		o.FileBytes = DefaultFileBytes
	}
	s := &Spool{dir: dir, prefix: prefix, o: o, kick: make(chan struct{}, 1), stop: make(chan struct{}),
		done: make(chan struct{}), changed: make(chan struct{}), lastSynced: time.Now(), progress: make(chan struct{}, 1)}
	s.space = sync.NewCond(&s.mu)
	for range o.Frames {
		// Room for a frame and the event that ends it.
		s.free = append(s.free, &frameBuf{data: make([]byte, 0, o.FrameBytes+64<<10)})
	}
	if err := s.startFile(); err != nil {
		return nil, err
	}
	go s.run()
	return s, nil
}

// SpoolFileName is the base name of the seq-th file of the spool named prefix.
func SpoolFileName(prefix string, seq int) string {
	return fmt.Sprintf("%s-%06d%s", prefix, seq, SpoolExt)
}

// Start is the position of the spool's first event.
func (s *Spool) Start() Position {
	return Position{File: SpoolFileName(s.prefix, 0), Offset: fileHeaderLen}
}

// Append adds one event; its bytes are copied, so they need only be valid during the
// call. Events must come in increasing Num. Append blocks while every frame buffer waits
// to be written, and returns the error that stopped the spool, if one did.
func (s *Spool) Append(ev *event.Event) error {
	s.mu.Lock()
	b := s.cur
	for b == nil {
		if s.err != nil {
			err := s.err
			s.mu.Unlock()
			return err
		}
		if n := len(s.free); n > 0 {
			b = s.free[n-1]
			s.free = s.free[:n-1]
			s.cur = b
			break
		}
		s.space.Wait()
	}
	b.data = appendRecord(b.data, ev)
	b.lastNum = ev.Num
	if len(b.data) < s.o.FrameBytes {
		s.mu.Unlock()
		return nil
	}
	s.queue = append(s.queue, b)
	s.cur = nil
	s.mu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default:
	}
	return nil
}

// run writes the queued frames when kicked, and every SyncEvery also the frame being
// filled, then syncs.
func (s *Spool) run() {
	defer close(s.done)
	t := time.NewTicker(s.o.SyncEvery)
	defer t.Stop()
	for {
		all, final := false, false
		select {
		case <-s.stop:
			all, final = true, true
		case <-t.C:
			all = true
		case <-s.kick:
		}
		err := s.writeQueued(all)
		if err == nil && (all || time.Since(s.lastSynced) >= s.o.SyncEvery) {
			err = s.sync()
		}
		if err != nil {
			s.fail(err)
		}
		if final {
			return
		}
	}
}

// writeQueued writes the queued frames and, with all, the one being filled, then hands
// their buffers back to Append.
func (s *Spool) writeQueued(all bool) error {
	s.mu.Lock()
	if all && s.cur != nil && len(s.cur.data) > 0 {
		s.queue = append(s.queue, s.cur)
		s.cur = nil
	}
	s.taken = append(s.taken[:0], s.queue...)
	s.queue = s.queue[:0]
	err := s.err
	s.mu.Unlock()
	for _, b := range s.taken {
		if err == nil {
			err = s.writeFrame(b)
		}
	}
	s.mu.Lock()
	for i, b := range s.taken {
		b.data = b.data[:0]
		s.free = append(s.free, b)
		s.taken[i] = nil
	}
	s.space.Broadcast()
	s.mu.Unlock()
	return err
}

// writeFrame compresses one frame and appends it to the current file, starting a new
// file first when the current one is full.
func (s *Spool) writeFrame(b *frameBuf) error {
	if s.fsize >= s.o.FileBytes {
		if err := s.sync(); err != nil {
			return err
		}
		if err := s.startFile(); err != nil {
			return err
		}
	}
	if err := s.waitForReader(); err != nil {
		return err
	}
	need := frameHeaderLen + s2.MaxEncodedLen(len(b.data))
	if cap(s.frame) < need {
		s.frame = make([]byte, need)
	}
	enc := s2.Encode(s.frame[frameHeaderLen:need], b.data)
	frame := s.frame[:frameHeaderLen+len(enc)]
	sealFrameCodec(frame, kindEvents, codecS2, len(b.data))
	if _, err := s.f.Write(frame); err != nil {
		return fmt.Errorf("write spool file %s: %w", s.f.Name(), err)
	}
	s.fsize += int64(len(frame))
	s.written.Add(int64(len(frame)))
	s.lastNum, s.unsynced = b.lastNum, true
	s.publish(func() { s.files[len(s.files)-1].size = s.fsize })
	return nil
}

// waitForReader waits while the backlog of a followed spool is at MaxBacklog or more,
// with what it wrote synced. Events wait meanwhile in the frame buffers, then in the
// source.
func (s *Spool) waitForReader() error {
	for s.o.MaxBacklog > 0 && s.following.Load() && s.written.Load()-s.consumed.Load() >= s.o.MaxBacklog {
		if err := s.sync(); err != nil {
			return err
		}
		<-s.progress
	}
	return nil
}

// read records that the follower has read a frame of n bytes.
func (s *Spool) read(n int64) {
	s.consumed.Add(n)
	select {
	case s.progress <- struct{}{}:
	default:
	}
}

// unfollow records that the follower stopped reading: the backlog is no longer bounded.
func (s *Spool) unfollow() {
	s.following.Store(false)
	select {
	case s.progress <- struct{}{}:
	default:
	}
}

// startFile seals the current file, if any, and creates the next one.
func (s *Spool) startFile() error {
	name := SpoolFileName(s.prefix, len(s.files))
	path := filepath.Join(s.dir, name)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create spool file: %w", err)
	}
	h := fileHeaderV(SpoolVersion, roleSpool)
	if _, err := f.Write(h); err == nil {
		err = f.Sync()
	}
	if err == nil {
		err = syncDir(s.dir)
	}
	if err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("start spool file %s: %w", path, err)
	}
	if s.f != nil {
		s.f.Close()
	}
	s.f, s.fsize = f, int64(len(h))
	s.publish(func() {
		if n := len(s.files); n > 0 {
			s.files[n-1].sealed = true
		}
		s.files = append(s.files, spoolFile{name: name, size: s.fsize})
	})
	return nil
}

// sync makes the written frames durable.
func (s *Spool) sync() error {
	s.lastSynced = time.Now()
	if !s.unsynced {
		return nil
	}
	if err := s.f.Sync(); err != nil {
		return fmt.Errorf("sync spool file %s: %w", s.f.Name(), err)
	}
	s.unsynced = false
	if s.o.OnSync != nil {
		s.o.OnSync(s.lastNum)
	}
	return nil
}

// publish changes what readers see and wakes them.
func (s *Spool) publish(change func()) {
	s.pmu.Lock()
	change()
	close(s.changed)
	s.changed = make(chan struct{})
	s.pmu.Unlock()
}

// fail stops the spool: Append and readers return err from now on.
func (s *Spool) fail(err error) {
	s.mu.Lock()
	if s.err == nil {
		s.err = err
	}
	s.space.Broadcast()
	s.mu.Unlock()
	s.publish(func() {
		if s.failed == nil {
			s.failed = err
		}
	})
}

// Close writes and syncs the events appended, then closes the file: readers following
// the spool reach its end. It returns the error that stopped the spool, if one did. Call
// it once, after the last Append.
func (s *Spool) Close() error {
	close(s.stop)
	<-s.done
	cerr := s.f.Close()
	s.publish(func() { s.closed = true })
	s.mu.Lock()
	err := s.err
	s.mu.Unlock()
	if err == nil && cerr != nil {
		err = fmt.Errorf("close spool file: %w", cerr)
	}
	return err
}

// Release removes the spool files before the one holding p: their events are no longer
// needed. Only a reader past them may call it.
func (s *Spool) Release(p Position) error {
	s.pmu.Lock()
	var names []string
	i := s.removed
	for ; i < len(s.files) && s.files[i].name < p.File && s.files[i].sealed; i++ {
		names = append(names, s.files[i].name)
	}
	s.removed = i
	s.pmu.Unlock()
	for _, n := range names {
		if err := os.Remove(filepath.Join(s.dir, n)); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("remove spool file: %w", err)
		}
	}
	return nil
}

// view returns what readers may read of the i-th file (ok false past the last one),
// whether the spool is closed or failed, and a channel closed at the next change.
func (s *Spool) view(i int) (f spoolFile, ok, closed bool, failed error, changed <-chan struct{}) {
	s.pmu.Lock()
	defer s.pmu.Unlock()
	if i < len(s.files) {
		f, ok = s.files[i], true
	}
	return f, ok, s.closed, s.failed, s.changed
}

// index is the position in files of the file named name, or -1.
func (s *Spool) index(name string) int {
	s.pmu.Lock()
	defer s.pmu.Unlock()
	for i := range s.files {
		if s.files[i].name == name {
			return i
		}
	}
	return -1
}

// RemoveFiles removes every file of a closed spool, once its events are stored
// elsewhere.
func (s *Spool) RemoveFiles() error {
	s.pmu.Lock()
	var names []string
	for _, f := range s.files[s.removed:] {
		names = append(names, f.name)
	}
	s.removed = len(s.files)
	s.pmu.Unlock()
	var errs []error
	for _, n := range names {
		if err := os.Remove(filepath.Join(s.dir, n)); err != nil && !os.IsNotExist(err) {
			errs = append(errs, fmt.Errorf("remove spool file: %w", err))
		}
	}
	return errors.Join(errs...)
}
