package state

import (
	"slices"
	"testing"
)

// TestContainersAsAddedKeepsInsertionOrder: containers come in the order the engines
// first claimed them; a container event for a known id keeps its place; one for a new id
// comes last.
func TestContainersAsAddedKeepsInsertionOrder(t *testing.T) {
	e := New(Options{})
	for i, path := range []string{"/lxc/zeta", "/docker/" + dockerID, "/lxc/alpha", "/lxc/zeta"} {
		th := newThread(int64(10 + i))
		th.Cgroups = []Cgroup{{"memory", path}}
		e.resolveContainer(th)
	}
	e.putContainer(&Container{ID: "alpha", Type: ContainerLXC, Name: "renamed"})
	e.putContainer(&Container{ID: "beta", Type: ContainerLXC})
	var got []string
	e.ContainersAsAdded(func(c *Container) bool {
		got = append(got, c.ID)
		return true
	})
	if want := []string{"zeta", dockerID[:12], "alpha", "beta"}; !slices.Equal(got, want) {
		t.Errorf("order %q, want %q", got, want)
	}
	if c := e.Container("alpha"); c == nil || c.Name != "renamed" {
		t.Errorf("alpha not replaced: %+v", c)
	}
}

// TestSnapshotKeepsContainerOrder: a state image lists containers in the order they
// entered the table, and the restored engine keeps it.
func TestSnapshotKeepsContainerOrder(t *testing.T) {
	e := New(Options{})
	for _, id := range []string{"zeta", "alpha", "mid"} {
		e.putContainer(&Container{ID: id, Type: ContainerLXC})
	}
	img, err := e.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	r := New(Options{})
	if err := r.Restore(img); err != nil {
		t.Fatal(err)
	}
	var got []string
	r.ContainersAsAdded(func(c *Container) bool {
		got = append(got, c.ID)
		return true
	})
	if want := []string{"zeta", "alpha", "mid"}; !slices.Equal(got, want) {
		t.Errorf("restored order %q, want %q", got, want)
	}
}
