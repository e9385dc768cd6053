package render

import (
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
)

// FuzzAppendArgs renders events of every type whose parameters hold arbitrary bytes:
// rendering must never panic, whatever the parameter sizes.
func FuzzAppendArgs(f *testing.F) {
	f.Add(uint16(3), []byte("\x03\x00\x00\x00\x00\x00\x00\x00/etc/passwd\x00"), uint8(8))
	f.Add(uint16(23), []byte("\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00/x"), uint8(1))
	f.Add(uint16(255), []byte("\x05\x00\x01"), uint8(2))
	f.Fuzz(func(t *testing.T, typ uint16, data []byte, cut uint8) {
		info := schema.Info(typ % schema.NumEvents)
		if info == nil {
			return
		}
		// Split data into the event's parameters at a stride derived from cut.
		stride := int(cut)%16 + 1
		params := make([][]byte, len(info.Params))
		for i := range params {
			n := min(stride, len(data))
			params[i], data = data[:n], data[n:]
		}
		raw := event.Append(nil, 1, 1, info.ID, params...)
		r := &Renderer{Options: Options{Truncate: DefaultTruncate}}
		for _, bf := range []BufferFormat{BufferNormal, BufferEOLS, BufferHex, BufferHexASCII, BufferBase64} {
			r.Buffer = bf
			r.AppendArgs(nil, ctxOf(raw))
			for i := range params {
				r.AppendPreferred(nil, ctxOf(raw), i)
			}
		}
	})
}

// FuzzAppendPath checks that path building never panics and keeps to sysdig's buffer.
func FuzzAppendPath(f *testing.F) {
	f.Add([]byte("/tmp/"), []byte("../a/./b//c\x00"))
	f.Add([]byte(""), []byte(".."))
	f.Fuzz(func(t *testing.T, base, name []byte) {
		out, _ := AppendPath(nil, base, name)
		if len(out) > len(base)+len(name)+len("/PATH_TOO_LONG") {
			t.Fatalf("AppendPath(%q, %q) = %q grew past its inputs", base, name, out)
		}
	})
}
