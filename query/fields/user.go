package fields

import (
	"math"

	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/state"
)

func (e *ext) user(uid uint32) *state.User {
	if e.vw == nil || uid == math.MaxUint32 {
		return nil
	}
	return e.vw.User(uid)
}

func userFields() map[string]impl {
	userStr := func(get func(u *state.User) string) impl {
		return impl{fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			u := e.user(t.UID)
			return u != nil && e.setText(v, get(u))
		})}
	}
	return map[string]impl{
		"user.uid": {format: schema.FormatID, fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			return setUint(v, uint64(t.UID))
		})},
		"user.name":    userStr(func(u *state.User) string { return u.Name }),
		"user.homedir": userStr(func(u *state.User) string { return u.Home }),
		"user.shell":   userStr(func(u *state.User) string { return u.Shell }),
		"user.loginuid": {format: schema.FormatID, fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			return setInt(v, int64(int32(t.LoginUID)))
		})},
		"user.loginname": {fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			u := e.user(t.LoginUID)
			return u != nil && e.setText(v, u.Name)
		})},
		// group.gid reproduces sysdig's 64-bit read of the 32-bit gid, which takes the
		// low 32 bits of the thread count along.
		"group.gid": {format: schema.FormatID, fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			return setUint(v, uint64(t.GID)|uint64(uint32(t.NChilds))<<32)
		})},
		"group.name": {fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			if e.vw == nil || t.GID == math.MaxUint32 {
				return false
			}
			g := e.vw.Group(t.GID)
			return g != nil && e.setText(v, g.Name)
		})},
	}
}
