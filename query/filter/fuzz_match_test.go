package filter_test

import (
	"testing"

	"github.com/scrylabs/scry/query/filter"
)

// FuzzMatchPartition: any condition that compiles evaluates without panicking, and it
// and its negation split the test world's events.
func FuzzMatchPartition(f *testing.F) {
	for _, s := range []string{
		"evt.type in (open, openat) and fd.name startswith /etc",
		"proc.aname = bash or fd.ip = 127.0.0.53",
		"not (fd.port != 53 and evt.rawres < 0)",
		"tolower(fd.name) glob '*.txt' or len(proc.name) > 3",
		"evt.buffer bcontains 4745 and fd.name pmatch (/tmp)",
		"user.uid > val(proc.pid)",
	} {
		f.Add(s)
	}
	w := newWorld(f)
	f.Fuzz(func(t *testing.T, text string) {
		pos, err := filter.Compile(text, &filter.Options{Resolver: testResolver{}})
		if err != nil {
			return
		}
		neg, err := filter.Compile("not ("+text+")", &filter.Options{Resolver: testResolver{}})
		if err != nil {
			t.Fatalf("%q compiles but its negation does not: %v", text, err)
		}
		for i, ctx := range w.events {
			if pos.Match(ctx, w) == neg.Match(ctx, w) {
				t.Fatalf("%q and its negation agree on event %d", text, i)
			}
		}
	})
}
