package render

import (
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/state"
)

func TestAppendPathVectors(t *testing.T) {
	// The test vectors of the state-engine specification (§3.6.1).
	cases := []struct{ base, name, want string }{
		{"/tmp/", "foo", "/tmp/foo"},
		{"/tmp/", "./foo", "/tmp/foo"},
		{"/tmp/", "../foo", "/foo"},
		{"/tmp/a/b/", "../../c", "/tmp/c"},
		{"/", "../../etc/passwd", "/etc/passwd"},
		{"/tmp/", "foo/", "/tmp/foo"},
		{"/tmp/", "foo//bar", "/tmp/foo/bar"},
		{"/tmp/", "/abs/../x", "/x"},
		{"/tmp/", "..", "/"},
		{"/tmp/", ".", "/tmp"},
		{"/tmp/", "a/..", "/tmp"},
		{"/tmp/", "a/../../b", "/b"},
		{"/tmp/", "..foo", "/tmp/..foo"},
		{"/x/", "...", "/x/.."},
		{"/tmp/", "", "/tmp"},
		{"/tmp/", "foo\x01bar", "/tmp/foo.bar"},
		{"/tmp/", "a\xc3\xa9", "/tmp/a.."},
		{"", "rel", "rel"},
		{"/tmp/", "//x", "/x"},
	}
	for _, c := range cases {
		name := append([]byte(c.name), 0) // parameters carry their NUL
		got, _ := AppendPath([]byte("prefix:"), []byte(c.base), name)
		if string(got) != "prefix:"+c.want {
			t.Errorf("AppendPath(%q, %q) = %q, want %q", c.base, c.name, got[7:], c.want)
		}
	}
	long := strings.Repeat("a", 1100)
	if got, _ := AppendPath(nil, []byte("/"), []byte(long)); string(got) != "/PATH_TOO_LONG" {
		t.Errorf("long path = %q, want /PATH_TOO_LONG", got)
	}
}

func TestFlagWalk(t *testing.T) {
	ff := schema.FlagTableByName("file_flags")
	if ff == nil {
		t.Fatal("no file_flags table")
	}
	cases := []struct {
		v    uint32
		want string
	}{
		{4097, "O_RDONLY|O_CLOEXEC"},
		{263, "O_TRUNC|O_CREAT|O_RDWR"},
		{1, "O_RDONLY"},
		{0, "O_NONE"},
		{3, "O_RDWR"},
		{1 << 30, ""},
	}
	for _, c := range cases {
		if got := string(AppendFlagNames(nil, ff, c.v)); got != c.want {
			t.Errorf("flags %d = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestNames(t *testing.T) {
	for v, want := range map[int64]string{2: "ENOENT", 115: "EINPROGRESS", 512: "ERESTARTSYS", 41: "", 600: ""} {
		if got := ErrnoName(v); got != want {
			t.Errorf("ErrnoName(%d) = %q, want %q", v, got, want)
		}
	}
	if SignalName(9) != "SIGKILL" || SignalName(32) != "" || SignalName(0) != "" {
		t.Errorf("signal names: 9=%q 32=%q", SignalName(9), SignalName(32))
	}
}

func TestBuffers(t *testing.T) {
	b81 := []byte(strings.Repeat("x", 81))
	if got := string(AppendBuffer(nil, b81, BufferNormal, DefaultTruncate)); got != strings.Repeat("x", 77)+"..." {
		t.Errorf("81-byte buffer = %q (%d chars)", got, len(got))
	}
	b80 := []byte(strings.Repeat("y", 80))
	if got := string(AppendBuffer(nil, b80, BufferNormal, DefaultTruncate)); got != string(b80) {
		t.Errorf("80-byte buffer truncated: %q", got)
	}
	if got := string(AppendBuffer(nil, b81, BufferNormal, 0)); got != string(b81) {
		t.Errorf("untruncated buffer = %q", got)
	}
	if got := string(AppendBuffer(nil, []byte("a\x00b\nc\x7f"), BufferNormal, 80)); got != "a.b.c." {
		t.Errorf("non-printables = %q, want a.b.c.", got)
	}
	if got := string(AppendBuffer(nil, []byte("ab\r\ncd\ne\x01"), BufferEOLS, 0)); got != "\nab\ncd\ne" {
		t.Errorf("EOLS = %q", got)
	}
	// Buffers written by a live test and rendered by sysdig -A.
	for in, want := range map[string]string{"\nA\n": "\nA\n", "\rB": "\n\nB", "\r\nC": "\n\nC", "\n\nD": "\n\nD",
		"E\n\n\nF\r\r\nG\n": "\nE\n\n\nF\n\nG\n"} {
		if got := string(AppendBuffer(nil, []byte(in), BufferEOLS, 0)); got != want {
			t.Errorf("EOLS of %q = %q, want %q", in, got, want)
		}
	}
	data := []byte("\x7fELF\x02\x01\x01\x03\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>")
	wantHex := "\n\t0x0000: 7f45 4c46 0201 0103 0000 0000 0000 0000\n\t0x0010: 0300 3e\n"
	if got := string(AppendBuffer(nil, data, BufferHex, 0)); got != wantHex {
		t.Errorf("hex = %q, want %q", got, wantHex)
	}
	wantHA := "\n\t0x0000: 7f45 4c46 0201 0103 0000 0000 0000 0000  .ELF............\n\t0x0010: 0300 3e" +
		strings.Repeat(" ", 5*6) + "  ..>\n"
	if got := string(AppendBuffer(nil, data, BufferHexASCII, 0)); got != wantHA {
		t.Errorf("hexascii = %q, want %q", got, wantHA)
	}
	if got := string(AppendBuffer(nil, []byte("ping"), BufferBase64, 0)); got != "cGluZw==" {
		t.Errorf("base64 = %q", got)
	}
}

func TestNetworkText(t *testing.T) {
	v6 := func(s ...byte) []byte { b := make([]byte, 16); copy(b[16-len(s):], s); return b }
	doc := []byte{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x03, 0, 0}
	cases := []struct {
		a    []byte
		want string
	}{
		{v6(), "::"},
		{v6(1), "::1"},
		{v6(0xff, 0xff, 1, 2, 3, 4), "::ffff:1.2.3.4"},
		{doc, "2001:db8::3:0"},
		{[]byte{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1}, "fe80::1:0:0:1"},
	}
	for _, c := range cases {
		if got := string(state.AppendIPv6(nil, c.a)); got != c.want {
			t.Errorf("AppendIPv6(%x) = %q, want %q", c.a, got, c.want)
		}
	}
	tuple4 := []byte{2, 127, 0, 0, 1, 0x6c, 0x9e, 127, 0, 0, 1, 0x90, 0x1f}
	if got := string(AppendSocktuple(nil, tuple4)); got != "127.0.0.1:40556->127.0.0.1:8080" {
		t.Errorf("IPv4 tuple = %q", got)
	}
	unix := append([]byte{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x94, 0x7b, 0x81, 0xdc, 0x94, 0xff, 0xff}, "/var/run/nscd/socket\x00"...)
	if got := string(AppendSocktuple(nil, unix)); got != "0->ffff94dc817b9400 /var/run/nscd/socket" {
		t.Errorf("unix tuple = %q", got)
	}
	six := append([]byte{10}, v6(0xff, 0xff, 10, 0, 0, 1)...)
	six = append(six, 0x50, 0)
	six = append(six, v6(0xff, 0xff, 10, 0, 0, 2)...)
	six = append(six, 0xbb, 1)
	if got := string(AppendSocktuple(nil, six)); got != "10.0.0.1:80->10.0.0.2:443" {
		t.Errorf("mapped IPv6 tuple = %q", got)
	}
	if got := string(AppendSocktuple(nil, unix[:9])); got != "NULL" {
		t.Errorf("short unix tuple = %q, want NULL", got)
	}
	if got := string(AppendSocktuple(nil, nil)); got != "NULL" {
		t.Errorf("empty tuple = %q", got)
	}
	addr := append([]byte{10}, doc...)
	addr = append(addr, 0xd2, 0x04)
	if got := string(state.AppendSockaddr(nil, addr)); got != "2001:db8::3:0:1234" {
		t.Errorf("IPv6 sockaddr = %q", got)
	}
	if got := string(state.AppendSockaddr(nil, []byte{2, 1, 2, 3})); got != "INVALID IPv4" {
		t.Errorf("short IPv4 sockaddr = %q", got)
	}
}

// ctxOf wraps raw event bytes in an event context without state.
func ctxOf(raw []byte) *state.EventContext {
	return &state.EventContext{Ev: &event.Event{Raw: raw}}
}

func TestParamsWithoutState(t *testing.T) {
	r := &Renderer{Options: Options{Truncate: DefaultTruncate}}
	// open exit: fd, name, flags, mode, dev
	open := event.Append(nil, 1, 10, 3, event.I64(-2), event.CStr("/etc/passwd"), event.U32(4097), event.U32(0o644), event.U32(0))
	if got := string(r.AppendArgs(nil, ctxOf(open))); got != "fd=-2(ENOENT) name=/etc/passwd flags=4097(O_RDONLY|O_CLOEXEC) mode=0644 dev=0 " {
		t.Errorf("open args = %q", got)
	}
	// read exit: res, data (81 bytes)
	data := []byte(strings.Repeat("z", 81))
	read := event.Append(nil, 1, 10, 7, event.I64(81), data)
	want := "res=81 data=" + strings.Repeat("z", 77) + "... "
	if got := string(r.AppendArgs(nil, ctxOf(read))); got != want {
		t.Errorf("read args = %q", got)
	}
	// generic events have no args
	gen := event.Append(nil, 1, 10, 1, event.U16(5))
	if got := r.AppendArgs(nil, ctxOf(gen)); len(got) != 0 {
		t.Errorf("generic args = %q", got)
	}
	// preferred form: resolved if any, raw otherwise
	if got := string(r.AppendPreferred(nil, ctxOf(open), 0)); got != "ENOENT" {
		t.Errorf("preferred fd = %q", got)
	}
	if got := string(r.AppendPreferred(nil, ctxOf(open), 1)); got != "/etc/passwd" {
		t.Errorf("preferred name = %q", got)
	}
}

func TestUnsignedRenderedSigned(t *testing.T) {
	// sysdig prints every integer parameter with a signed conversion.
	if got := string(AppendInt(nil, event.U32(0xffffffff), schema.FormatDec)); got != "-1" {
		t.Errorf("u32 max = %q, want -1", got)
	}
	if got := string(AppendInt(nil, event.U32(438), schema.FormatOct)); got != "0666" {
		t.Errorf("octal = %q", got)
	}
	if got := string(AppendInt(nil, event.U32(0), schema.FormatOct)); got != "0" {
		t.Errorf("octal 0 = %q", got)
	}
	if got := string(AppendInt(nil, event.U64(255), schema.FormatHex)); got != "FF" {
		t.Errorf("hex = %q", got)
	}
}
