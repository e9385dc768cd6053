package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

// paramEvents exercises parameter types the corpus rarely or never shows: signals,
// relative times, user and group ids, dynamic parameters, fd lists, signal sets, modes,
// paths relative to a directory fd, flags and generic syscalls.
func paramEvents() [][]byte {
	const tid = 400
	u32, u64, i64 := event.U32, event.U64, event.I64
	dyn := func(idx byte, v []byte) []byte { return append([]byte{idx}, v...) }
	fdlist := []byte{2, 0}
	fdlist = append(fdlist, i64(0)...)
	fdlist = append(fdlist, event.U16(1)...)
	fdlist = append(fdlist, i64(7)...)
	fdlist = append(fdlist, event.U16(4)...)
	return [][]byte{
		event.Append(nil, 1000, tid, 128, i64(400), event.U8(9)),
		event.Append(nil, 1010, tid, 134, u64(1_500_000_000)),
		event.Append(nil, 1020, tid, 198, u32(1000)),
		event.Append(nil, 1030, tid, 198, u32(0xffffffff)),
		event.Append(nil, 1040, tid, 194, u32(1000), u32(0xffffffff), u32(5)),
		event.Append(nil, 1050, tid, 45, i64(0), i64(3), event.U8(1), event.U8(2), dyn(2, u32(7)), u32(4)),
		event.Append(nil, 1060, tid, 169, i64(0), dyn(0, u64(0x1000)), dyn(1, event.U8(9))),
		event.Append(nil, 1070, tid, 254, fdlist, u64(0xffffffffffffffff), u32(0x4002)),
		event.Append(nil, 1080, tid, 313, i64(0), i64(-100), event.CStr("f.txt"), u32(0o755)),
		event.Append(nil, 1090, tid, 315, i64(-13), event.CStr("../x"), u32(0o644)),
		event.Append(nil, 1100, tid, 305, i64(0), i64(42), event.CStr("d"), u32(0x1ed)),
		event.Append(nil, 1110, tid, 64, u64(0x7f00), event.U16(129), u64(1)),
		event.Append(nil, 1120, tid, 160, u64(0), u64(4096), u32(3), u32(34), i64(-1), u64(0)),
		event.Append(nil, 1130, tid, 251, i64(0), u32(1), event.U16(0), event.U16(0xffff), event.U16(0x1000), event.U16(0), event.U16(0), event.U16(0)),
		event.Append(nil, 1140, tid, 297, dyn(1, i64(-1))),
		event.Append(nil, 1150, tid, 145, i64(0), i64(-1), i64(-1), i64(1024), i64(4096)),
		event.Append(nil, 1160, tid, 232, i64(0), i64(400), event.U8(17)),
		event.Append(nil, 1170, tid, 0, event.U16(5), event.U16(100)),
		event.Append(nil, 1180, tid, 150, i64(-100), event.U8(2)),
	}
}

func writeParamCapture(t *testing.T, path string) {
	t.Helper()
	w, err := scap.Create(path, scap.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sec := &scap.Section{
		Processes: []scap.Process{{Tid: 400, Pid: 400, Ptid: 1, Comm: "tool", Exe: "tool", Cwd: "/work/sub",
			FDLimit: 1024, LoginUID: -1, UID: 1000, GID: 1000, Vtid: 400, Vpid: 400}},
		Users:    []scap.User{{UID: 1000, GID: 1000, Name: "alice", Home: "/home/alice", Shell: "/bin/bash"}},
		Groups:   []scap.Group{{GID: 1000, Name: "staff"}},
		HasUsers: true,
	}
	if err := w.WriteSection(sec); err != nil {
		t.Fatal(err)
	}
	for i, raw := range paramEvents() {
		ev := event.Event{Raw: raw, Num: uint64(i + 1)}
		if err := w.WriteEvent(&ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// wantParamLines is what sysdig 0.29.3 prints for the capture of writeParamCapture with
// -p '%evt.num %evt.type %evt.args'.
var wantParamLines = []string{
	"1 kill pid=400(tool) sig=9(SIGKILL) ",
	"2 nanosleep interval=1500000000(1.5s) ",
	"3 setuid uid=1000(alice) ",
	"4 setuid uid=-1(<NONE>) ",
	"5 setresgid rgid=1000(staff) egid=-1(<NONE>) sgid=5(<NA>) ",
	"6 setsockopt res=0 fd=3 level=1(SOL_SOCKET) optname=2(SO_REUSEADDR) val=7 optlen=4 ",
	"7 ptrace res=0 addr=1000 data=9(SIGKILL) ",
	"8 ppoll fds=0:?1 7:?4 timeout=none sigmask=SIGINT SIGTERM ",
	"9 fchmodat res=0 dirfd=-100(AT_FDCWD) filename=f.txt(/work/sub/f.txt) mode=0755(S_IXOTH|S_IROTH|S_IXGRP|S_IRGRP|S_IXUSR|S_IWUSR|S_IRUSR) ",
	"10 chmod res=-13(EACCES) filename=../x(/work/x) mode=0644(S_IROTH|S_IRGRP|S_IWUSR|S_IRUSR) ",
	"11 mkdirat res=0 dirfd=42 path=d(d) mode=1ED ",
	"12 futex addr=7F00 op=129(FUTEX_PRIVATE_FLAG|FUTEX_WAKE) val=1 ",
	"13 mmap addr=0 length=4096 prot=3(PROT_READ|PROT_WRITE) flags=34(MAP_PRIVATE|MAP_RENAME) fd=-1(EPERM) offset=0 ",
	"14 semop res=0 nsops=1 sem_num_0=0 sem_op_0=-1 sem_flg_0=4096 sem_num_1=0 sem_op_1=0 sem_flg_1=0 ",
	"15 bpf res_or_fd=-1(EPERM) ",
	"16 prlimit res=0 newcur=-1 newmax=-1 oldcur=1024 oldmax=4096 ",
	"17 signaldeliver spid=0 dpid=400(tool) sig=17(SIGCHLD) ",
	"18 open ",
	"19 fcntl fd=-100(AT_FDCWD) cmd=2(F_GETFD) ",
}

func TestReadParameterRendering(t *testing.T) {
	path := filepath.Join(t.TempDir(), "params.scap")
	if out := os.Getenv("SCRY_PARAMS_CAPTURE"); out != "" {
		path = out // keep the capture to compare with sysdig by hand
	}
	writeParamCapture(t, path)
	got := readLines(t, readOptions{file: path, format: "%evt.num %evt.type %evt.args"}, "")
	if strings.Join(got, "\n") != strings.Join(wantParamLines, "\n") {
		t.Errorf("parameters:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantParamLines, "\n"))
	}
}

// wantParamFields is what sysdig 0.29.3 prints for the first 14 events of that capture
// with paramFieldsFormat (it crashes on the 15th, a bpf exit).
var wantParamFields = []string{
	"1 <NA> <NA> <NA> false <NA> <NA> false <NA> signal alice staff /work/sub/ SIGKILL <NA>",
	"2 <NA> <NA> <NA> false <NA> <NA> false <NA> sleep alice staff /work/sub/ <NA> <NA>",
	"3 <NA> <NA> <NA> false <NA> <NA> false <NA> user alice staff /work/sub/ <NA> <NA>",
	"4 <NA> <NA> <NA> false <NA> <NA> false <NA> user alice staff /work/sub/ <NA> <NA>",
	"5 <NA> <NA> <NA> false <NA> <NA> false <NA> user alice staff /work/sub/ <NA> <NA>",
	"6 <NA> <NA> <NA> false SUCCESS 0 false <NA> net alice staff /work/sub/ <NA> <NA>",
	"7 <NA> <NA> <NA> false SUCCESS 0 false <NA> process alice staff /work/sub/ <NA> <NA>",
	"8 0,7 <NA>,<NA> <NA> false <NA> <NA> false <NA> wait alice staff /work/sub/ <NA> <NA>",
	"9 <NA> <NA> /work/sub/f.txt false SUCCESS 0 false <NA> file alice staff /work/sub/ <NA> <NA>",
	"10 <NA> <NA> <NA> false EACCES -13 true 1 file alice staff /work/sub/ <NA> <NA>",
	"11 <NA> <NA> <UNKNOWN>/d false SUCCESS 0 false <NA> file alice staff /work/sub/ <NA> <NA>",
	"12 <NA> <NA> <NA> false <NA> <NA> false <NA> IPC alice staff /work/sub/ <NA> <NA>",
	"13 <NA> <NA> <NA> false <NA> <NA> false <NA> memory alice staff /work/sub/ <NA> <NA>",
	"14 <NA> <NA> <NA> false SUCCESS 0 false <NA> process alice staff /work/sub/ <NA> <NA>",
}

const paramFieldsFormat = "*%evt.num %fdlist.nums %fdlist.names %evt.abspath %evt.is_open_exec %evt.res %evt.rawres " +
	"%evt.failed %evt.count.error %evt.category %user.name %group.name %proc.cwd %evt.arg.sig %evt.rawarg.uid"

func TestReadFieldsOnRareEvents(t *testing.T) {
	path := filepath.Join(t.TempDir(), "params.scap")
	writeParamCapture(t, path)
	got := readLines(t, readOptions{file: path, format: paramFieldsFormat}, "evt.num<=14")
	if strings.Join(got, "\n") != strings.Join(wantParamFields, "\n") {
		t.Errorf("fields:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantParamFields, "\n"))
	}
}
