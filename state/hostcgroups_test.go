package state

import "testing"

func TestHostCgroupSetsAreMatchedOnce(t *testing.T) {
	e := New(Options{})
	host := []Cgroup{{"cpuset", "/"}, {"cpu", "/user.slice/user-1000.slice/session-1.scope"}}
	a := newThread(10)
	a.Cgroups = host
	e.resolveContainer(a)
	if a.ContainerID != "" || !e.hosts.known(host) {
		t.Fatalf("host thread: container %q, set remembered %v", a.ContainerID, e.hosts.known(host))
	}
	// An equal set in another slice is recognised; a set that differs in one path is not.
	b := newThread(11)
	b.Cgroups = []Cgroup{{"cpuset", "/"}, {"cpu", "/user.slice/user-1000.slice/session-1.scope"}}
	b.ContainerID = "stale"
	e.resolveContainer(b)
	if b.ContainerID != "" {
		t.Errorf("second host thread: container %q", b.ContainerID)
	}
	if e.hosts.known([]Cgroup{{"cpuset", "/"}, {"cpu", "/user.slice/user-1000.slice/session-2.scope"}}) {
		t.Error("a different set counts as known")
	}
	// Sets that hold a container are never remembered.
	docker := []Cgroup{{"cpuset", "/"}, {"cpu", "/docker/" + dockerID}}
	c := newThread(12)
	c.Cgroups = docker
	e.resolveContainer(c)
	if c.ContainerID != dockerID[:12] || e.hosts.known(docker) {
		t.Errorf("docker thread: container %q, set remembered %v", c.ContainerID, e.hosts.known(docker))
	}
}

// TestMesosSetsAreNotRemembered: whether a mesos cgroup is a container depends on the
// environment, so a thread without a task id must not decide for the next one.
func TestMesosSetsAreNotRemembered(t *testing.T) {
	mid := "0f3a1c2d-4e5f-6789-abcd-ef0123456789"
	cgs := []Cgroup{{"cpu", "/mesos/" + mid}}
	e := New(Options{})
	without := newThread(2)
	without.Cgroups = cgs
	e.resolveContainer(without)
	if without.ContainerID != "" {
		t.Fatalf("mesos without a task id: %q", without.ContainerID)
	}
	with := newThread(3)
	with.Pid = 3
	with.Env = []string{"MESOS_TASK_ID=web.1234"}
	with.Cgroups = cgs
	e.threads[3] = with
	e.resolveContainer(with)
	if with.ContainerID != mid {
		t.Errorf("mesos with a task id after one without: container %q, want %q", with.ContainerID, mid)
	}
}

// TestHostCgroupsSharedSlices: a slice already answered is recognised by its memory, but
// only with its whole length; a shorter view of it is a different set.
func TestHostCgroupsSharedSlices(t *testing.T) {
	e := New(Options{})
	host := []Cgroup{{"cpuset", "/"}, {"cpu", "/user.slice"}}
	a := newThread(10)
	a.Cgroups = host
	e.resolveContainer(a)
	if !e.hosts.known(host) || !e.hosts.known(host) {
		t.Fatal("host set not remembered")
	}
	if n, ok := e.hosts.shared[&host[0]]; !ok || n != 2 {
		t.Errorf("shared slice not recorded: %d, %v", n, ok)
	}
	if e.hosts.known(host[:1]) {
		t.Error("the first cgroup alone counts as the remembered set")
	}
	e.LoadSection(nil)
	if e.hosts.known(host) {
		t.Error("a new section still knows the old section's sets")
	}
}
