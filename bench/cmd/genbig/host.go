package main

import (
	"container/heap"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/scrylabs/scry/formats/scap"
)

// hostOptions shape the generated host's timeline.
type hostOptions struct {
	n        int           // events to write
	span     time.Duration // time the n events are spread over (about)
	start    time.Time     // when the timeline starts
	seed     uint64
	hostname string
}

// hostSummary is what generateHost wrote.
type hostSummary struct {
	events     int
	first      uint64
	last       uint64
	sessions   map[string]int
	processes  int // threads started by sessions (clone events written)
	imageProcs int
}

const hourNs = uint64(time.Hour)

// generateHost writes a host's timeline: sessions of the templates start at random times
// whose rate follows each template's profile (hour of day), run their events spread over
// time, and are interleaved in time order. Every session's processes get pids of their
// own (daemons keep theirs from session to session), start with clone events and end
// with procexit events.
func generateHost(w *scap.Writer, templates []*template, o hostOptions) (*hostSummary, error) {
	if len(templates) == 0 {
		return nil, errors.New("no templates")
	}
	rng := rand.New(rand.NewPCG(o.seed, o.seed^0x9e3779b97f4a7c15))
	h := &hostState{pids: newPidAllocator(1000), images: map[*template]map[int64]int64{}, daemons: map[*template]*daemonState{}}
	sec := h.section(templates, o.hostname)
	if err := w.WriteSection(sec); err != nil {
		return nil, err
	}
	base := uint64(o.start.UnixNano())
	spanNs := uint64(o.span)
	k, err := calibrate(templates, o.n, spanNs)
	if err != nil {
		return nil, err
	}
	sum := &hostSummary{sessions: map[string]int{}, imageProcs: len(sec.Processes)}
	p := &planner{rng: rng, base: base, k: k, templates: templates, busy: map[*template]uint64{}}
	for _, t := range templates {
		for range t.prof.fixed {
			p.add(t, base+uint64(rng.Float64()*float64(spanNs)))
		}
	}
	var active sessionHeap
	for sum.events < o.n {
		next := uint64(math.MaxUint64)
		if len(active) > 0 {
			next = active[0].ts
		}
		if len(p.pending) > 0 {
			next = min(next, p.pending[0].start)
		}
		if p.hoursPlanned*hourNs+base <= next {
			if p.hoursPlanned > 24*365*10 {
				return nil, errors.New("no session in ten years: every profile is idle")
			}
			p.planHour()
			continue
		}
		if len(p.pending) > 0 && p.pending[0].start == next {
			ps := heap.Pop(&p.pending).(pendingSession)
			s := h.newSession(ps.t, ps.start, ps.stretch)
			sum.sessions[ps.t.name]++
			sum.processes += len(s.queue)
			if ts, ok := s.peek(); ok {
				heap.Push(&active, &activeSession{s: s, ts: ts, id: ps.id})
			}
			continue
		}
		a := active[0]
		ev, ok := a.s.pop(h)
		if !ok {
			heap.Pop(&active)
			continue
		}
		if err := w.WriteEvent(ev); err != nil {
			return nil, err
		}
		if sum.events == 0 {
			sum.first = ev.Ts()
		}
		sum.last = ev.Ts()
		sum.events++
		if ts, ok := a.s.peek(); ok {
			a.ts = ts
			heap.Fix(&active, 0)
		} else {
			heap.Pop(&active)
		}
	}
	return sum, nil
}

// calibrate returns the factor of the profiles' weights that spreads n events over span.
func calibrate(templates []*template, n int, span uint64) (float64, error) {
	days := float64(span) / float64(24*hourNs)
	perDay, fixed := 0.0, 0.0
	for _, t := range templates {
		size := float64(len(t.events) + 2*len(t.spawn))
		if t.prof.fixed > 0 {
			fixed += float64(t.prof.fixed) * size
			continue
		}
		for _, a := range t.prof.hours {
			perDay += t.prof.weight * a * size
		}
	}
	if perDay == 0 {
		return 0, errors.New("no template runs regularly (every profile is fixed or idle)")
	}
	return max(float64(n)-fixed, float64(n)/10) / (days * perDay), nil
}

// planner draws the sessions' start times hour by hour.
type planner struct {
	rng          *rand.Rand
	base         uint64
	k            float64
	templates    []*template
	pending      pendingHeap
	hoursPlanned uint64
	busy         map[*template]uint64 // daemons: when the last planned session ends
	ids          int
}

// planHour draws the sessions that start in the next hour: a Poisson number for each
// template with the rate of its profile at that hour of day. A daemon's sessions do not
// overlap (its processes do one thing at a time): one that would start early waits.
func (p *planner) planHour() {
	hstart := p.base + p.hoursPlanned*hourNs
	hod := int(hstart / hourNs % 24)
	for _, t := range p.templates {
		if t.prof.fixed > 0 {
			continue
		}
		n := poisson(p.rng, p.k*t.prof.weight*t.prof.hours[hod])
		starts := make([]uint64, n)
		for i := range starts {
			starts[i] = hstart + uint64(p.rng.Float64()*float64(hourNs))
		}
		slices.Sort(starts)
		for _, s := range starts {
			p.add(t, s)
		}
	}
	p.hoursPlanned++
}

// add plans one session of t from start.
func (p *planner) add(t *template, start uint64) {
	lo, hi := t.prof.stretch[0], t.prof.stretch[1]
	if lo <= 0 {
		lo = 1
	}
	stretch := lo
	if hi > lo {
		stretch = math.Exp(math.Log(lo) + p.rng.Float64()*(math.Log(hi)-math.Log(lo)))
	}
	if t.prof.daemon {
		if b := p.busy[t]; start <= b {
			start = b + 1 + uint64(p.rng.Float64()*float64(time.Second))
		}
		p.busy[t] = start + uint64(float64(t.span)*stretch) + 1
	}
	p.ids++
	heap.Push(&p.pending, pendingSession{t: t, start: start, stretch: stretch, id: p.ids})
}

// poisson draws a Poisson variate of mean m (Knuth's method for small means, a rounded
// normal approximation for large ones).
func poisson(rng *rand.Rand, m float64) int {
	if m <= 0 {
		return 0
	}
	if m > 30 {
		return max(0, int(math.Round(m+math.Sqrt(m)*rng.NormFloat64())))
	}
	l, k, prod := math.Exp(-m), 0, rng.Float64()
	for prod > l {
		k++
		prod *= rng.Float64()
	}
	return k
}

type pendingSession struct {
	t       *template
	start   uint64
	stretch float64
	id      int
}

type pendingHeap []pendingSession

func (h pendingHeap) Len() int { return len(h) }
func (h pendingHeap) Less(i, j int) bool {
	return h[i].start < h[j].start || h[i].start == h[j].start && h[i].id < h[j].id
}
func (h pendingHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *pendingHeap) Push(x any)   { *h = append(*h, x.(pendingSession)) }
func (h *pendingHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

type activeSession struct {
	s  *session
	ts uint64
	id int
}

type sessionHeap []*activeSession

func (h sessionHeap) Len() int { return len(h) }
func (h sessionHeap) Less(i, j int) bool {
	return h[i].ts < h[j].ts || h[i].ts == h[j].ts && h[i].id < h[j].id
}
func (h sessionHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *sessionHeap) Push(x any)   { *h = append(*h, x.(*activeSession)) }
func (h *sessionHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// section builds the generated capture's metadata: the machine, the users and
// interfaces of every template, an init process and, for every main thread a template's
// events use, an idle copy of it with its fds, from which sessions fork their processes.
func (h *hostState) section(templates []*template, hostname string) *scap.Section {
	sec := &scap.Section{Machine: &scap.MachineInfo{NumCPUs: 1, MemoryBytes: 16 << 30}, HasUsers: true, HasInterfaces: true}
	for _, t := range templates {
		if t.machine != nil {
			sec.Machine.NumCPUs = max(sec.Machine.NumCPUs, t.machine.NumCPUs)
		}
		for i := range t.events {
			sec.Machine.NumCPUs = max(sec.Machine.NumCPUs, uint32(t.events[i].CPU)+1)
		}
	}
	sec.Machine.Hostname = hostname
	uids, gids, ifs := map[uint32]bool{}, map[uint32]bool{}, map[string]bool{}
	for _, t := range templates {
		for _, u := range t.users {
			if !uids[u.UID] {
				uids[u.UID] = true
				sec.Users = append(sec.Users, u)
			}
		}
		for _, g := range t.groups {
			if !gids[g.GID] {
				gids[g.GID] = true
				sec.Groups = append(sec.Groups, g)
			}
		}
		for _, i := range t.ifaces {
			key := fmt.Sprintf("%s/%x", i.Name, i.Addr)
			if !ifs[key] {
				ifs[key] = true
				sec.Interfaces = append(sec.Interfaces, i)
			}
		}
	}
	sec.Processes = append(sec.Processes, scap.Process{Tid: 1, Pid: 1, Ptid: 0, Sid: 1, Vpgid: 1, Vtid: 1, Vpid: 1,
		Comm: "systemd", Exe: "/sbin/init", ExePath: "/usr/lib/systemd/systemd", Cwd: "/", FDLimit: 1 << 20, LoginUID: -1})
	h.pids.live[1] = true
	for _, t := range templates {
		m := map[int64]int64{}
		h.images[t] = m
		for _, tid := range t.images {
			img := h.pids.next()
			m[tid] = img
			p := *t.procs[tid]
			if p.Vtid == p.Tid || p.Vtid <= 0 {
				p.Vtid = img
			}
			if p.Vpid == p.Pid || p.Vpid <= 0 {
				p.Vpid = img
			}
			p.Tid, p.Pid, p.Ptid = img, img, 1
			sec.Processes = append(sec.Processes, p)
			if l := t.fds[tid]; l != nil {
				sec.FDLists = append(sec.FDLists, scap.FDList{Tid: img, FDs: l.FDs})
			}
		}
	}
	return sec
}
