package state

import "testing"

// The expectations of these tests are what sysdig 0.29.3 printed for container.id,
// container.name and container.type on live recordings of the same steps: processes
// chrooted (in private mount namespaces) into rkt-like roots, and processes moved into
// ".service" cgroups whose "<pod>:<app>" container an lxc cgroup had put in the table.

// TestRktRootFromChroot: a chroot into /opt/stage2/<app>/rootfs of a process whose
// environment names the pod gives it the container "<pod>:<app>", which is not put in
// the table; its children inherit it through the root. Without the pod variable the
// process stays on the host; a fly pod's root needs no variable.
func TestRktRootFromChroot(t *testing.T) {
	withPod := proc(100, 100, 1, "python3", "/")
	withPod.Env = nul("container_uuid=pod-1234", "HOME=/root")
	withPod.Cgroups = nul("cpu=/user.slice")
	noPod := proc(300, 300, 1, "python3", "/")
	noPod.Cgroups = nul("cpu=/user.slice")
	fly := proc(400, 400, 1, "python3", "/")
	quirk := proc(500, 500, 1, "python3", "/")
	quirk.Env = nul("container_uuid=podq")
	h := newHarness(t, section(withPod, noPod, fly, quirk))

	h.pair(100, evChrootE, nil, i64(0), cs("/opt/stage2/myapp/rootfs"))
	h.run(100, evCloneV20X, cloneX(200, "python3", nil, 100, 100, 1, "python3", []string{"cpu=/user.slice"}, 0, 0, 0, 100, 100)...)
	h.pair(300, evChrootE, nil, i64(0), cs("/opt/stage2/noenv/rootfs"))
	h.pair(400, evChrootE, nil, i64(0), cs("/var/lib/rkt/pods/run/podfly/stage1/rootfs/opt/stage2/flyapp/rootfs"))
	// "/rootfs" found at the prefix's own slash: the application is the rest of the root.
	h.pair(500, evChrootE, nil, i64(0), cs("/opt/stage2/rootfs/x"))

	for tid, want := range map[int64]string{
		100: "pod-1234:myapp", 200: "pod-1234:myapp", 300: "", 400: "podfly:flyapp", 500: "podq:rootfs/x",
	} {
		th := h.e.Thread(tid)
		if th == nil {
			t.Fatalf("thread %d missing", tid)
		}
		if th.ContainerID != want {
			t.Errorf("thread %d: container %q, want %q", tid, th.ContainerID, want)
		}
		if want != "" && h.e.Container(want) != nil {
			t.Errorf("thread %d: container %q was put in the table", tid, want)
		}
	}
}

// TestRktServiceCgroup: a thread in a ".service" cgroup (or, by sysdig's suffix test,
// any 7-byte path) whose parent names the pod (environment, or an argument containing
// "--uuid=") gets "<pod>:<app>" when that container is already in the table, here made
// by the lxc engine; the same cgroups with no such container, or no pod, stay on the
// host, also once another thread has had them resolved.
func TestRktServiceCgroup(t *testing.T) {
	e := New(Options{})
	for _, name := range []string{"pod9:web", "pod9:webapp", "pod7:argapp"} {
		lxc := newThread(10)
		lxc.Cgroups = []Cgroup{{"memory", "/lxc/" + name}}
		e.resolveContainer(lxc)
	}
	envParent := newThread(1)
	envParent.Pid, envParent.Env = 1, []string{"container_uuid=pod9"}
	argParent := newThread(2)
	argParent.Pid, argParent.Args = 2, []string{"-c", "script", "x", "--uuid=pod7"}
	plain := newThread(3)
	plain.Pid = 3
	e.threads[1], e.threads[2], e.threads[3] = envParent, argParent, plain

	cases := []struct {
		ptid   int64
		cgroup string
		want   string
	}{
		{3, "/system.slice/web.service", ""}, // first: the set is remembered as the host's
		{1, "/system.slice/web.service", "pod9:web"},
		{1, "/webapp", "pod9:webapp"},
		{2, "/system.slice/argapp.service", "pod7:argapp"},
		{1, "/system.slice/other.service", ""},
	}
	for i, c := range cases {
		th := newThread(int64(100 + i))
		th.Pid, th.Ptid = th.Tid, c.ptid
		th.Cgroups = []Cgroup{{"cpu", c.cgroup}, {"memory", "/"}}
		e.resolveContainer(th)
		if th.ContainerID != c.want {
			t.Errorf("%s under %d: container %q, want %q", c.cgroup, c.ptid, th.ContainerID, c.want)
		}
	}
}
