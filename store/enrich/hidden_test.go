package enrich

import (
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
)

// TestHiddenEventsKeepOnlyCategoryAndType: an event sysdig never shows (procinfo, a
// state-only block) keeps evt_category and evt_type and nothing else; the same thread's
// shown events have their process columns.
func TestHiddenEventsKeepOnlyCategoryAndType(t *testing.T) {
	sec := &scap.Section{
		Machine: &scap.MachineInfo{Hostname: "h"},
		Processes: []scap.Process{
			{Tid: 7, Pid: 7, Ptid: 1, Sid: -1, Vpgid: -1, Vtid: -1, Vpid: -1, LoginUID: -1, Comm: "nginx", Exe: "nginx"},
		},
	}
	tr := must(New())
	tr.LoadSection(sec)
	const ts = 1_700_000_000_000_000_000
	read := event.Append(nil, ts, 7, 6, event.I64(3), event.U32(64))
	procinfo := event.Append(nil, ts+10, 7, 234, event.U64(5), event.U64(6))
	cases := []struct {
		name  string
		ev    event.Event
		shown bool
	}{
		{"read enter", event.Event{Num: 1, Raw: read}, true},
		{"procinfo", event.Event{Num: 2, Raw: procinfo}, false},
		{"state-only read enter", event.Event{Num: 3, Raw: read, Flags: event.FlagStateOnly}, false},
		{"read enter again", event.Event{Num: 4, Raw: read}, true},
	}
	var en parquet.Enriched
	for _, c := range cases {
		en.Reset()
		tr.Track(&c.ev, &en)
		if parquet.Shown(&c.ev) != c.shown {
			t.Errorf("%s: Shown = %v, want %v", c.name, !c.shown, c.shown)
		}
		if !en.IsSet(parquet.ColEvtCategory) || !en.IsSet(parquet.ColEvtType) {
			t.Errorf("%s: evt_category or evt_type unset", c.name)
		}
		name, ok := en.String(parquet.ColProcName)
		switch {
		case c.shown && (!ok || string(name) != "nginx"):
			t.Errorf("%s: proc_name = %q, %v; want nginx", c.name, name, ok)
		case !c.shown && ok:
			t.Errorf("%s: proc_name = %q on a hidden event; want null", c.name, name)
		}
		for col := range parquet.NumColumns {
			if !c.shown && col != parquet.ColEvtCategory && col != parquet.ColEvtType && en.IsSet(col) {
				t.Errorf("%s: column %s set on a hidden event", c.name, parquet.Columns[col].Name)
			}
		}
	}
}
