package event

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// ValidLen, which adds four lengths per load, accepts exactly what the byte-by-byte
// check accepts, with the same length, for events of 0 to 9 parameters (u16 lengths)
// and for a large-payload type (u32 lengths), whole and with random bytes changed.
func TestValidLenAgreesWithTheSlowCheck(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for np := range 10 {
		for _, typ := range []uint16{3, largeType(t)} {
			params := make([][]byte, np)
			for i := range params {
				params[i] = make([]byte, rng.IntN(40))
			}
			good := Append(nil, 1, 1, typ, params...)
			if n, ok := ValidLen(good); !ok || n != len(good) {
				t.Fatalf("ValidLen of a good %d-parameter event of type %d = %d, %v", np, typ, n, ok)
			}
			for range 2000 {
				b := append([]byte(nil), good...)
				switch rng.IntN(3) {
				case 0: // a parameter length
					if np > 0 {
						off := HeaderLen + 2*rng.IntN(np)
						binary.LittleEndian.PutUint16(b[off:], uint16(rng.IntN(1<<16)))
					}
				case 1: // the event length
					binary.LittleEndian.PutUint32(b[16:], uint32(rng.IntN(len(b)+8)))
				case 2: // any byte of the header or length array
					b[rng.IntN(min(len(b), HeaderLen+4*np+1))] = byte(rng.IntN(256))
				}
				n, ok := ValidLen(b)
				m, err := validateSlow(b)
				if ok != (err == nil) || (ok && n != m) {
					t.Fatalf("ValidLen(%x) = %d, %v; byte by byte: %d, %v", b, n, ok, m, err)
				}
			}
		}
	}
}

// largeType is an event type whose parameter lengths are u32.
func largeType(t *testing.T) uint16 {
	for i, large := range largePayload {
		if large {
			return uint16(i)
		}
	}
	t.Skip("no large-payload event type in the table")
	return 0
}
