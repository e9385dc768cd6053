package fields

import (
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

// A clone child's exit that precedes its parent's (a vfork child) resolves no thread of
// its own: the latency fields then show 0 and evt.latency.human repeats its previous
// text, while proc.name finds the new child in the table. Observed with sysdig 0.29.3 on
// a live recording: "vfork < 8456 sh 0 2.21us" after an mmap exit of 2.21us.
func TestInvertedCloneLatency(t *testing.T) {
	r := newReplay()
	r.eng.LoadSection(&scap.Section{Processes: []scap.Process{{Tid: tid, Pid: tid, Ptid: 1, Sid: -1,
		Vpgid: -1, Vtid: tid, Vpid: tid, Comm: "sh", Exe: "sh", Cwd: "/", FDLimit: 1024, LoginUID: -1}}})
	human, _, err := Lookup("evt.latency.human")
	if err != nil {
		t.Fatal(err)
	}
	humanText := func() string {
		var v Value
		human.Extract(r.ctx, r.eng, &v)
		return string(AppendText(nil, human, &v))
	}
	r.feed(event.Append(nil, 1000, tid, 6, event.I64(3), event.U32(10)))
	r.feed(event.Append(nil, 3210, tid, 7, event.I64(0), []byte{}))
	if got := humanText(); got != "2.21us" {
		t.Fatalf("read exit latency = %q, want 2.21us", got)
	}
	const child = tid + 1
	nul := func(s string) []byte { return append([]byte(s), 0) }
	r.feed(event.Append(nil, 4000, child, 223, event.I64(0), nul("sh"), nul("sh"), event.I64(child),
		event.I64(child), event.I64(tid), nul(""), event.I64(1024), event.U64(0), event.U64(0),
		event.U32(0), event.U32(0), event.U32(0), nul("sh"), []byte{}, event.U32(0x4000|0x100),
		event.U32(0), event.U32(0), event.I64(child), event.I64(child)))
	if got := text(t, r, "proc.name"); got != "sh" {
		t.Errorf("inverted child: proc.name = %q, want sh", got)
	}
	if got := text(t, r, "evt.latency"); got != "0" {
		t.Errorf("inverted child: evt.latency = %q, want 0", got)
	}
	if got := humanText(); got != "2.21us" {
		t.Errorf("inverted child: evt.latency.human = %q, want the previous 2.21us", got)
	}
}
