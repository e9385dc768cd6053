package chisel

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/state"
)

// fakeSource delivers prepared events over a small fixed state.
type fakeSource struct {
	ctxs    []state.EventContext
	i       int
	threads []*state.Thread
	fds     map[int64][]fakeFD
	users   map[uint32]*state.User
}

type fakeFD struct {
	n int64
	e *state.FD
}

func (s *fakeSource) Next() (*state.EventContext, error) {
	if s.i >= len(s.ctxs) {
		return nil, io.EOF
	}
	s.i++
	return &s.ctxs[s.i-1], nil
}

func (s *fakeSource) View() state.View { return fakeView{s} }

func (s *fakeSource) Threads(f func(t *state.Thread) bool) {
	for _, t := range s.threads {
		if !f(t) {
			return
		}
	}
}

func (s *fakeSource) FDs(t *state.Thread, f func(fd int64, e *state.FD) bool) {
	for _, x := range s.fds[t.Tid] {
		if !f(x.n, x.e) {
			return
		}
	}
}

func (s *fakeSource) Containers(f func(c *state.Container) bool) {
	f(&state.Container{ID: "0123456789ab", Name: "web", Image: "nginx:1", Type: state.ContainerDocker})
}

func (s *fakeSource) Machine() *Machine {
	return &Machine{NumCPUs: 4, MemoryBytes: 8 << 30, Hostname: "testhost"}
}

func (s *fakeSource) Live() bool { return false }

// fakeView answers the state lookups the runner makes.
type fakeView struct{ s *fakeSource }

func (v fakeView) Thread(tid int64) *state.Thread {
	for _, t := range v.s.threads {
		if t.Tid == tid {
			return t
		}
	}
	return nil
}
func (v fakeView) MainThread(t *state.Thread) *state.Thread              { return v.Thread(t.Pid) }
func (v fakeView) MainThreadOrPlaceholder(t *state.Thread) *state.Thread { return v.MainThread(t) }
func (v fakeView) Parent(t *state.Thread) *state.Thread                  { return v.Thread(t.Ptid) }
func (v fakeView) FDTable(*state.Thread) *state.FDTable                  { return nil }
func (v fakeView) Cwd(*state.Thread) string                              { return "/" }
func (v fakeView) User(uid uint32) *state.User                           { return v.s.users[uid] }
func (v fakeView) Group(uint32) *state.Group                             { return nil }
func (v fakeView) Container(string) *state.Container                     { return nil }
func (v fakeView) Interfaces() []state.Interface                         { return nil }
func (v fakeView) FirstEventTS() uint64                                  { return 0 }

// Event types the fakes build.
const (
	openE  = 2
	openX  = 3
	readE  = 6
	writeX = 9
)

// fakeEvent builds one event context: a read, write or open exit of thread t at ts.
func fakeEvent(num uint64, ts uint64, typ uint16, t *state.Thread, fd *state.FD, res int64) state.EventContext {
	var raw []byte
	tid := int64(-1)
	if t != nil {
		tid = t.Tid
	}
	switch typ {
	case readX, writeX:
		raw = event.Append(nil, ts, tid, typ, event.I64(res), []byte("data"))
	case openX:
		raw = event.Append(nil, ts, tid, typ, event.I64(res), event.CStr("/etc/passwd"), event.U32(1), event.U32(0))
	default:
		raw = event.Append(nil, ts, tid, typ)
	}
	ev := &event.Event{Raw: raw, Num: num, CPU: uint16(num % 4)}
	return state.EventContext{Ev: ev, Thread: t, FD: fd}
}

// fakeField is a field computed by a Go function.
type fakeField func(ctx *state.EventContext, v *fields.Value) bool

func (f fakeField) Extract(ctx *state.EventContext, _ state.View, v *fields.Value) bool {
	return f(ctx, v)
}

// fakeFields are the fields the fake toolkit knows.
var fakeFields = map[string]fakeField{
	"evt.num": func(ctx *state.EventContext, v *fields.Value) bool {
		v.Kind, v.Uint = fields.KindUint, ctx.Ev.Num
		return true
	},
	"evt.type": func(ctx *state.EventContext, v *fields.Value) bool {
		v.Kind, v.Bytes = fields.KindString, []byte(ctx.Ev.Info().Name)
		return true
	},
	"evt.rawarg.res": func(ctx *state.EventContext, v *fields.Value) bool {
		if ctx.Ev.IsEnter() {
			return false
		}
		r, ok := ctx.Ev.Int64(0)
		v.Kind, v.Int = fields.KindInt, r
		return ok
	},
	"evt.is_io_read": func(ctx *state.EventContext, v *fields.Value) bool {
		v.Kind, v.Bool = fields.KindBool, ctx.Ev.Type() == readX
		return true
	},
	"proc.name": func(ctx *state.EventContext, v *fields.Value) bool {
		if ctx.Thread == nil {
			return false
		}
		v.Kind, v.Bytes = fields.KindString, []byte(ctx.Thread.Comm)
		return true
	},
	"fd.name": func(ctx *state.EventContext, v *fields.Value) bool {
		if ctx.FD == nil {
			return false
		}
		v.Kind, v.Bytes = fields.KindString, []byte(ctx.FD.Name)
		return true
	},
	"fd.sip": func(ctx *state.EventContext, v *fields.Value) bool {
		if ctx.FD == nil {
			return false
		}
		v.Kind, v.Bytes = fields.KindIP, ctx.FD.SIP[:4]
		return true
	},
}

// fakeMatcher matches "evt.type=NAME", "fd.type=file" and "proc.name=NAME" (joined by
// " and "); it fails to compile anything else.
type fakeMatcher struct {
	preds []func(ctx *state.EventContext) bool
}

func (m *fakeMatcher) Match(ctx *state.EventContext, _ state.View) bool {
	for _, p := range m.preds {
		if !p(ctx) {
			return false
		}
	}
	return true
}

func compileFake(expr string) (Matcher, error) {
	m := &fakeMatcher{}
	for _, term := range strings.Split(expr, " and ") {
		k, v, ok := strings.Cut(strings.TrimSpace(term), "=")
		if !ok {
			return nil, fmt.Errorf("fake filter: cannot parse %q", term)
		}
		switch k {
		case "evt.type":
			m.preds = append(m.preds, func(ctx *state.EventContext) bool { return ctx.Ev.Info().Name == v })
		case "proc.name":
			m.preds = append(m.preds, func(ctx *state.EventContext) bool { return ctx.Thread != nil && ctx.Thread.Comm == v })
		case "fd.type":
			m.preds = append(m.preds, func(ctx *state.EventContext) bool {
				return ctx.FD != nil && fdTypeNames[ctx.FD.Type] == v
			})
		default:
			return nil, fmt.Errorf("fake filter: unknown field %s", k)
		}
	}
	return m, nil
}

// fakeFormat renders "%evt.num" and "%evt.type" tokens separated by spaces.
type fakeFormat []string

func (f fakeFormat) AppendText(dst []byte, ctx *state.EventContext, _ state.View) ([]byte, bool) {
	for i, tok := range f {
		if i > 0 {
			dst = append(dst, ' ')
		}
		switch tok {
		case "%evt.num":
			dst = strconv.AppendUint(dst, ctx.Ev.Num, 10)
		case "%evt.type":
			dst = append(dst, ctx.Ev.Info().Name...)
		}
	}
	return dst, true
}

func fakeToolkit() Toolkit {
	return Toolkit{
		Field: func(name string) (*fields.Field, error) {
			fn, ok := fakeFields[name]
			if !ok {
				return nil, fmt.Errorf("fake toolkit: unknown field %s", name)
			}
			var info *schema.Field
			for i := range schema.Fields {
				if schema.Fields[i].Name == name {
					info = &schema.Fields[i]
				}
			}
			return &fields.Field{Name: name, Info: info, Extractor: fn}, nil
		},
		Text: func(dst []byte, _ *fields.Field, v *fields.Value) []byte {
			if v.Kind == fields.KindIP && len(v.Bytes) == 4 {
				return fmt.Appendf(dst, "%d.%d.%d.%d", v.Bytes[0], v.Bytes[1], v.Bytes[2], v.Bytes[3])
			}
			return append(dst, v.Bytes...)
		},
		Filter: compileFake,
		Format: func(format string) (Formatter, error) { return fakeFormat(strings.Fields(format)), nil },
	}
}

// testWorld is a small machine: two processes, files and a socket, and ten events
// over three seconds.
func testWorld() *fakeSource {
	bash := &state.Thread{Tid: 100, Pid: 100, Ptid: 1, Comm: "bash", Exe: "/bin/bash", UID: 1000,
		Args: []string{"-l"}, FDLimit: 1024, VMSizeKB: 2048, VMRSSKB: 512}
	cat := &state.Thread{Tid: 200, Pid: 200, Ptid: 100, Comm: "cat", Exe: "cat", UID: 0, FDLimit: 1024}
	passwd := &state.FD{Type: state.FDFile, Name: "/etc/passwd"}
	logf := &state.FD{Type: state.FDFile, Name: "/var/log/x\n"}
	sock := &state.FD{Type: state.FDIPv4Sock, L4Proto: state.L4TCP, Flags: state.FDRoleClient, Name: "10.0.0.1:5555->10.0.0.2:80",
		SIP: [16]byte{10, 0, 0, 1}, DIP: [16]byte{10, 0, 0, 2}, SPort: 5555, DPort: 80}
	s := &fakeSource{
		threads: []*state.Thread{cat, bash},
		fds: map[int64][]fakeFD{
			100: {{3, sock}, {0, logf}, {1, logf}},
			200: {{3, passwd}},
		},
		users: map[uint32]*state.User{0: {Name: "root"}, 1000: {Name: "alice"}},
	}
	sec := uint64(1_700_000_000_000_000_000)
	s.ctxs = []state.EventContext{
		fakeEvent(1, sec+100, openE, cat, nil, 0),
		fakeEvent(2, sec+200, openX, cat, passwd, 3),
		fakeEvent(3, sec+300, readX, cat, passwd, 100),
		fakeEvent(4, sec+1e9+5, readX, cat, passwd, 50),
		fakeEvent(5, sec+1e9+6, writeX, bash, logf, 7),
		fakeEvent(6, sec+1e9+7, readX, bash, sock, 1000),
		fakeEvent(7, sec+3e9+1, writeX, bash, logf, 3),
		fakeEvent(8, sec+3e9+2, readX, cat, passwd, 0),
		fakeEvent(9, sec+3e9+3, readE, cat, passwd, 0),
		fakeEvent(10, sec+3e9+9, writeX, cat, nil, -1),
	}
	return s
}

// chiselDir writes the chisels of files (name -> source) into a new directory.
func chiselDir(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name+".lua"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runChisel runs chisel name with args over src with the fake toolkit and returns its
// output and error.
func runChisel(t *testing.T, dir, name string, args []string, src Source, mod func(*Options)) (string, error) {
	t.Helper()
	var out bytes.Buffer
	opts := Options{Dirs: []string{dir}, Out: &out, Toolkit: fakeToolkit()}
	if mod != nil {
		mod(&opts)
	}
	r, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Load(name, args); err != nil {
		r.Close()
		return out.String(), err
	}
	err = r.Run(src)
	r.Close()
	return out.String(), err
}
