package chisel

import (
	"slices"
	"testing"
)

// TestContainerTableOrder: sysdig 0.29.3's lscontainers listed the containers of a
// recording whose processes (started in this order) were in a docker, a podman, an lxc,
// a libvirt-lxc and a bpm cgroup as pre1, vm7, "pre box", 3e6e7a859364, 5dbd415cf1ae:
// the iteration order of its container table, a hash map keyed by id.
func TestContainerTableOrder(t *testing.T) {
	added := []string{"5dbd415cf1ae", "3e6e7a859364", "pre box", "vm7", "pre1"}
	want := []string{"pre1", "vm7", "pre box", "3e6e7a859364", "5dbd415cf1ae"}
	if got := stdStringHashOrder(added); !slices.Equal(got, want) {
		t.Errorf("order %q, want %q", got, want)
	}
}

// TestStdStringHashCoversTails: strings whose lengths cover whole words and every tail
// length hash apart, and the hash depends on every byte.
func TestStdStringHashCoversTails(t *testing.T) {
	seen := map[uint64]string{}
	base := "0123456789abcdefg"
	for n := 0; n <= len(base); n++ {
		s := base[:n]
		h := stdStringHash(s)
		if prev, dup := seen[h]; dup {
			t.Errorf("%q and %q hash alike", s, prev)
		}
		seen[h] = s
		if n > 0 {
			b := []byte(s)
			b[n-1] ^= 1
			if stdStringHash(string(b)) == h {
				t.Errorf("flipping the last byte of %q leaves its hash", s)
			}
		}
	}
}
