package fields

import (
	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/state"
)

// exeFields are the extension fields about a process's executable file and pid
// namespace, which only captures of newer libs record (state.Thread's newer data).
// Without it they have no value; zero inodes and times also mean "not recorded".
func exeFields() map[string]impl {
	dec := schema.FormatDec
	known := func(part state.NewerData, get func(t *state.Thread) bool) impl {
		return impl{fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			return t.Known&part != 0 && setBool(v, get(t))
		})}
	}
	nonZero := func(get func(t *state.Thread) (uint64, bool)) impl {
		return impl{format: dec, fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			x, ok := get(t)
			return ok && x != 0 && setUint(v, x)
		})}
	}
	return map[string]impl{
		"proc.is_exe_upper_layer": known(state.KnownExeUpperLayer, func(t *state.Thread) bool { return t.ExeUpperLayer }),
		"proc.is_exe_lower_layer": known(state.KnownExeLowerLayer, func(t *state.Thread) bool { return t.ExeLowerLayer }),
		"proc.is_exe_from_memfd":  known(state.KnownExeFromMemfd, func(t *state.Thread) bool { return t.ExeFromMemfd }),
		"proc.exe_ino": {format: dec, fn: threadField(func(e *ext, t *state.Thread, v *Value) bool {
			return t.ExeIno != 0 && setInt(v, int64(t.ExeIno))
		})},
		"proc.exe_ino.ctime": nonZero(func(t *state.Thread) (uint64, bool) { return t.ExeInoCtime, true }),
		"proc.exe_ino.mtime": nonZero(func(t *state.Thread) (uint64, bool) { return t.ExeInoMtime, true }),
		"proc.exe_ino.ctime_duration_proc_start": nonZero(func(t *state.Thread) (uint64, bool) {
			c := t.ExeInoCtime
			return t.CloneTS - c, c != 0 && t.CloneTS >= c
		}),
		"proc.exe_ino.ctime_duration_pidns_start": nonZero(func(t *state.Thread) (uint64, bool) {
			ns := t.PidnsInitStartTS
			return t.ExeInoCtime - ns, ns != 0 && t.ExeInoCtime > ns
		}),
		"proc.pidns_init_start_ts": nonZero(func(t *state.Thread) (uint64, bool) { return t.PidnsInitStartTS, true }),
	}
}
