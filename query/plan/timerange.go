package plan

import (
	"errors"
	"io"
	"math"
	"time"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/query/sql"
)

// timeRange resolves SINCE/UNTIL into an inclusive range [from, to] in ns; timed is false
// when neither is given.
func timeRange(st *sql.Statement, now time.Time, srcs []source) (from, to uint64, timed bool, err error) {
	from, to = 0, math.MaxUint64
	if st.Since == nil && st.Until == nil {
		return from, to, false, nil
	}
	var start int64
	if needsStart(st.Since) || needsStart(st.Until) {
		if start, err = dataStart(srcs); err != nil {
			return 0, 0, false, err
		}
	}
	if st.Since != nil {
		from = clampNs(st.Since.Resolve(now, start))
	}
	if st.Until != nil {
		to = clampNs(st.Until.Resolve(now, start))
	}
	return from, to, true, nil
}

func needsStart(t *sql.Time) bool { return t != nil && t.Kind == sql.TimeFromStart }

func clampNs(ns int64) uint64 {
	if ns < 0 {
		return 0
	}
	return uint64(ns)
}

// dataStart is the earliest event timestamp of the sources.
func dataStart(srcs []source) (int64, error) {
	start := int64(math.MaxInt64)
	for _, s := range srcs {
		if s.stats != nil {
			if s.stats.Events > 0 {
				start = min(start, int64(s.stats.MinTs))
			}
			continue
		}
		ts, ok, err := firstScapTs(s.path)
		if err != nil {
			return 0, err
		}
		if ok {
			start = min(start, int64(ts))
		}
	}
	if start == math.MaxInt64 {
		start = 0
	}
	return start, nil
}

// firstScapTs reads the timestamp of a capture's first event.
func firstScapTs(path string) (uint64, bool, error) {
	r, err := scap.Open(path)
	if err != nil {
		return 0, false, err
	}
	defer r.Close()
	var ev event.Event
	if err := r.Next(&ev); err != nil {
		if errors.Is(err, io.EOF) {
			return 0, false, nil
		}
		return 0, false, err
	}
	return ev.Ts(), true, nil
}
