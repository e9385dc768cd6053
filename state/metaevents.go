package state

import "github.com/scrylabs/scry/formats/event"

// Metaevents of newer captures (types beyond the 0.29 table) that carry state.
const (
	evUserAdded    = 354
	evUserDeleted  = 356
	evGroupAdded   = 358
	evGroupDeleted = 360
)

// parseMetaevent applies the user and group metaevents of newer captures to the user
// and group tables (host entries only: those with an empty container id). Other events
// of types the 0.29 table lacks change nothing.
func (e *Engine) parseMetaevent(ev *event.Event) {
	switch ev.Type() {
	case evUserAdded, evUserDeleted:
		if len(pStr(ev, 5)) != 0 {
			return
		}
		uid := uint32(pUint(ev, 0))
		if ev.Type() == evUserDeleted {
			delete(e.users, uid)
			return
		}
		e.users[uid] = &User{UID: uid, GID: uint32(pUint(ev, 1)), Name: string(pStr(ev, 2)),
			Home: string(pStr(ev, 3)), Shell: string(pStr(ev, 4))}
	case evGroupAdded, evGroupDeleted:
		if len(pStr(ev, 2)) != 0 {
			return
		}
		gid := uint32(pUint(ev, 0))
		if ev.Type() == evGroupDeleted {
			delete(e.groups, gid)
			return
		}
		e.groups[gid] = &Group{GID: gid, Name: string(pStr(ev, 1))}
	}
}
