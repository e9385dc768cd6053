package fields

import (
	"strconv"
	"sync"
	"time"

	"github.com/scrylabs/scry/formats/schema"
)

var (
	offOnce  sync.Once
	offSecs  int64
	offLocal = func() int64 {
		_, off := time.Now().Zone()
		return int64(off)
	}
)

// localOffset is the offset of local time from UTC in seconds at the moment the program
// runs (sysdig uses the current offset for every event, whatever its date).
func localOffset() int64 {
	offOnce.Do(func() { offSecs = offLocal() })
	return offSecs
}

func append2(dst []byte, x int64) []byte {
	return append(dst, byte('0'+x/10%10), byte('0'+x%10))
}

// appendClock appends HH:MM:SS[.nnnnnnnnn] of ts in local time.
func appendClock(dst []byte, ts uint64, nanos bool) []byte {
	secs := int64(ts/1e9) + localOffset()
	s := secs % 86400
	if s < 0 {
		s += 86400
	}
	dst = append2(dst, s/3600)
	dst = append(dst, ':')
	dst = append2(dst, s/60%60)
	dst = append(dst, ':')
	dst = append2(dst, s%60)
	if nanos {
		dst = append(dst, '.')
		dst = appendZeroPadded(dst, int64(ts%1e9), 9)
	}
	return dst
}

// appendDate appends YYYY-MM-DD of ts in local time.
func appendDate(dst []byte, ts uint64, off int64) []byte {
	d := time.Unix(int64(ts/1e9)+off, 0).UTC()
	dst = strconv.AppendInt(dst, int64(d.Year()), 10)
	dst = append(dst, '-')
	dst = append2(dst, int64(d.Month()))
	dst = append(dst, '-')
	return append2(dst, int64(d.Day()))
}

// appendDuration appends "<s>.<%09 ns>".
func appendDuration(dst []byte, d uint64) []byte {
	dst = strconv.AppendUint(dst, d/1e9, 10)
	dst = append(dst, '.')
	return appendZeroPadded(dst, int64(d%1e9), 9)
}

// OutputTime is how evt.outputtime shows time, sysdig's -t option.
type OutputTime byte

// Output time modes.
const (
	TimeHuman    OutputTime = 'h' // HH:MM:SS.nnnnnnnnn (default)
	TimeAbsolute OutputTime = 'a' // seconds.nanoseconds since the epoch
	TimeRelative OutputTime = 'r' // since the first event
	TimeLatency  OutputTime = 'd' // the event's latency
	TimeDelta    OutputTime = 'D' // since the previous printed event
)

// SetOutputTime sets the mode of an evt.outputtime field; it does nothing for other
// fields.
func (f *Field) SetOutputTime(m OutputTime) {
	if f.Info.Name != "evt.outputtime" {
		return
	}
	if e, ok := f.Extractor.(*ext); ok {
		e.b.index = int(m)
	}
}

func timeFields() map[string]impl {
	tsJSON := func(e *ext, v *Value) bool { return setUint(v, e.ev.Ts()) }
	str := func(fn func(dst []byte, ts uint64) []byte) impl {
		return impl{
			fn: func(e *ext, v *Value) bool {
				return e.setBuf(v, fn(e.buf[:0], e.ev.Ts()))
			},
			json: tsJSON,
		}
	}
	rel := func(e *ext) uint64 {
		var first uint64
		if e.vw != nil {
			first = e.vw.FirstEventTS()
		}
		return e.ev.Ts() - first
	}
	return map[string]impl{
		"evt.time":   str(func(d []byte, ts uint64) []byte { return appendClock(d, ts, true) }),
		"evt.time.s": str(func(d []byte, ts uint64) []byte { return appendClock(d, ts, false) }),
		"evt.time.iso8601": str(func(d []byte, ts uint64) []byte {
			d = appendDate(d, ts, 0)
			d = append(d, 'T')
			secs := ts / 1e9
			d = append2(d, int64(secs%86400/3600))
			d = append(d, ':')
			d = append2(d, int64(secs%3600/60))
			d = append(d, ':')
			d = append2(d, int64(secs%60))
			d = append(d, '.')
			d = appendZeroPadded(d, int64(ts%1e9), 9)
			return append(d, "+0000"...)
		}),
		"evt.datetime": str(func(d []byte, ts uint64) []byte {
			d = appendDate(d, ts, localOffset())
			d = append(d, ' ')
			return appendClock(d, ts, true)
		}),
		"evt.datetime.s": str(func(d []byte, ts uint64) []byte {
			d = appendDate(d, ts, localOffset())
			d = append(d, ' ')
			return appendClock(d, ts, false)
		}),
		"evt.rawtime":    {format: schema.FormatDec, fn: func(e *ext, v *Value) bool { return setUint(v, e.ev.Ts()) }},
		"evt.rawtime.s":  {format: schema.FormatDec, fn: func(e *ext, v *Value) bool { return setUint(v, e.ev.Ts()/1e9) }},
		"evt.rawtime.ns": {format: schema.Format10PaddedDec, fn: func(e *ext, v *Value) bool { return setUint(v, e.ev.Ts()%1e9) }, json: func(e *ext, v *Value) bool { return setUint(v, e.ev.Ts()%1e9) }},
		"evt.reltime":    {format: schema.Format10PaddedDec, fn: func(e *ext, v *Value) bool { return setUint(v, rel(e)) }, json: func(e *ext, v *Value) bool { return setUint(v, rel(e)) }},
		"evt.reltime.s":  {format: schema.FormatDec, fn: func(e *ext, v *Value) bool { return setUint(v, rel(e)/1e9) }},
		"evt.reltime.ns": {format: schema.Format10PaddedDec, fn: func(e *ext, v *Value) bool { return setUint(v, rel(e)%1e9) }, json: func(e *ext, v *Value) bool { return setUint(v, rel(e)%1e9) }},
		"evt.outputtime": {
			fn: func(e *ext, v *Value) bool {
				ts, d := e.ev.Ts(), e.buf[:0]
				switch OutputTime(e.b.index) {
				case TimeAbsolute:
					d = strconv.AppendUint(d, ts/1e9, 10)
					d = append(d, '.')
					d = strconv.AppendUint(d, ts%1e9, 10)
				case TimeRelative:
					d = appendDuration(d, rel(e))
				case TimeLatency:
					var lat uint64
					if t := e.thread(); t != nil {
						lat = t.Latency
					}
					d = appendDuration(d, lat)
				case TimeDelta:
					var delta uint64
					if e.seen {
						delta = ts - e.prev
					}
					e.prev, e.seen = ts, true
					d = appendDuration(d, delta)
				default:
					d = appendClock(d, ts, true)
				}
				return e.setBuf(v, d)
			},
			json: tsJSON,
		},
	}
}
