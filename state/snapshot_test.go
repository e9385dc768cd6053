package state

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

// loadCapture reads a capture's first section and all its events (copied).
func loadCapture(t testing.TB, path string) (*scap.Section, []event.Event) {
	r, err := scap.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer r.Close()
	sec := r.Section()
	var evs []event.Event
	var ev event.Event
	for {
		err := r.Next(&ev)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("read %s: %v", path, err)
		}
		if r.Section() != sec {
			t.Fatalf("%s has several sections", path)
		}
		evs = append(evs, ev.Clone())
	}
	return sec, evs
}

// eventValues renders what replay derives from the state for one event: the context
// flags, the filter-time view (enter event, fd) and every state field at output time.
func eventValues(e *Engine, ctx *EventContext) string {
	var b strings.Builder
	fmt.Fprintf(&b, "hidden=%v enter=%v err=%d fdchanged=%v", ctx.Hidden, ctx.Enter != nil, ctx.ErrorCode, ctx.FDNameChanged)
	if ctx.FD != nil {
		fmt.Fprintf(&b, " fd=%q/%d/%x", ctx.FD.Name, ctx.FD.Type, ctx.FD.Flags)
	}
	if ctx.Thread != nil {
		fmt.Fprintf(&b, " tid=%d pid=%d ptid=%d", ctx.Thread.Tid, ctx.Thread.Pid, ctx.Thread.Ptid)
	}
	e.EndEvent(ctx)
	for _, f := range stateFields {
		b.WriteString(" " + f.name + "=" + f.get(e, ctx))
	}
	return b.String()
}

// TestRestoreReplaysLikeFullReplay cuts every corpus capture at 24 points, restores the
// binary state image taken at each cut into a fresh engine and replays the rest: every
// event must get the same state-derived values as in the replay from the start.
func TestRestoreReplaysLikeFullReplay(t *testing.T) {
	const cuts = 24
	for _, path := range corpusFiles(t) {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".scap"), func(t *testing.T) {
			t.Parallel()
			sec, evs := loadCapture(t, path)
			if len(evs) < cuts {
				t.Skipf("only %d events", len(evs))
			}
			want := make([]string, len(evs))
			images := map[int][]byte{}
			a := New(Options{})
			a.LoadSection(sec)
			for i := range evs {
				if i%(len(evs)/cuts) == 0 {
					img, err := a.MarshalBinary()
					if err != nil {
						t.Fatalf("marshal at %d: %v", i, err)
					}
					images[i] = img
				}
				want[i] = eventValues(a, a.Process(&evs[i]))
			}
			for cut, img := range images {
				b := New(Options{})
				if err := b.Restore(img); err != nil {
					t.Fatalf("restore at %d: %v", cut, err)
				}
				for i := cut; i < len(evs); i++ {
					if got := eventValues(b, b.Process(&evs[i])); got != want[i] {
						t.Fatalf("cut at event %d: event %d (%s) differs:\nfull:     %s\nrestored: %s",
							cut, evs[i].Num, evs[i].Info().Name, want[i], got)
					}
				}
			}
		})
	}
}

// TestSnapshotScapRoundTrip writes the state of a capture replayed to its middle as
// capture metadata, reads it back into a fresh engine and checks that threads, fds,
// users and groups keep their names.
func TestSnapshotScapRoundTrip(t *testing.T) {
	for _, path := range corpusFiles(t) {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".scap"), func(t *testing.T) {
			sec, evs := loadCapture(t, path)
			a := New(Options{})
			a.LoadSection(sec)
			for i := range evs[:len(evs)/2] {
				a.EndEvent(a.Process(&evs[i]))
			}
			b := New(Options{})
			b.LoadSection(writeAndRead(t, a.Snapshot()))
			checkSameNames(t, a, b)
		})
	}
}

// writeAndRead writes a section with the scap writer and reads it back.
func writeAndRead(t *testing.T, s *scap.Section) *scap.Section {
	var buf bytes.Buffer
	w, err := scap.NewWriter(&buf, scap.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteSection(s); err != nil {
		t.Fatalf("write section: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := scap.NewReader(&buf, "snapshot")
	if err != nil {
		t.Fatalf("read snapshot back: %v", err)
	}
	return r.Section()
}

func checkSameNames(t *testing.T, a, b *Engine) {
	t.Helper()
	if a.NumThreads() != b.NumThreads() {
		t.Errorf("%d threads, %d after the round trip", a.NumThreads(), b.NumThreads())
	}
	a.EachThread(func(ta *Thread) bool {
		tb := b.Thread(ta.Tid)
		if tb == nil {
			t.Errorf("thread %d lost", ta.Tid)
			return true
		}
		if ta.Comm != tb.Comm || ta.Exe != tb.Exe || ta.ExePath != tb.ExePath ||
			strings.Join(ta.Args, "\x00") != strings.Join(tb.Args, "\x00") ||
			ta.Pid != tb.Pid || ta.Ptid != tb.Ptid || ta.UID != tb.UID || ta.ContainerID != tb.ContainerID ||
			(a.Cwd(ta) != "" && a.Cwd(ta) != b.Cwd(tb)) || ta.LoginUID != tb.LoginUID {
			t.Errorf("thread %d: %s becomes %s", ta.Tid, threadSummary(a, ta), threadSummary(b, tb))
		}
		ta.FDs.Each(func(fd int64, fa *FD) bool {
			if fd == savedFD {
				return true
			}
			fb := tb.FDs.Get(fd)
			if fb == nil {
				t.Errorf("thread %d fd %d (%q) lost", ta.Tid, fd, fa.Name)
			} else if fb.Name != fa.Name || fb.Type != fa.Type {
				t.Errorf("thread %d fd %d: %q type %d becomes %q type %d", ta.Tid, fd, fa.Name, fa.Type, fb.Name, fb.Type)
			}
			return true
		})
		return true
	})
	for uid, u := range a.users {
		if v := b.User(uid); v == nil || *v != *u {
			t.Errorf("user %d: %+v becomes %+v", uid, u, v)
		}
	}
	for gid, g := range a.groups {
		if h := b.Group(gid); h == nil || *h != *g {
			t.Errorf("group %d: %+v becomes %+v", gid, g, h)
		}
	}
}

func threadSummary(e *Engine, t *Thread) string {
	return fmt.Sprintf("{comm %q exe %q exepath %q args %q pid %d ptid %d uid %d container %q cwd %q loginuid %d}",
		t.Comm, t.Exe, t.ExePath, t.Args, t.Pid, t.Ptid, t.UID, t.ContainerID, e.Cwd(t), t.LoginUID)
}

// TestRestoreRejectsDamage checks that every truncation and a few corruptions of an
// image fail with ErrCorruptState and leave the engine empty, without panicking.
func TestRestoreRejectsDamage(t *testing.T) {
	e := syntheticEngine(t)
	img, err := e.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < len(img); n++ {
		r := New(Options{})
		if err := r.Restore(img[:n]); !errors.Is(err, ErrCorruptState) {
			t.Fatalf("image cut to %d of %d bytes: error %v, want ErrCorruptState", n, len(img), err)
		}
		if r.NumThreads() != 0 {
			t.Fatalf("image cut to %d bytes: %d threads left", n, r.NumThreads())
		}
	}
	bad := append([]byte(nil), img...)
	bad[4] = StateVersion + 1
	if err := New(Options{}).Restore(bad); !errors.Is(err, ErrCorruptState) || !strings.Contains(err.Error(), "version") {
		t.Errorf("future version: %v", err)
	}
	if err := New(Options{}).Restore(append(img, 0)); !errors.Is(err, ErrCorruptState) {
		t.Errorf("trailing byte: %v", err)
	}
	r := New(Options{})
	if err := r.Restore(img); err != nil {
		t.Fatalf("intact image: %v", err)
	}
	again, _ := r.MarshalBinary()
	if !bytes.Equal(again, img) {
		t.Errorf("restore then marshal changes the image")
	}
}

// FuzzRestore feeds arbitrary images to Restore: it must never panic, and an image it
// accepts must marshal back to an image that restores to the same bytes.
func FuzzRestore(f *testing.F) {
	img, err := syntheticEngine(f).MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(img)
	f.Add(img[:len(img)/2])
	f.Add([]byte("SCST\x02"))
	f.Fuzz(func(t *testing.T, b []byte) {
		e := New(Options{})
		if err := e.Restore(b); err != nil {
			if !errors.Is(err, ErrCorruptState) {
				t.Fatalf("error %v does not wrap ErrCorruptState", err)
			}
			return
		}
		again, err := e.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		e2 := New(Options{})
		if err := e2.Restore(again); err != nil {
			t.Fatalf("re-marshalled image rejected: %v", err)
		}
		third, _ := e2.MarshalBinary()
		if !bytes.Equal(again, third) {
			t.Fatal("marshal/restore is not stable")
		}
		// Whatever the image held, the engine must go on processing events.
		n := 0
		e.EachThread(func(th *Thread) bool {
			for _, raw := range [][]byte{
				event.Append(nil, 1, th.Tid, evOpenatX, i64(3)),
				event.Append(nil, 2, th.Tid, evReadX, i64(1), []byte("x")),
				event.Append(nil, 3, th.Tid, evCloseX, i64(0)),
				event.Append(nil, 4, th.Tid, evExecveV19X, execveX(0, "x", nil, th.Tid, th.Pid, 1, "x", nil, nil)...),
			} {
				ev := event.Event{Raw: raw}
				e.EndEvent(e.Process(&ev))
			}
			n++
			return n < 4
		})
	})
}
