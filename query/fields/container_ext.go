package fields

import (
	"github.com/scrylabs/scry/formats/schema"
)

// containerExtFields is container.start_ts: the container's creation time the runtime
// reported (created_time of the container event, in seconds), in nanoseconds; no value
// on the host or where it was not reported.
func containerExtFields() map[string]impl {
	return map[string]impl{
		"container.start_ts": {format: schema.FormatDec, fn: func(e *ext, v *Value) bool {
			id, c, ok := e.container()
			if !ok || id == "" || c == nil || c.CreatedTime <= 0 {
				return false
			}
			return setUint(v, uint64(c.CreatedTime)*1e9)
		}},
	}
}
