package parquet

import (
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
)

// Shown reports whether sysdig may show an event of this type and dump flags: not an
// internal event (procinfo, container, drops), not a metaevent of the newer tables, not
// a block dumped for state only. (sysdig hides a few more, by state: the container
// events consumed while it opens a capture.)
func Shown(ev *event.Event) bool {
	if ev.Flags&event.FlagStateOnly != 0 {
		return false
	}
	info := ev.Info()
	if info == nil || info.Category == schema.CatInternal {
		return false
	}
	return info.Source&(schema.SourceMetaevent|schema.SourceIter) == 0 || info.Legacy
}
