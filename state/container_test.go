package state

import (
	"strings"
	"testing"
)

func TestContainerIDFromCgroups(t *testing.T) {
	id := dockerID
	cases := []struct {
		name, cgroup, want string
		typ                int // -1: no container entry is created
	}{
		{"docker", "/docker/" + id, id[:12], ContainerDocker},
		{"docker systemd", "/system.slice/docker-" + id + ".scope", id[:12], ContainerDocker},
		{"kubepods (runc layout: docker claims it)", "/kubepods/besteffort/pod1234/" + id, id[:12], ContainerDocker},
		{"cri-o", "/kubepods.slice/kubepods-pod1.slice/crio-" + id + ".scope", id[:12], -1},
		{"cri-o cgroupfs", "/kubepods/pod1/crio-" + id, id[:12], -1},
		{"containerd", "/system.slice/cri-containerd-" + id + ".scope", id[:12], -1},
		{"containerd cgroupfs", "/kubepods-pod1.slice:cri-containerd:" + id, id[:12], -1},
		{"podman", "/machine.slice/libpod-" + id + ".scope", id[:12], ContainerPodman},
		{"lxc", "/lxc/web01/init.scope", "web01", ContainerLXC},
		{"lxc payload", "/lxc.payload/db/system.slice", "db", ContainerLXC},
		{"libvirt-lxc suffix", "/machine/guest1.libvirt-lxc", "guest1", ContainerLibvirtLXC},
		{"libvirt-lxc systemd", `/machine.slice/machine-lxc\x2dguest2.scope`, "guest2", ContainerLibvirtLXC},
		{"libvirt-lxc path (lxc, asked first, claims it)", "/libvirt/lxc/guest3", "guest3", ContainerLXC},
		{"bpm", "/system.slice/bpm-job_1.scope", "job_1", ContainerBPM},
		{"host", "/user.slice/user-1000.slice/session-1.scope", "", -1},
		{"too short id", "/docker/" + id[:63], "", -1},
		{"non-hex early", "/d/" + strings.Repeat("z", 64), "", -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := New(Options{})
			th := newThread(1)
			th.Cgroups = []Cgroup{{"cpuset", "/"}, {"cpu", c.cgroup}}
			e.resolveContainer(th)
			if th.ContainerID != c.want {
				t.Fatalf("container id %q, want %q", th.ContainerID, c.want)
			}
			ct := e.Container(c.want)
			if c.typ < 0 {
				if ct != nil {
					t.Errorf("unexpected container entry %+v", ct)
				}
				return
			}
			if ct == nil || ct.Type != c.typ || ct.LookupState != LookupSuccessful {
				t.Fatalf("container entry %+v, want type %d", ct, c.typ)
			}
			if named := c.typ != ContainerDocker && c.typ != ContainerPodman; named != (ct.Name == c.want) {
				t.Errorf("entry name %q", ct.Name)
			}
		})
	}
}

func TestRuncHexCheckIsAbsolute(t *testing.T) {
	// The id starts past index 64 of the path: a non-hex character inside it is not
	// noticed (the reference compares the character's absolute index with 64).
	long := "/" + strings.Repeat("p", 70) + "/docker/" + strings.Repeat("z", 64)
	if id, ok := matchRunc(long, runcLayout{"/", ""}); !ok || id != strings.Repeat("z", 12) {
		t.Errorf("deep non-hex id: %q %v", id, ok)
	}
}

func TestMesosNeedsTaskID(t *testing.T) {
	mid := "0f3a1c2d-4e5f-6789-abcd-ef0123456789"
	e := New(Options{})
	parent := newThread(1)
	parent.Pid = 1
	parent.Env = []string{"MESOS_TASK_ID=web.1234"}
	e.threads[1] = parent
	th := newThread(2)
	th.Pid, th.Ptid = 2, 1
	th.Cgroups = []Cgroup{{"cpu", "/mesos/" + mid}}
	e.resolveContainer(th)
	if th.ContainerID != mid || e.Container(mid).Type != ContainerMesos {
		t.Errorf("mesos: %q", th.ContainerID)
	}
	parent.Env = nil
	th2 := newThread(3)
	th2.Cgroups = th.Cgroups
	th2.Ptid = 1
	e.resolveContainer(th2)
	if th2.ContainerID != "" {
		t.Errorf("mesos without a task id: %q", th2.ContainerID)
	}
}

func TestContainerEvents(t *testing.T) {
	h := newHarness(t, section(proc(1, 1, 0, "init", "/")))
	js := `{"container":{"id":"9dbcbd0c435f","name":"epic_cray","image":"nginx:latest","type":0,` +
		`"privileged":true,"ip":"172.17.0.2","Mounts":[{"Source":"/a","Destination":"/b","Mode":"ro","RW":false,"Propagation":"rprivate"}],` +
		`"Healthcheck":{"exe":"curl","args":["-f","localhost"]},"labels":{"k":"v"},"memory_limit":"bad type"}}` + "\n"
	// At the start of a capture container events are consumed (hidden).
	ctx := h.run(-1, evContainerJsonE, cs(js))
	if !ctx.Hidden || ctx.Thread == nil || ctx.Thread.Comm != "container:9dbcbd0c435f" || ctx.Thread.Tid != -1 || ctx.Thread.Vtid != -2 {
		t.Fatalf("initial container event: hidden %v thread %+v", ctx.Hidden, ctx.Thread)
	}
	c := h.e.Container("9dbcbd0c435f")
	if c == nil || c.Name != "epic_cray" || c.Privileged == nil || !*c.Privileged || c.IP != 0xac110002 ||
		len(c.Mounts) != 1 || c.Mounts[0].Propagation != "rprivate" || c.Healthcheck == nil || c.Labels["k"] != "v" || c.MemoryLimit != 0 {
		t.Fatalf("container %+v", c)
	}
	if h.e.FirstEventTS() != 0 {
		t.Error("container events must not set the first event timestamp")
	}
	ctx = h.run(1, evGetuidE)
	if ctx.Hidden || h.e.FirstEventTS() != ctx.Ev.Ts() {
		t.Error("first ordinary event")
	}
	// Later container events are shown, unless their lookup did not succeed.
	if ctx := h.run(-1, evContainerJsonE, cs(`{"container":{"id":"abc","lookup_state":1}}`)); ctx.Hidden {
		t.Error("successful container event hidden")
	}
	if ctx := h.run(-1, evContainerJsonE, cs(`{"container":{"id":"def","lookup_state":0}}`)); !ctx.Hidden {
		t.Error("a STARTED container read from a capture counts as failed and is hidden")
	}
	if c := h.e.Container("def"); c == nil || c.LookupState != LookupFailed {
		t.Errorf("failed container entry %+v", c)
	}
	// The health probe gives a matching process of the container its category.
	cg := []string{"cpu=/docker/9dbcbd0c435f" + strings.Repeat("0", 52)}
	h.run(1, evCloneV20X, cloneX(40, "curl", []string{"-f", "localhost"}, 1, 1, 0, "curl", cg, 0, 0, 0, 1, 1)...)
	th := h.e.Thread(40)
	if th.ContainerID != "9dbcbd0c435f" || th.Category != CategoryHealthcheck {
		t.Errorf("probe process: container %q category %d", th.ContainerID, th.Category)
	}
	if !h.e.IsLocalAddr(th, ip4("172.17.0.2")) || h.e.IsLocalAddr(th, ip4("172.17.0.3")) {
		t.Error("container IP must be local to its processes")
	}
}

func TestOldContainerEvent(t *testing.T) {
	h := newHarness(t, section(proc(1, 1, 0, "init", "/")))
	ctx := h.run(-1, evContainerE, cs("c1"), u32(ContainerLXC), cs("box"), cs("img"))
	if !ctx.Hidden {
		t.Error("an initial CONTAINER_E is consumed")
	}
	if c := h.e.Container("c1"); c == nil || c.Name != "box" || c.Type != ContainerLXC || c.Image != "img" {
		t.Errorf("old container event: %+v", c)
	}
}

// viewOnly hides the engine's type, as another View implementation would.
type viewOnly struct{ *Engine }

func TestIsLocalAddrThroughAView(t *testing.T) {
	h := newHarness(t, section(proc(1, 1, 0, "init", "/")))
	h.run(-1, evContainerJsonE, cs(`{"container":{"id":"aaa","ip":"172.17.0.2"}}`))
	h.run(-1, evContainerJsonE, cs(`{"container":{"id":"bbb"}}`))
	inA, inB, host := newThread(10), newThread(11), newThread(12)
	inA.ContainerID, inB.ContainerID = "aaa", "bbb"
	cases := []struct {
		t    *Thread
		addr []byte
		want bool
	}{
		{inA, ip4("172.17.0.2"), true},
		{inA, ip4("10.0.0.5"), true},
		{inA, ip4("10.0.0.6"), false},
		{inB, ip4("172.17.0.2"), true}, // IP unknown: any container's counts
		{host, ip4("172.17.0.2"), false},
		{host, ip4("127.0.0.1"), true},
		{host, ip6("2001:db8::1"), false},
		{inA, ip6("::1"), false},
	}
	for _, c := range cases {
		if got := h.e.IsLocalAddr(c.t, c.addr); got != c.want {
			t.Errorf("Engine.IsLocalAddr(%s, %v) = %v", c.t.ContainerID, c.addr, got)
		}
		if got := IsLocalAddr(viewOnly{h.e}, c.t, c.addr); got != c.want {
			t.Errorf("IsLocalAddr(view, %s, %v) = %v", c.t.ContainerID, c.addr, got)
		}
	}
}

func TestInitialContainerEventsPrecedeProcessList(t *testing.T) {
	cid := strings.Repeat("ab", 32)
	probe := proc(50, 50, 40, "curl", "/", "-f", "localhost")
	probe.Exe = "curl"
	probe.Vpid = 7
	probe.Cgroups = nul("cpu=/docker/" + cid)
	h := newHarness(t, section(probe))
	h.run(-1, evContainerJsonE, cs(`{"container":{"id":"`+cid[:12]+`","Healthcheck":{"exe":"curl","args":["-f","localhost"]}}}`))
	h.run(50, evGetuidE)
	if th := h.e.Thread(50); th.Category != CategoryHealthcheck || th.ContainerID != cid[:12] {
		t.Errorf("process-list thread of a probed container: category %d container %q", th.Category, th.ContainerID)
	}
}
