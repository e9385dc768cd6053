package state

import (
	"strings"
	"testing"
)

// TestContainerOfAppIsSuffixMatch checks the rkt service lookup that host threads run
// while a section loads against its definition: a container id ending with ":" + app.
func TestContainerOfAppIsSuffixMatch(t *testing.T) {
	ids := []string{"pod9:web", "pod9:webapp", ":", "web", "a:b:web", "xweb", "p:"}
	apps := []string{"", "web", "webapp", "b:web", "eb", "pod9:web", "p", "x"}
	for _, id := range ids {
		e := New(Options{})
		e.containers[id] = &Container{ID: id}
		for _, app := range apps {
			if got, want := e.anyContainerOfApp(app), strings.HasSuffix(id, ":"+app); got != want {
				t.Errorf("id %q, app %q: %v, want %v", id, app, got, want)
			}
		}
	}
	if New(Options{}).anyContainerOfApp("web") {
		t.Error("an empty container table matches")
	}
}
