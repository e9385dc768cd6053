package filter_test

import (
	"strings"
	"testing"

	"github.com/scrylabs/scry/query/filter"
)

// sysdig 0.29.3 refuses to compile comparisons of evt.rawarg params whose type it
// cannot parse a value as ("wrong parameter type N" for evt.rawarg.pid=1,
// evt.rawarg.sig=9, evt.rawarg.data contains a, evt.rawarg.euid=0) but accepts them
// with exists and in, and accepts fd, res and flags comparisons.
func TestRawargComparisonsTheReferenceCannotParse(t *testing.T) {
	for _, text := range []string{"evt.rawarg.pid=1", "evt.rawarg.sig=9", "evt.rawarg.data contains a", "evt.rawarg.euid=0", "evt.rawarg.ID>1"} {
		if _, err := filter.Compile(text, nil); err == nil || !strings.Contains(err.Error(), "wrong parameter type") {
			t.Errorf("%s: error %v, want wrong parameter type", text, err)
		}
	}
	for _, text := range []string{"evt.rawarg.pid exists", "evt.rawarg.pid in (1, 2)", "evt.rawarg.fd=4", "evt.rawarg.res<0", "evt.rawarg.flags=0", "evt.buffer contains a"} {
		if _, err := filter.Compile(text, nil); err != nil {
			t.Errorf("%s: %v", text, err)
		}
	}
}
