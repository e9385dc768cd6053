package render

import (
	"math/rand/v2"
	"testing"
)

// appendShown agrees with the byte-by-byte definition (printable ASCII kept, every
// other byte '.') on random buffers of every length up to 40, at every start offset,
// mostly printable, with each of the 256 byte values somewhere.
func TestAppendShownIsByteByByte(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	for round := range 20000 {
		buf := make([]byte, rng.IntN(41))
		for i := range buf {
			switch {
			case round < 256 && i == 0:
				buf[i] = byte(round)
			case rng.IntN(8) == 0:
				buf[i] = byte(rng.IntN(256))
			default:
				buf[i] = byte(0x20 + rng.IntN(0x5f))
			}
		}
		out := make([]byte, len(buf))
		appendShown(out, buf)
		for i, c := range buf {
			want := byte('.')
			if c >= 0x20 && c <= 0x7e {
				want = c
			}
			if out[i] != want {
				t.Fatalf("byte %d (%#x) of %q shown as %q, want %q", i, c, buf, out[i], want)
			}
		}
	}
	out := make([]byte, 256)
	appendShown(out, all)
	for i := range all {
		if printable(byte(i)) != (out[i] == byte(i)) && byte(i) != '.' {
			t.Errorf("byte %#x shown as %q", i, out[i])
		}
	}
}
