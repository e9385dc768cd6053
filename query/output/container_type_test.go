package output

import (
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/state"
)

// Expected values as sysdig 0.29.3 printed them for a live recording with processes in
// the cgroups system.slice/docker-<64 hex>.scope and machine.slice/libpod-<64 hex>.scope:
// container.privileged is false for the docker and podman entries the cgroups made, and
// container.type of a podman thread repeats the text the field gave last, "host" included
// (with only container events printed it repeated "docker"; as the first line it was empty).
func TestContainerTypeAndPrivilegedFromCgroups(t *testing.T) {
	docker := "cpu=/system.slice/docker-" + strings.Repeat("a", 64) + ".scope\x00"
	podman := "cpu=/machine.slice/libpod-" + strings.Repeat("e", 64) + ".scope\x00"
	p := func(tid int64, cgroups string) scap.Process {
		return scap.Process{Tid: tid, Pid: tid, Ptid: 1, Sid: -1, Vpgid: -1, Vtid: tid, Vpid: tid,
			Comm: "sh", Exe: "sh", Cwd: "/", FDLimit: 1024, LoginUID: -1, Cgroups: []byte(cgroups)}
	}
	r := &replay{eng: state.New(state.Options{})}
	r.eng.LoadSection(&scap.Section{Processes: []scap.Process{p(1, ""), p(10, docker), p(20, podman)}})
	f, err := Parse("*%container.id %container.type %container.privileged", DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		tid  int64
		want string
	}{
		{20, "eeeeeeeeeeee  false"},
		{10, "aaaaaaaaaaaa docker false"},
		{20, "eeeeeeeeeeee docker false"},
		{1, "host host <NA>"},
		{20, "eeeeeeeeeeee host false"},
	}
	for i, s := range steps {
		r.feed(uint64(i+1), event.Append(nil, uint64(1_000_000_000+i), s.tid, 6, event.I64(9), event.U32(200)))
		got, _ := f.AppendText(nil, r.ctx, r.eng)
		if string(got) != s.want {
			t.Errorf("event %d (tid %d) = %q, want %q", i+1, s.tid, got, s.want)
		}
	}
}

// sysdig 0.29.3 prints "%proc.apid" as "964" but "%proc.apid|" as "964proc.apid|": the
// name a field without [N] leaves as text is dropped only at the very end of the format.
func TestArgumentlessFieldAtFormatEnd(t *testing.T) {
	r := catRead()
	for format, want := range map[string]string{
		"%proc.apid":            "77",
		"a%proc.aname":          "acat",
		"%proc.apid|":           "77proc.apid|",
		"%proc.apidx":           "77proc.apidx",
		"%proc.apid %proc.apid": "77proc.apid 77",
	} {
		if got, ok := line(t, format, DefaultOptions(), r); !ok || got != want {
			t.Errorf("%q = %q, %v; want %q", format, got, ok, want)
		}
	}
}

// sysdig 0.29.3 -j keys such a field "" unless it ends the format: -j -p
// '%proc.apid %evt.num' printed {"":964,"evt.num":1}, -j -p '%proc.apid' {"proc.apid":964}.
func TestArgumentlessFieldJSONKey(t *testing.T) {
	r := catRead()
	o := DefaultOptions()
	o.JSON = true
	for format, want := range map[string]string{
		"%proc.apid":                      `{"proc.apid":77}`,
		"%proc.apid %evt.num":             `{"":77,"evt.num":2}`,
		"%evt.num %proc.aname %proc.apid": `{"":"cat","evt.num":2,"proc.apid":77}`,
		"%proc.aname[0] %proc.aname|":     `{"":"cat","proc.aname[0]":"cat"}`,
	} {
		f, err := Parse(format, o)
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := f.AppendJSON(nil, r.ctx, r.eng); !ok || string(got) != want {
			t.Errorf("-j %q = %s, %v; want %s", format, got, ok, want)
		}
	}
}
