package filter_test

import (
	"testing"

	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/state"
)

// fastResolver has allocation-free extractors, as real ones are: text is copied into
// the extractor's own buffer.
type fastResolver struct{}

type commExtractor struct{ buf []byte }

func (e *commExtractor) Extract(ctx *state.EventContext, _ state.View, v *fields.Value) bool {
	if ctx.Thread == nil {
		return false
	}
	e.buf = append(e.buf[:0], ctx.Thread.Comm...)
	*v = fields.Value{Kind: fields.KindString, Bytes: e.buf}
	return true
}

type fdNameExtractor struct{ buf []byte }

func (e *fdNameExtractor) Extract(ctx *state.EventContext, _ state.View, v *fields.Value) bool {
	if ctx.FD == nil {
		return false
	}
	e.buf = append(e.buf[:0], ctx.FD.Name...)
	*v = fields.Value{Kind: fields.KindString, Bytes: e.buf}
	return true
}

type resExtractor struct{}

func (resExtractor) Extract(ctx *state.EventContext, _ state.View, v *fields.Value) bool {
	r, ok := resOf(ctx)
	*v = fields.Value{Kind: fields.KindInt, Int: r}
	return ok
}

type portsExtractor struct{ v fields.Value }

func (e *portsExtractor) Extract(*state.EventContext, state.View, *fields.Value) bool { return false }
func (e *portsExtractor) StrictInequality() bool                                      { return true }
func (e *portsExtractor) ExtractAll(ctx *state.EventContext, _ state.View, yield func(*fields.Value) bool) {
	fd := ctx.FD
	if fd == nil || fd.Type != state.FDIPv4Sock {
		return
	}
	e.v = fields.Value{Kind: fields.KindUint, Uint: uint64(fd.SPort)}
	if !yield(&e.v) {
		return
	}
	e.v = fields.Value{Kind: fields.KindUint, Uint: uint64(fd.DPort)}
	yield(&e.v)
}

func (fastResolver) Lookup(expr string) (*fields.Field, int, error) {
	f, n, err := filter.SchemaResolver{}.Lookup(expr)
	if err != nil {
		return nil, 0, err
	}
	switch f.Info.Name {
	case "proc.name":
		f.Extractor = &commExtractor{}
	case "fd.name":
		f.Extractor = &fdNameExtractor{}
	case "evt.rawres":
		f.Extractor = resExtractor{}
	case "fd.port":
		f.Extractor = &portsExtractor{}
	default:
		f.Extractor = testExtractor(f) // evt.type's slow path: generic events only
	}
	return f, n, nil
}

var allocFilters = []string{
	"proc.name = bash",
	"proc.name in (sshd, bash, zsh) and not fd.name startswith /etc",
	"evt.type in (open, openat) and evt.dir = < and fd.name pmatch (/etc, /var/run)",
	"fd.name glob '/etc/*' or fd.name icontains report or fd.name regex '.*passwd'",
	"evt.rawres < 0 or fd.port != 53",
	"tolower(proc.name) = cat and len(fd.name) > 3",
	"proc.name = val(fd.name)",
}

// Evaluating a compiled filter allocates nothing.
func TestMatchDoesNotAllocate(t *testing.T) {
	w := newWorld(t)
	for _, text := range allocFilters {
		f, err := filter.Compile(text, &filter.Options{Resolver: fastResolver{}})
		if err != nil {
			t.Fatal(err)
		}
		for i, ctx := range w.events {
			if ctx.Ev.Type() <= 1 {
				continue // the generic event's evt.type goes through the test extractor
			}
			f.Match(ctx, w) // warm the extractors' buffers
			if n := testing.AllocsPerRun(100, func() { f.Match(ctx, w) }); n != 0 {
				t.Errorf("%s on event %d: %v allocations per Match", text, i, n)
			}
		}
	}
}

func benchFilter(b *testing.B, text string) {
	w := newWorld(b)
	f, err := filter.Compile(text, &filter.Options{Resolver: fastResolver{}})
	if err != nil {
		b.Fatal(err)
	}
	ctxs := w.events[:6]
	ctxs = append(ctxs[:0:0], w.events[0], w.events[3], w.events[4], w.events[5], w.events[7], w.events[9])
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, ctx := range ctxs {
			if f.Match(ctx, w) {
				n++
			}
		}
	}
	b.ReportMetric(float64(b.N*len(ctxs))/b.Elapsed().Seconds(), "events/s")
	if n == 0 && text != "evt.type = nanosleep" {
		b.Fatal("nothing matched")
	}
}

func BenchmarkMatchSimple(b *testing.B)   { benchFilter(b, "proc.name = bash") }
func BenchmarkMatchEvtType(b *testing.B)  { benchFilter(b, "evt.type = nanosleep") }
func BenchmarkMatchInList(b *testing.B)   { benchFilter(b, "proc.name in (sshd, bash, zsh, cat, dig)") }
func BenchmarkMatchCompound(b *testing.B) { benchFilter(b, allocFilters[2]) }
func BenchmarkMatchGlob(b *testing.B) {
	benchFilter(b, "fd.name glob '/etc/*' or fd.name icontains report")
}

// The same with the field registry's extractors (the default resolver).
func benchRegistry(b *testing.B, text string) {
	w := newWorld(b)
	f, err := filter.Compile(text, nil)
	if err != nil {
		b.Fatal(err)
	}
	ctxs := []*state.EventContext{w.events[0], w.events[3], w.events[4], w.events[5], w.events[7], w.events[9]}
	b.ReportAllocs()
	for b.Loop() {
		for _, ctx := range ctxs {
			f.Match(ctx, w)
		}
	}
	b.ReportMetric(float64(b.N*len(ctxs))/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkRegistrySimple(b *testing.B)   { benchRegistry(b, "proc.name = bash") }
func BenchmarkRegistryCompound(b *testing.B) { benchRegistry(b, allocFilters[1]) }
func BenchmarkRegistryMultiValued(b *testing.B) {
	benchRegistry(b, "fd.ip = 93.184.216.34 or fd.port = 53 or proc.aname in (sshd, nginx)")
}

// With the registry's extractors too, multi-valued socket and ancestor fields included.
func TestRegistryMatchDoesNotAllocate(t *testing.T) {
	w := newWorld(t)
	for _, text := range []string{allocFilters[0], allocFilters[1], allocFilters[2], allocFilters[3],
		"evt.rawres < 0 or fd.sport != 53", allocFilters[5],
		"fd.ip = 93.184.216.34 or fd.ip != 127.0.0.1",
		"fd.port in (53, 80) or fd.port > 40000",
		"fd.net = 10.0.0.0/8 or fd.net != 127.0.0.0/8",
		"proc.aname = bash or proc.aname in (sshd, nginx)",
		"proc.aname != systemd and proc.apid = 100",
		"proc.aexe endswith sh or proc.aexepath contains /usr"} {
		f, err := filter.Compile(text, nil)
		if err != nil {
			t.Fatal(err)
		}
		matched := 0
		for i, ctx := range w.events {
			if f.Match(ctx, w) {
				matched++
			}
			if n := testing.AllocsPerRun(50, func() { f.Match(ctx, w) }); n != 0 {
				t.Errorf("%s on event %d: %v allocations per Match with the registry's extractors", text, i, n)
			}
		}
		if matched == 0 || matched == len(w.events) {
			t.Errorf("%s matches %d of %d events: the check tests nothing", text, matched, len(w.events))
		}
	}
}
