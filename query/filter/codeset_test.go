package filter_test

import (
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/state"
)

// TestRejectsGenericIsSound checks, for filters mixing evt.type with other checks,
// negations, ors and ands, that every syscall code RejectsGeneric names makes a generic
// enter and exit of every thread of the test world fail the filter, and that the codes
// it names are the ones the type checks decide.
func TestRejectsGenericIsSound(t *testing.T) {
	w := newWorld(t)
	mlock, getpid, execve := syscallCode(t, "mlock"), syscallCode(t, "getpid"), syscallCode(t, "execve")
	open := syscallCode(t, "open")
	filters := []struct {
		text   string
		reject func(code uint16) bool // what RejectsGeneric must say, nil: only soundness
	}{
		{"evt.type=execve and evt.dir=<", func(c uint16) bool { return c != execve }},
		{"evt.type=mlock", func(c uint16) bool { return c != mlock }},
		{"evt.type!=mlock", func(c uint16) bool { return c == mlock }},
		{"not evt.type=mlock and proc.name=cat", func(c uint16) bool { return c == mlock }},
		{"evt.type in (mlock, getpid) or proc.name=bash", func(uint16) bool { return false }},
		{"evt.type in (mlock, getpid) and (proc.name=cat or evt.dir=>)", func(c uint16) bool { return c != mlock && c != getpid }},
		{"(evt.type=mlock or evt.type=getpid) and not evt.type=getpid", func(c uint16) bool { return c != mlock }},
		{"evt.type contains lock", nil},
		{"evt.type=syscall", nil},
		{"proc.name=cat", func(uint16) bool { return false }},
		{"not (evt.type=open or evt.type=mlock)", func(c uint16) bool { return c == mlock || c == open }},
	}
	rejected := 0
	for _, c := range filters {
		f, err := filter.Compile(c.text, nil)
		if err != nil {
			t.Fatalf("%q: %v", c.text, err)
		}
		for code := range uint16(len(schema.SyscallCodes)) {
			rej := f.RejectsGeneric(code)
			if c.reject != nil && rej != c.reject(code) {
				t.Fatalf("%q: RejectsGeneric(%s) = %v", c.text, schema.SyscallCodes[code].Name, rej)
			}
			if !rej {
				continue
			}
			rejected++
			for _, th := range w.threads {
				for _, ppme := range []string{"PPME_GENERIC_E", "PPME_GENERIC_X"} {
					ev := &event.Event{Raw: event.Append(nil, 1, th.Tid, typeID(t, ppme), event.U16(code), event.U16(7)), Num: 1}
					if f.Match(&state.EventContext{Ev: ev, Thread: th}, w) {
						t.Fatalf("%q: a %s of %s with code %s matches, yet RejectsGeneric says no",
							c.text, ppme, th.Comm, schema.SyscallCodes[code].Name)
					}
				}
			}
		}
	}
	if rejected == 0 {
		t.Fatal("no code rejected by any filter: the soundness check checked nothing")
	}
	if f, _ := filter.Compile("evt.type=mlock", nil); f.RejectsGeneric(uint16(len(schema.SyscallCodes))) {
		t.Error("a code beyond the syscall table is rejected; its name is <unknown syscall>, which the filter cannot know")
	}
}
