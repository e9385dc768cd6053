package filter_test

import (
	"errors"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/state"
)

var fdNameFilters = []string{
	"fd.name = /etc/passwd", "fd.name contains htdocs", "fd.name startswith /var",
	"fd.name exists", "fd.name glob *bad", "fd.name != /tmp/ok", "fd.name in (/tmp/ok, /etc/passwd)",
	"fd.name icontains LOG", "fd.name pmatch (/etc, /srv)", "fd.name endswith name_with.del",
	"fd.name contains .", "evt.type in (open, openat) and fd.name startswith /etc",
	"fd.name = /srv/htdocs/bad", "fd.name endswith withdel", "fd.name = /srv/",
}

// Checks on fd.name that read the entry's name in place decide as the extractor does:
// printable names, names with bytes fd.name drops (before and after the first eight
// bytes), fds missing from the table, enter events, a failed connect (whose name comes
// from its parameters), a new fd from an open.
func TestFDNameMatchesTheExtractor(t *testing.T) {
	tw := compileTwins(t, fdNameFilters)
	eng := state.New(state.Options{})
	file := func(fd int64, name string) scap.FD { return scap.FD{Fd: fd, Type: 1, Name: name} }
	eng.LoadSection(&scap.Section{
		Processes: []scap.Process{{Tid: 10, Pid: 10, Ptid: 1, Comm: "httpd", Vtid: -1, Vpid: -1}},
		FDLists: []scap.FDList{{Tid: 10, FDs: []scap.FD{file(3, "/etc/passwd"), file(4, "/srv/htdocs/\x01bad"),
			file(5, "/var/log/verylongname_with\x7fdel"), file(6, "/tmp/ok"), file(8, "\x7f"), file(9, "/srv/é")}}},
	})
	num := uint64(0)
	run := func(typ uint16, params ...[]byte) int {
		num++
		ev := event.Event{Raw: event.Append(nil, 1000+num, 10, typ, params...), Num: num}
		return tw.sameMatches(t, eng, &ev, "synthetic")
	}
	matched := 0
	for fd := int64(2); fd <= 9; fd++ {
		matched += run(6, event.I64(fd), event.U32(10)) // read enter
		matched += run(7, event.I64(5), []byte("hello"))
	}
	// A failed connect on fd 3, and one that succeeds.
	for _, res := range []int64{-111, 0} {
		matched += run(22, event.I64(3), []byte{2, 10, 0, 0, 1, 0, 80})
		matched += run(23, event.I64(res), []byte{2, 10, 0, 0, 5, 0, 80, 10, 0, 0, 1, 0, 80})
	}
	// An open that creates fd 7.
	matched += run(2, event.CStr("/etc/hosts"), event.U32(1), event.U32(0))
	matched += run(3, event.I64(7), event.CStr("/etc/hosts"), event.U32(1), event.U32(0))
	matched += run(6, event.I64(7), event.U32(10))
	if matched == 0 {
		t.Fatal("no filter matched any event: the test compares nothing")
	}
}

// The same on every event of the corpus captures.
func TestFDNameMatchesTheExtractorOnCorpus(t *testing.T) {
	tw := compileTwins(t, fdNameFilters)
	for _, cf := range corpusFiles(t, sharedDir(t)) {
		r, err := scap.Open(cf.raw)
		if err != nil {
			t.Fatal(err)
		}
		eng := state.New(state.Options{})
		var section *scap.Section
		var ev event.Event
		for {
			if err := r.Next(&ev); err != nil {
				if !errors.Is(err, io.EOF) {
					t.Fatalf("%s: %v", cf.name, err)
				}
				break
			}
			if s := r.Section(); s != section {
				section = s
				eng.LoadSection(s)
			}
			tw.sameMatches(t, eng, &ev, cf.name)
		}
		r.Close()
	}
}

// printableText, eight bytes at a time, agrees with a byte-by-byte check.
func TestPrintableText(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	edges := []byte{0, 0x1f, 0x20, 0x21, 'a', 0x7e, 0x7f, 0x80, 0xdf, 0xe0, 0xff}
	for range 100000 {
		b := make([]byte, rng.IntN(30))
		for i := range b {
			b[i] = byte(0x20 + rng.IntN(0x5f))
			if rng.IntN(12) == 0 {
				b[i] = edges[rng.IntN(len(edges))]
			}
		}
		want := true
		for _, c := range b {
			want = want && c >= 0x20 && c <= 0x7e
		}
		if got := filter.PrintableText(string(b)); got != want {
			t.Fatalf("PrintableText(%q) = %v, want %v", b, got, want)
		}
	}
}
