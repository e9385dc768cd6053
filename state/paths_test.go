package state

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestConcatenatePathsVectors(t *testing.T) {
	// The test vectors of the specification (state-engine.md §3.6.1).
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
		{"/tmp/", "foo\x00ignored", "/tmp/foo"},
	}
	for _, c := range cases {
		if got := ConcatenatePaths(c.base, c.name); got != c.want {
			t.Errorf("ConcatenatePaths(%q, %q) = %q, want %q", c.base, c.name, got, c.want)
		}
	}
}

func TestConcatenatePathsTooLong(t *testing.T) {
	base := "/" + strings.Repeat("d", 600) + "/"
	if got := ConcatenatePaths(base, strings.Repeat("f", 421)); got != "/PATH_TOO_LONG" {
		t.Errorf("1025-byte join = %q, want /PATH_TOO_LONG", got[:20])
	}
	// One byte shorter fits: len(base) + len(name) + NUL + 1 == 1024.
	if got := ConcatenatePaths(base, strings.Repeat("f", 420)); got == "/PATH_TOO_LONG" {
		t.Errorf("a 1023-byte join is refused")
	}
}

func TestAppendIPv6(t *testing.T) {
	cases := []struct{ in, want string }{
		{"2001:db8::3", "2001:db8::3"},
		{"::1", "::1"},
		{"::", "::"},
		{"::ffff:10.1.2.3", "::ffff:10.1.2.3"},
		{"::10.1.2.3", "::10.1.2.3"},
		{"fe80::1:0:0:1", "fe80::1:0:0:1"},
		{"1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"},
		{"1:0:0:2:0:0:0:3", "1:0:0:2::3"},
		{"1:0:0:2:3:0:0:4", "1::2:3:0:0:4"},
		{"1:2:3:4:5:6:7:0", "1:2:3:4:5:6:7:0"},
		{"1:2:3:4:5:6:0:0", "1:2:3:4:5:6::"},
	}
	for _, c := range cases {
		if got := string(AppendIPv6(nil, ip6(c.in))); got != c.want {
			t.Errorf("AppendIPv6(%s) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestRenderAddresses(t *testing.T) {
	cases := []struct {
		name string
		got  []byte
		want string
	}{
		{"sockaddr v4", AppendSockaddr(nil, sockaddr4("0.0.0.0", 8080)), "0.0.0.0:8080"},
		{"sockaddr v6", AppendSockaddr(nil, sockaddr6("2001:db8::3", 1234)), "2001:db8::3:1234"},
		{"sockaddr unix", AppendSockaddr(nil, append([]byte{afUnix}, cs("/run/x\x01.sock")...)), "/run/x.sock"},
		{"sockaddr empty", AppendSockaddr(nil, nil), "NULL"},
		{"sockaddr short v4", AppendSockaddr(nil, []byte{afInet, 1, 2}), "INVALID IPv4"},
		{"sockaddr other", AppendSockaddr(nil, []byte{17, 1}), "family 17"},
		{"tuple v4", AppendSocktuple(nil, tuple4("127.0.0.1", 40556, "127.0.0.1", 8080)), "127.0.0.1:40556->127.0.0.1:8080"},
		{"tuple v6", AppendSocktuple(nil, tuple6("2001:db8::4", 54405, "2001:db8::3", 1234)), "2001:db8::4:54405->2001:db8::3:1234"},
		{"tuple mapped", AppendSocktuple(nil, tuple6("::ffff:10.0.0.1", 1, "::ffff:10.0.0.2", 2)), "10.0.0.1:1->10.0.0.2:2"},
		{"tuple unix", AppendSocktuple(nil, unixTuple(0, 0xffff94dc817b9400, "/var/run/nscd/socket")), "0->ffff94dc817b9400 /var/run/nscd/socket"},
		{"tuple short v6", AppendSocktuple(nil, []byte{afInet6, 0}), "INVALID IPv6"},
	}
	for _, c := range cases {
		if string(c.got) != c.want {
			t.Errorf("%s: %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestIsIPv4Mapped(t *testing.T) {
	for s, want := range map[string]bool{"::ffff:1.2.3.4": true, "::": true, "::1.2.3.4": false,
		"::1": false, "2001:db8::1": false} {
		var a [16]byte
		copy(a[:], ip6(s))
		if got := IsIPv4Mapped(&a); got != want {
			t.Errorf("IsIPv4Mapped(%s) = %v", s, got)
		}
	}
}

func TestBlobs(t *testing.T) {
	if got := splitArgs([]byte("a\x00b c\x00")); strings.Join(got, "|") != "a|b c" || len(got) != 2 {
		t.Errorf("args %q", got)
	}
	if got := splitArgs([]byte("\x00")); len(got) != 1 || got[0] != "" {
		t.Errorf("a lone NUL is one empty argument, got %q", got)
	}
	if got := splitArgs([]byte("x\x00tail")); strings.Join(got, "|") != "x|tail" {
		t.Errorf("unterminated last argument: %q", got)
	}
	if got := splitEnv([]byte("A=1\x00B=2\x00\x00\x00\x00")); strings.Join(got, "|") != "A=1|B=2" {
		t.Errorf("env padding kept: %q", got)
	}
	cg := parseCgroups([]byte("cpu_cgroup=/a\x00perf=/b\x00mem=/c\x00io=/d=e\x00name=systemd=/f\x00nosplit\x00cpu=/late\x00"))
	want := []Cgroup{{"cpu", "/a"}, {"perf_event", "/b"}, {"memory", "/c"}, {"io=/d", "e"}, {"name=systemd", "/f"}}
	if len(cg) != len(want) {
		t.Fatalf("cgroups %q, want %q", cg, want)
	}
	for i := range want {
		if cg[i] != want[i] {
			t.Errorf("cgroup %d = %+v, want %+v", i, cg[i], want[i])
		}
	}
}

// The shortcut for names that need no change gives what the byte-by-byte resolution
// gives, for random names of slashes, dots, NULs, unprintable and plain bytes after
// random bases.
func TestSanitizePathShortcut(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	alphabet := []byte{'a', 'b', '.', '/', 0, 1, '~', 0x7f}
	bases := []string{"", "/", "/srv/", "/srv", "x/", "//"}
	for range 200000 {
		name := make([]byte, rng.IntN(9))
		for i := range name {
			name[i] = alphabet[rng.IntN(len(alphabet))]
		}
		base := bases[rng.IntN(len(bases))]
		prefix := []byte("keep")
		want := resolvePath(append(slices.Clone(prefix), base...), len(prefix), name)
		got := sanitizePath(append(slices.Clone(prefix), base...), len(prefix), name)
		if !bytes.Equal(got, want) {
			t.Fatalf("base %q name %q: %q with the shortcut, %q byte by byte", base, name, got, want)
		}
	}
}
