package state

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

// recorder collects events for a synthetic capture, with increasing timestamps.
type recorder struct {
	ts  uint64
	evs []event.Event
}

func (r *recorder) run(tid int64, typ uint16, params ...[]byte) {
	r.ts += 1000
	r.evs = append(r.evs, event.Event{Raw: event.Append(nil, r.ts, tid, typ, params...)})
}

func (r *recorder) pair(tid int64, enter uint16, ep [][]byte, xp ...[]byte) {
	r.run(tid, enter, ep...)
	r.run(tid, enter+1, xp...)
}

// syntheticScenarios exercise parsers the corpus does not reach.
var syntheticScenarios = []struct {
	name string
	sec  func() *scap.Section
	evs  func(r *recorder)
}{
	{"paths", func() *scap.Section { return section(proc(100, 100, 1, "sh", "/tmp/a/b")) }, func(r *recorder) {
		names := []string{"foo", "./foo", "../foo", "../../c", "../../../../etc/passwd", "foo/", "foo//bar",
			"/abs/../x", "..", ".", "a/..", "a/../../b", "..foo", "...", "", "foo\x01bar", "a\xc3\xa9",
			"//x", "a./b", "file.", "x/./y", "x/.", "/", "a/b/../../..", strings.Repeat("long/", 205)}
		for i, n := range names {
			r.pair(100, evOpenE, nil, i64(int64(10+i)), cs(n), u32(1), u32(0), u32(0))
		}
		r.pair(100, evOpenE, nil, i64(-2), cs("missing/x"), u32(1), u32(0), u32(0))
		r.pair(100, evChdirE, nil, i64(0), cs("../z/./w"))
		r.pair(100, evOpenE, nil, i64(60), cs("rel"), u32(1), u32(0), u32(0))
		r.pair(100, evOpenE, nil, i64(61), cs("/srv/data"), u32(oDirectory), u32(0), u32(0))
		r.pair(100, evOpenatV2E, p(i64(61), cs("sub/f"), u32(1), u32(0)), i64(62), i64(61), cs("sub/f"), u32(1), u32(0), u32(0))
		r.pair(100, evOpenatV2E, p(i64(99), cs("g"), u32(1), u32(0)), i64(63), i64(99), cs("g"), u32(1), u32(0), u32(0))
		r.pair(100, evOpenatV2E, p(i64(61), cs("h"), u32(1), u32(0)), i64(-13), i64(61), cs("h"), u32(1), u32(0), u32(0))
		r.pair(100, evFchdirE, p(i64(61)), i64(0))
		r.pair(100, evOpenE, nil, i64(64), cs("after-fchdir"), u32(1), u32(0), u32(0))
		r.run(100, evOpenatE, i64(-100), cs("old-openat"), u32(1), u32(0))
		r.run(100, evOpenatX, i64(65))
		r.run(100, evOpenatX, i64(66))
	}},
	{"fds", func() *scap.Section {
		bash := proc(100, 100, 1, "bash", "/home/alice")
		thr := proc(101, 100, 1, "bash", "")
		thr.Flags = CloneThread | CloneFiles
		s := section(bash, thr)
		s.FDLists = []scap.FDList{fdList(100, fileFD(3, "/home/alice/notes.txt"))}
		return s
	}, func(r *recorder) {
		r.run(100, evCloseE, i64(3))
		r.pair(101, evOpenE, nil, i64(3), cs("/new"), u32(1), u32(0), u32(0))
		r.run(100, evCloseX, i64(0))
		r.pair(101, evReadE, p(i64(3), u32(1)), i64(1), []byte("x"))
		r.pair(100, evOpenE, nil, i64(4), cs("/tmp/log"), u32(2), u32(0), u32(0))
		r.pair(100, evDupE, p(i64(4)), i64(1))
		r.pair(100, evDupE, p(i64(4)), i64(5))
		r.pair(100, evFcntlE, p(i64(4), u8(fcntlDupFD)), i64(6))
		r.pair(100, evFcntlE, p(i64(4), u8(4)), i64(7))
		r.pair(100, evPipeE, nil, i64(0), i64(8), i64(9), u64(77))
		r.pair(100, evSocketpairE, p(u32(afUnix), u32(1), u32(0)), i64(0), i64(10), i64(11), u64(0xa), u64(0xb))
		r.pair(100, evEventfdE, p(u64(0), u32(0)), i64(12))
		r.pair(100, evSignalfdE, p(i64(-1), u32(0), u8(0)), i64(13))
		r.pair(100, evTimerfdCreateE, p(u8(0), u8(0)), i64(14))
		r.pair(100, evInotifyInitE, p(u8(0)), i64(15))
		r.run(100, evCloseE, i64(8))
		r.run(100, evCloseX, i64(-9))
		r.pair(100, evReadE, p(i64(8), u32(1)), i64(0), nil)
		r.pair(100, evWriteE, p(i64(6), u32(1)), i64(1), []byte("y"))
		r.run(101, evWriteX, i64(1), []byte("z"))
	}},
	{"network", func() *scap.Section {
		return section(proc(10, 10, 1, "srv", "/"), proc(20, 20, 1, "cli", "/"), proc(30, 30, 1, "dns", "/"))
	}, func(r *recorder) {
		r.pair(10, evSocketE, p(u32(afInet), u32(sockStream), u32(0)), i64(3))
		r.pair(10, evBindE, p(i64(3)), i64(0), sockaddr4("0.0.0.0", 8080))
		r.pair(10, evListenE, p(i64(3), u32(5)), i64(0))
		r.run(10, evAcceptV5E)
		r.pair(20, evSocketE, p(u32(afInet), u32(sockStream), u32(0)), i64(3))
		r.run(20, evConnectE, i64(3), sockaddr4("127.0.0.1", 8080))
		r.run(10, evAcceptV5X, i64(4), tuple4("127.0.0.1", 40556, "127.0.0.1", 8080), u8(0), u32(0), u32(5))
		r.run(20, evConnectX, i64(0), tuple4("127.0.0.1", 40556, "127.0.0.1", 8080))
		r.pair(20, evWriteE, p(i64(3), u32(4)), i64(4), []byte("ping"))
		r.pair(10, evReadE, p(i64(4), u32(4)), i64(4), []byte("ping"))
		r.pair(20, evSocketE, p(u32(afInet6), u32(sockStream), u32(0)), i64(5))
		r.pair(20, evBindE, p(i64(5)), i64(0), sockaddr6("2001:db8::4", 0))
		r.run(20, evConnectE, i64(5), sockaddr6("::ffff:10.0.0.9", 80))
		r.run(20, evConnectX, i64(-einprogress), tuple6("::ffff:10.0.0.5", 33000, "::ffff:10.0.0.9", 80))
		r.pair(20, evSocketE, p(u32(afInet6), u32(sockStream), u32(0)), i64(6))
		r.run(20, evConnectE, i64(6), sockaddr6("2001:db8::3", 1234))
		r.run(20, evConnectX, i64(-111), tuple6("2001:db8::4", 54405, "2001:db8::3", 1234))
		r.pair(20, evSocketE, p(u32(afUnix), u32(sockStream), u32(0)), i64(7))
		r.run(20, evConnectE, i64(7), append([]byte{afUnix}, cs("/run/nscd/socket")...))
		r.run(20, evConnectX, i64(0), unixTuple(0xaa, 0xbb, "/run/nscd/socket"))
		r.run(30, evSendtoE, i64(5), u32(20), tuple4("0.0.0.0", 0, "8.8.8.8", 53))
		r.run(30, evSendtoX, i64(20), []byte("query"))
		r.pair(30, evRecvfromE, p(i64(5), u32(512)), i64(30), []byte("answer"), tuple4("8.8.8.8", 53, "10.0.0.5", 41000))
		r.pair(30, evSocketE, p(u32(afInet), u32(sockDgram), u32(0)), i64(6))
		r.pair(30, evBindE, p(i64(6)), i64(0), sockaddr4("0.0.0.0", 53))
		r.pair(30, evRecvfromE, p(i64(6), u32(512)), i64(4), []byte("q"), tuple4("10.0.0.9", 4000, "10.0.0.5", 53))
		r.pair(30, evSendtoE, p(i64(6), u32(1), tuple4("10.0.0.5", 53, "10.0.0.9", 4000)), i64(1), []byte("a"))
		r.pair(30, evSocketE, p(u32(afInet6), u32(sockDgram), u32(0)), i64(7))
		r.pair(30, evRecvmsgE, p(i64(7)), i64(3), u32(3), []byte("abc"), tuple6("2001:db8::9", 700, "2001:db8::5", 800))
		r.pair(30, evSocketE, p(u32(afInet), u32(sockRaw), u32(ipprotoICMP)), i64(8))
		r.pair(30, evSendtoE, p(i64(8), u32(8), tuple4("10.0.0.5", 0, "10.0.0.1", 0)), i64(8), []byte("icmpecho"))
		r.pair(30, evSocketE, p(u32(17), u32(sockRaw), u32(0)), i64(9))
		r.pair(30, evSocketE, p(u32(afNetlink), u32(sockRaw), u32(0)), i64(10))
		r.pair(30, evSocketE, p(u32(afInet), u32(sockRaw), u32(ipprotoTCP)), i64(11))
		r.pair(30, evSocketE, p(u32(afInet), u32(sockDgram), u32(ipprotoRaw)), i64(12))
		r.pair(30, evSocketE, p(u32(afInet), u32(5), u32(0)), i64(13))
		r.pair(30, evSendtoE, p(i64(13), u32(1), tuple4("10.0.0.5", 9, "10.0.0.1", 9)), i64(1), []byte("s"))
		r.pair(30, evShutdownE, p(i64(7), u8(1)), i64(0))
		r.run(30, evGetsockoptX, i64(0), i64(7), u8(1), u8(4), append([]byte{1}, i64(0)...), u32(4))
	}},
	{"processes", func() *scap.Section {
		bash := proc(100, 100, 1, "bash", "/home/alice", "-l")
		bash.Env = nul("HOME=/home/alice")
		s := section(proc(1, 1, 0, "init", "/"), bash)
		s.FDLists = []scap.FDList{fdList(100, fileFD(3, "/home/alice/notes.txt"))}
		return s
	}, func(r *recorder) {
		r.run(100, evCloneV20E)
		r.run(100, evCloneV20X, cloneX(200, "bash", []string{"-l"}, 100, 100, 1, "bash", nil, 0, 1000, 1000, 100, 100)...)
		r.run(200, evCloneV20X, cloneX(0, "bash", []string{"-l"}, 200, 200, 100, "bash", nil, 0, 1000, 1000, 200, 200)...)
		r.run(200, evExecveV19E, cs("../bin/./tool"))
		r.run(200, evExecveV19X, execveX(0, "tool", []string{"--x"}, 200, 200, 100, "tool", []string{"cpu=/user.slice"}, []string{"A=1"})...)
		r.run(300, evCloneV20X, cloneX(0, "bash", []string{"-c"}, 300, 300, 100, "bash", nil, 0, 1000, 1000, 300, 300)...)
		r.run(100, evCloneV20X, cloneX(300, "bash", []string{"-l"}, 100, 100, 1, "bash", nil, 0, 1000, 1000, 100, 100)...)
		r.run(100, evCloneV20X, cloneX(101, "bash", nil, 100, 100, 1, "bash", nil, CloneThread|CloneFiles|CloneVM, 1000, 1000, 100, 100)...)
		r.pair(101, evOpenE, nil, i64(5), cs("by-thread"), u32(1), u32(0), u32(0))
		r.pair(101, evSetuidE, p(u32(0)), i64(0))
		r.pair(101, evSetresgidE, p(u32(5), u32(6), u32(5)), i64(0))
		r.pair(101, evSetrlimitE, p(u8(rlimitNofile)), i64(0), i64(4096), i64(8192))
		r.pair(100, evPrlimitE, p(i64(1), u8(rlimitNofile)), i64(0), i64(64), i64(64), i64(1024), i64(1024))
		r.pair(100, evBrkV4E, p(u64(0)), u64(0x1000), u32(10), u32(20), u32(30))
		r.run(101, evSchedswitchV6E, i64(1), u64(3), u64(4), u32(100), u32(200), u32(300))
		r.pair(100, evSetsidE, nil, i64(100))
		r.pair(100, evChrootE, nil, i64(0), cs("jail"))
		r.run(500, evCloneV20X, cloneX(501, "nginx", []string{"-g"}, 500, 500, 1, "nginx", nil, 0, 33, 33, 500, 500)...)
		r.pair(501, evOpenE, nil, i64(3), cs("x"), u32(1), u32(0), u32(0))
		r.run(100, evProcexitV1E, i64(0), i64(0), u8(0), u8(0))
		r.pair(101, evReadE, p(i64(3), u32(1)), i64(1), []byte("x"))
		r.run(101, evProcexitV1E, i64(0), i64(0), u8(0), u8(0))
		r.run(1, evGetuidE)
		r.run(1, evGetuidX, u32(0))
		r.ts += 3_000_000_000
		r.run(200, evCloneV20X, cloneX(0, "sh", nil, 200, 200, 1, "sh", nil, 0, 0, 0, 200, 200)...)
		r.run(200, evGetuidE)
	}},
	{"containers", func() *scap.Section { return section(proc(1, 1, 0, "init", "/")) }, func(r *recorder) {
		id := dockerID
		cgs := []string{"/docker/" + id, "/system.slice/docker-" + id + ".scope",
			"/kubepods.slice/kubepods-pod1.slice/crio-" + id + ".scope", "/kubepods/pod1/crio-" + id,
			"/system.slice/cri-containerd-" + id + ".scope", "/kubepods-pod1.slice:cri-containerd:" + id,
			"/machine.slice/libpod-" + id + ".scope", "/lxc/web01/init.scope", "/lxc.payload/db/x",
			"/machine/guest1.libvirt-lxc", `/machine.slice/machine-lxc\x2dguest2.scope`, "/libvirt/lxc/guest3",
			"/system.slice/bpm-job_1.scope", "/d/" + strings.Repeat("z", 64),
			"/" + strings.Repeat("p", 70) + "/docker/" + strings.Repeat("z", 64)}
		for i, cg := range cgs {
			tid := int64(1000 + i)
			r.run(1, evCloneV20X, cloneX(tid, "init", nil, 1, 1, 0, "init", []string{"cpuset=/", "cpu=" + cg}, 0, 0, 0, 1, 1)...)
			r.run(tid, evGetuidE)
		}
		r.run(-1, evContainerJsonE, cs(`{"container":{"id":"`+id[:12]+`","name":"web","image":"nginx","type":0,"ip":"172.17.0.2","Healthcheck":{"exe":"curl","args":["-f","x"]}}}`+"\n"))
		r.run(1, evCloneV20X, cloneX(2000, "curl", []string{"-f", "x"}, 1, 1, 0, "curl", []string{"cpu=/docker/" + id}, 0, 0, 0, 1, 1)...)
		r.pair(2000, evSocketE, p(u32(afInet), u32(sockStream), u32(0)), i64(3))
		r.run(2000, evConnectE, i64(3), sockaddr4("172.17.0.2", 80))
		r.run(2000, evConnectX, i64(0), tuple4("172.17.0.2", 5000, "172.17.0.2", 80))
		r.run(-1, evContainerJsonE, cs(`{"container":{"id":"fffffffffff0","lookup_state":2}}`))
		failed := "fffffffffff0" + strings.Repeat("1", 52)
		r.run(1, evCloneV20X, cloneX(2100, "sh", nil, 1, 1, 0, "sh", []string{"cpu=/docker/" + failed}, 0, 0, 0, 1, 1)...)
		r.run(2100, evGetuidE)
		// The container's init, then a child of it running the probe command.
		r.run(1, evCloneV20X, cloneX(2200, "nginx", nil, 1, 1, 0, "nginx", []string{"cpu=/docker/" + id}, 0, 0, 0, 1, 1)...)
		r.run(2200, evGetuidE)
		r.run(2200, evCloneV20X, cloneX(2201, "curl", []string{"-f", "x"}, 2200, 2200, 1, "curl", []string{"cpu=/docker/" + id}, 0, 0, 0, 2, 2)...)
		r.run(2201, evGetuidE)
	}},
	{"initial-containers", func() *scap.Section {
		probe := proc(50, 50, 1, "curl", "/", "-f", "localhost")
		probe.Vpid = 7
		probe.Cgroups = nul("cpu=/docker/" + strings.Repeat("ab", 32))
		init := proc(40, 40, 1, "nginx", "/")
		init.Vpid = 1
		init.Cgroups = probe.Cgroups
		return section(proc(1, 1, 0, "init", "/"), init, probe)
	}, func(r *recorder) {
		r.run(-1, evContainerJsonE, cs(`{"container":{"id":"abababababab","name":"probed","Healthcheck":{"exe":"curl","args":["-f","localhost"]}}}`))
		r.run(50, evGetuidE)
		r.run(40, evGetuidE)
	}},
}

// TestSysdigSyntheticCaptures writes captures that exercise parsers the corpus does not
// reach and compares the engine with what sysdig makes of them, event by event.
func TestSysdigSyntheticCaptures(t *testing.T) {
	needSysdig(t)
	dir := t.TempDir()
	var paths []string
	for _, sc := range syntheticScenarios {
		r := &recorder{ts: 1_700_000_000_000_000_000}
		sc.evs(r)
		path := filepath.Join(dir, sc.name+".scap")
		writeCapture(t, path, sc.sec(), r.evs)
		paths = append(paths, path)
	}
	jobs := prefetchSysdig(paths, []string{""})
	for i, sc := range syntheticScenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			compareWithSysdig(t, jobs["|"+paths[i]], paths[i], nil)
		})
	}
}

func writeCapture(t *testing.T, path string, sec *scap.Section, evs []event.Event) {
	t.Helper()
	if sec.Machine == nil {
		sec.Machine = &scap.MachineInfo{NumCPUs: 2, MemoryBytes: 1 << 30, MaxPID: 32768, Hostname: "test"}
	}
	w, err := scap.Create(path, scap.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteSection(sec); err != nil {
		t.Fatalf("write section: %v", err)
	}
	for i := range evs {
		if err := w.WriteEvent(&evs[i]); err != nil {
			t.Fatalf("write event %d: %v", i, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// cloneParams builds the parameters of a clone-family exit of any version: n is the
// event's parameter count (11, 16, 17 or 20).
func cloneParams(n int, res int64, exe string, tid, pid, ptid int64, comm string, cgroups []string, flags uint32, uid, gid uint32, vtid, vpid int64) [][]byte {
	base := p(i64(res), cs(exe), nul("arg"), i64(tid), i64(pid), i64(ptid), cs("/"), i64(256))
	switch n {
	case 11:
		return append(base, u32(flags), u32(uid), u32(gid))
	case 16:
		return append(base, u64(1), u64(2), u32(3), u32(4), u32(5), u32(flags), u32(uid), u32(gid))
	case 17:
		return append(base, u64(1), u64(2), u32(3), u32(4), u32(5), cs(comm), u32(flags), u32(uid), u32(gid))
	}
	return append(base, u64(1), u64(2), u32(3), u32(4), u32(5), cs(comm), nul(cgroups...), u32(flags), u32(uid), u32(gid), i64(vtid), i64(vpid))
}

// execParams builds the parameters of an execve exit with n parameters (8 to 20).
func execParams(n int, exe, comm string, pid, ptid int64) [][]byte {
	all := p(i64(0), cs(exe), nul("a1", "a2"), i64(pid), i64(pid), i64(ptid), cs("/ignored"), u64(2048),
		u64(7), u64(8), u32(9), u32(10), u32(11))
	switch n {
	case 8:
		return all[:8]
	case 13:
		return all
	case 14:
		return append(all, nul("E14=1"))
	case 15:
		return append(all, cs(comm), nul("E15=1"))
	}
	all = append(all, cs(comm), nul("cpu=/user.slice"), nul("E=1"), u32(34816))
	if n == 20 {
		all = append(all, i64(pid), u32(1234), u32(exeWritable))
	}
	return all
}

func init() {
	syntheticScenarios = append(syntheticScenarios,
		struct {
			name string
			sec  func() *scap.Section
			evs  func(r *recorder)
		}{"versions", func() *scap.Section { return section(proc(1, 1, 0, "init", "/"), proc(100, 100, 1, "sh", "/w")) }, func(r *recorder) {
			clones := []struct {
				typ uint16
				n   int
			}{{evCloneV11X, 11}, {evCloneV16X, 16}, {evForkX, 16}, {evVforkX, 16}, {evCloneV17X, 17},
				{evForkV17X, 17}, {evVforkV17X, 17}, {evCloneV20X, 20}, {evForkV20X, 20}, {evVforkV20X, 20}, {evClone3X, 20}}
			for i, c := range clones {
				child := int64(200 + 10*i)
				r.run(100, c.typ, cloneParams(c.n, child, "sh", 100, 100, 1, "shc", []string{"cpu=/docker/" + dockerID}, 0, 5, 6, 100, 100)...)
				r.run(child, evGetuidE)
				// The child's own exit, then a thread of it (inverted: its exit first).
				r.run(child, c.typ, cloneParams(c.n, 0, "sh", child, child, 100, "shc", nil, 0, 5, 6, child, child)...)
				r.run(child+1, c.typ, cloneParams(c.n, 0, "sh", child+1, child, 100, "sht", nil, CloneThread|CloneFiles, 5, 6, child+1, child)...)
				r.run(child+1, evGetuidE)
			}
			execs := []struct {
				typ uint16
				n   int
			}{{evExecveV8X, 8}, {evExecveV13X, 13}, {evExecveV14X, 14}, {evExecveV15X, 15},
				{evExecveV16X, 16}, {evExecveV17X, 17}, {evExecveV18X, 17}, {evExecveV19X, 20}}
			for i, x := range execs {
				tid := int64(200 + 10*i)
				if x.typ == evExecveV18X {
					r.run(tid, evExecveV18E, cs("rel/tool"))
				}
				if x.typ == evExecveV19X {
					r.run(tid+1, evExecveV19E, cs("rel/tool"))
					r.run(tid+1, x.typ, execParams(x.n, "thr", "thrc", tid, 100)...)
					r.run(tid, evExecveV19E, cs("/bin/../usr/bin/tool"))
				}
				r.run(tid, x.typ, execParams(x.n, "e"+string(rune('a'+i)), "c"+string(rune('a'+i)), tid, 100)...)
				r.run(tid, evGetuidE)
			}
			// sysdig 0.29.3 crashes on execveat exits whose path is relative; only an
			// absolute one can be compared.
			r.run(100, evExecveatE, i64(-100), cs("/bin/../local"), u32(0))
			r.run(100, evExecveatX, execParams(20, "local", "local", 100, 1)...)
			r.run(100, evGetuidE)
		}},
		struct {
			name string
			sec  func() *scap.Section
			evs  func(r *recorder)
		}{"proclist", func() *scap.Section {
			a := proc(100, 100, 1, "sshd", "")
			a.Env = nul("A=1", "", "B=2")
			b := proc(101, 100, 1, "sshd", "/thread/cwd")
			b.Flags = CloneThread | CloneFiles
			b.Env = nul("THREAD=1")
			c := proc(102, 102, 100, "worker", "/var/../srv/./x/")
			c.LoginUID = 1000
			c.Vtid, c.Vpid = 1, 1
			d1, d2 := proc(103, 103, 1, "first", "/"), proc(103, 103, 1, "second", "/")
			s := section(proc(1, 1, 0, "init", "/"), a, b, c, d1, d2)
			v6 := scap.Interface{Type: scap.IfIPv6, Name: "eth0"}
			copy(v6.Addr[:], ip6("2001:db8::5"))
			s.Interfaces = append(s.Interfaces, v6)
			s.FDLists = []scap.FDList{fdList(100,
				tfd{Fd: 3, Type: scap.FDIPv4ServSock, SPort: 22, L4Proto: L4TCP},
				tfd{Fd: 4, Type: scap.FDIPv4Sock, SIP: [16]byte{10, 0, 0, 5}, SPort: 22, DIP: [16]byte{10, 0, 0, 9}, DPort: 51000, L4Proto: L4TCP},
				tfd{Fd: 5, Type: scap.FDIPv4Sock, SIP: [16]byte{10, 0, 0, 5}, SPort: 41000, DIP: [16]byte{1, 1, 1, 1}, DPort: 443, L4Proto: L4TCP},
				tfd{Fd: 6, Type: scap.FDUnixSock, Name: "/run/x.sock", Source: 1, Dest: 2},
				tfd{Fd: 7, Type: scap.FDUnixSock, Source: 3, Dest: 4},
				tfd{Fd: 8, Type: scap.FDIPv4Sock, SPort: 1000, DIP: [16]byte{10, 0, 0, 7}, DPort: 2000, L4Proto: L4UDP},
				tfd{Fd: 9, Type: scap.FDIPv6Sock, SIP: [16]byte(ip6("::ffff:10.0.0.5")), SPort: 22, DIP: [16]byte(ip6("::ffff:10.0.0.8")), DPort: 6000, L4Proto: L4TCP},
				tfd{Fd: 10, Type: scap.FDIPv6Sock, SIP: [16]byte(ip6("2001:db8::5")), SPort: 80, DIP: [16]byte(ip6("2001:db8::77")), DPort: 7000, L4Proto: L4TCP},
				tfd{Fd: 11, Type: scap.FDIPv6ServSock, SIP: [16]byte(ip6("::")), SPort: 80, L4Proto: L4TCP},
				tfd{Fd: 12, Type: scap.FDFifo, Name: "pipe:[1]"},
				tfd{Fd: 13, Type: scap.FDFile, Name: "/dev/null"},
				tfd{Fd: 14, Type: scap.FDEventpoll, Name: "anon_inode:[eventpoll]"},
				tfd{Fd: 15, Type: scap.FDDirectory, Name: "/etc"},
				tfd{Fd: 16, Type: scap.FDIPv6Sock, SPort: 5353, DIP: [16]byte(ip6("ff02::fb")), DPort: 5353, L4Proto: L4UDP},
			), fdList(102, fileFD(0, "/dev/pts/0"))}
			return s
		}, func(r *recorder) {
			for fd := int64(3); fd <= 16; fd++ {
				r.pair(101, evReadE, p(i64(fd), u32(1)), i64(1), []byte("x"))
			}
			r.pair(102, evReadE, p(i64(0), u32(1)), i64(1), []byte("x"))
			r.pair(103, evReadE, p(i64(0), u32(1)), i64(1), []byte("x"))
			r.pair(100, evRecvfromE, p(i64(8), u32(1)), i64(1), []byte("x"), tuple4("10.0.0.7", 2000, "10.0.0.5", 1000))
			r.pair(100, evRecvfromE, p(i64(16), u32(1)), i64(1), []byte("x"), tuple6("fe80::1", 5353, "ff02::fb", 5353))
			r.pair(100, evRecvfromE, p(i64(5), u32(1)), i64(1), []byte("x"), tuple6("2001:db8::9", 1, "2001:db8::5", 2))
			r.pair(100, evRecvmsgE, p(i64(7)), i64(1), u32(1), []byte("x"), unixTuple(7, 8, "/run/y"))
			r.run(100, evProcexitV1E, i64(0), i64(0), u8(0), u8(0))
			r.pair(101, evReadE, p(i64(3), u32(1)), i64(1), []byte("x"))
		}},
	)
}

func init() {
	syntheticScenarios = append(syntheticScenarios, struct {
		name string
		sec  func() *scap.Section
		evs  func(r *recorder)
	}{"quirks", func() *scap.Section {
		return section(proc(1, 1, 0, "init", "/"), proc(10, 10, 1, "srv", "/srv"))
	}, func(r *recorder) {
		// accept: empty tuple, unix, mapped IPv6, plain IPv6.
		r.run(10, evAcceptV5E)
		r.run(10, evAcceptV5X, i64(3), nil, u8(0), u32(0), u32(5))
		r.run(10, evAcceptV5E)
		r.run(10, evAcceptV5X, i64(4), unixTuple(0x10, 0x20, "/run/a.sock"), u8(0), u32(0), u32(5))
		r.run(10, evAccept4V5E, u32(0))
		r.run(10, evAccept4V5X, i64(5), tuple6("::ffff:10.0.0.9", 5000, "::ffff:10.0.0.5", 80), u8(0), u32(0), u32(5))
		r.run(10, evAccept4V5E, u32(0))
		r.run(10, evAccept4V5X, i64(6), tuple6("2001:db8::9", 5000, "2001:db8::5", 80), u8(0), u32(0), u32(5))
		r.run(10, evAcceptE)
		r.run(10, evAcceptX, i64(7), tuple4("10.0.0.9", 5001, "10.0.0.5", 80), u8(0))
		// A UDP server socket connecting: its tuple is turned around.
		r.pair(10, evSocketE, p(u32(afInet), u32(sockDgram), u32(0)), i64(8))
		r.pair(10, evBindE, p(i64(8)), i64(0), sockaddr4("10.0.0.5", 53))
		r.run(10, evConnectE, i64(8), sockaddr4("10.0.0.9", 4000))
		r.run(10, evConnectX, i64(0), tuple4("10.0.0.5", 53, "10.0.0.9", 4000))
		// sendmsg carries its tuple on the enter event.
		r.pair(10, evSocketE, p(u32(afInet), u32(sockDgram), u32(0)), i64(9))
		r.pair(10, evSendmsgE, p(i64(9), u32(3), tuple4("10.0.0.5", 7000, "10.0.0.9", 7001)), i64(3), []byte("abc"))
		r.pair(10, evSendmsgE, p(i64(9), u32(3), tuple4("10.0.0.5", 7000, "10.0.0.9", 7001)), i64(3), []byte("abc"))
		// dup of a socket; fcntl dup of an unknown fd; close of an unknown fd.
		r.pair(10, evDupE, p(i64(7)), i64(12))
		r.pair(10, evFcntlE, p(i64(77), u8(fcntlDupFD)), i64(13))
		r.run(10, evCloseE, i64(78))
		r.run(10, evCloseX, i64(-9))
		// A process cloned with CLONE_FILES but not CLONE_THREAD, and a thread without
		// CLONE_FILES.
		r.run(10, evCloneV20X, cloneX(20, "srv", nil, 10, 10, 1, "srv", nil, CloneFiles, 0, 0, 10, 10)...)
		r.pair(20, evOpenE, nil, i64(14), cs("mine"), u32(1), u32(0), u32(0))
		r.run(10, evCloneV20X, cloneX(21, "srv", nil, 10, 10, 1, "srv", nil, CloneThread, 0, 0, 10, 10)...)
		r.pair(21, evOpenE, nil, i64(15), cs("thread-own"), u32(1), u32(0), u32(0))
		r.pair(10, evReadE, p(i64(15), u32(1)), i64(1), []byte("x"))
		r.pair(21, evReadE, p(i64(3), u32(1)), i64(1), []byte("x"))
		// Exec from a thread: its clone flags go, and with them the shared table.
		r.run(21, evExecveV19E, cs("/bin/true"))
		r.run(21, evExecveV19X, execveX(0, "true", nil, 21, 10, 1, "true", nil, nil)...)
		r.pair(21, evReadE, p(i64(15), u32(1)), i64(1), []byte("x"))
		r.pair(21, evReadE, p(i64(4), u32(1)), i64(1), []byte("x"))
		// A placeholder with fds clones: its replacement has none to pass on.
		r.pair(50, evOpenE, nil, i64(3), cs("/p"), u32(1), u32(0), u32(0))
		r.run(50, evCloneV20X, cloneX(51, "p", nil, 50, 50, 1, "p", nil, 0, 0, 0, 50, 50)...)
		r.pair(51, evReadE, p(i64(3), u32(1)), i64(1), []byte("x"))
		r.pair(50, evReadE, p(i64(3), u32(1)), i64(1), []byte("x"))
		// Exits whose enter was another syscall; enters with no exit.
		r.run(10, evWriteE, i64(7), u32(1))
		r.run(10, evReadX, i64(-11), nil)
		r.run(10, evOpenE)
		r.run(10, evCloseE, i64(7))
		r.run(10, evCloseX, i64(0))
		r.run(10, evReadE, i64(7), u32(1))
		r.run(10, evReadX, i64(1), []byte("x"))
	}})
}
