package state

import (
	"slices"
	"testing"
)

// TestFDTableDenseAndSparse checks the table across its two stores: low fds in the
// dense slice, large, negative and saved fds in the map, in one ascending order.
func TestFDTableDenseAndSparse(t *testing.T) {
	var pool fdPool
	tab := newFDTable()
	fds := []int64{savedFD, 5000, 0, 3, denseFDs - 1, denseFDs, -7, 64}
	for _, fd := range fds {
		if tab.add(fd, &FD{Name: "f", Ino: uint64(fd)}, DefaultMaxFDs, &pool) == nil {
			t.Fatalf("add %d refused", fd)
		}
	}
	if tab.Len() != len(fds) {
		t.Fatalf("Len %d, want %d", tab.Len(), len(fds))
	}
	want := slices.Clone(fds)
	slices.Sort(want)
	if got := tab.FDs(); !slices.Equal(got, want) {
		t.Fatalf("FDs %v, want %v", got, want)
	}
	for _, fd := range fds {
		if f := tab.Get(fd); f == nil || f.Ino != uint64(fd) {
			t.Fatalf("Get(%d) = %+v", fd, f)
		}
	}
	for _, fd := range []int64{1, 2, denseFDs + 1, -1, 6000} {
		if f := tab.Get(fd); f != nil {
			t.Fatalf("Get(%d) = %+v for an absent fd", fd, f)
		}
	}
	// Replacing keeps the count; erasing lowers it and hands the entry to the pool.
	tab.add(3, &FD{Name: "g", Ino: 33}, DefaultMaxFDs, &pool)
	if tab.Len() != len(fds) || tab.Get(3).Name != "g" {
		t.Fatalf("replace: Len %d, fd 3 %+v", tab.Len(), tab.Get(3))
	}
	old := tab.Get(3)
	tab.erase(3, &pool)
	tab.erase(5000, &pool)
	tab.erase(2, &pool) // absent: nothing happens
	if tab.Len() != len(fds)-2 || tab.Get(3) != nil || tab.Get(5000) != nil {
		t.Fatalf("erase: Len %d, fd 3 %v, fd 5000 %v", tab.Len(), tab.Get(3), tab.Get(5000))
	}
	if *old != (FD{}) {
		t.Errorf("erased entry not cleared for reuse: %+v", old)
	}
	seen := 0
	for fd, f := range tab.all() {
		if tab.Get(fd) != f {
			t.Errorf("all yields fd %d with another entry", fd)
		}
		seen++
	}
	if seen != tab.Len() {
		t.Errorf("all yields %d entries, Len %d", seen, tab.Len())
	}
	c := tab.clone()
	if !slices.Equal(c.FDs(), tab.FDs()) || c.Len() != tab.Len() {
		t.Fatalf("clone FDs %v, want %v", c.FDs(), tab.FDs())
	}
	for _, fd := range c.FDs() {
		if c.Get(fd) == tab.Get(fd) || c.Get(fd).Flags&FDIsCloned == 0 || c.Get(fd).Ino != tab.Get(fd).Ino {
			t.Fatalf("clone of fd %d: %+v", fd, c.Get(fd))
		}
	}
}

func TestFDTableLimitCountsBothStores(t *testing.T) {
	var pool fdPool
	tab := newFDTable()
	for _, fd := range []int64{1, 2, 9000} {
		if tab.add(fd, &FD{}, 3, &pool) == nil {
			t.Fatalf("add %d refused below the limit", fd)
		}
	}
	if tab.add(4, &FD{}, 3, &pool) != nil || tab.add(9001, &FD{}, 3, &pool) != nil {
		t.Fatal("a full table accepted a new fd")
	}
	if tab.add(9000, &FD{Name: "again"}, 3, &pool) == nil {
		t.Fatal("a full table refused replacing an existing fd")
	}
}

func TestNameCacheReusesStrings(t *testing.T) {
	var c nameCache
	a := c.intern([]byte("/etc/hosts"))
	b := c.intern([]byte("/etc/hosts"))
	if a != "/etc/hosts" || b != a {
		t.Fatalf("intern gave %q and %q", a, b)
	}
	if n := testing.AllocsPerRun(100, func() { c.intern([]byte("/etc/hosts")) }); n != 0 {
		t.Errorf("interning a cached name allocates %.1f times", n)
	}
	for i := range 3 * nameSlots {
		name := []byte{'/', byte(i), byte(i >> 8), byte(i >> 16)}
		if got := c.intern(name); got != string(name) {
			t.Fatalf("intern(%q) = %q", name, got)
		}
	}
}
