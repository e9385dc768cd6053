package filter

import (
	"testing"

	"github.com/scrylabs/scry/query/fields"
)

func TestGlob(t *testing.T) {
	cases := []struct {
		pattern, s string
		fold, want bool
	}{
		{"*", "", false, true},
		{"*", "/etc/passwd", false, true}, // * crosses slashes, as fnmatch without FNM_PATHNAME
		{"ng*", "nginx", false, true},
		{"ng*", "xnginx", false, false},
		{"http*", "httpd", false, true},
		{"*.so", "libc.so", false, true},
		{"*.so", "libc.so.6", false, false},
		{"*.so*", "libc.so.6", false, true},
		{"a?c", "abc", false, true},
		{"a?c", "ac", false, false},
		{"[abc]x", "bx", false, true},
		{"[!abc]x", "bx", false, false},
		{"[^abc]x", "dx", false, true},
		{"[a-c]", "b", false, true},
		{"[a-c]", "d", false, false},
		{"[]]", "]", false, true},
		{"[!]]", "a", false, true},
		{"[[:digit:]]*", "7up", false, true},
		{"[[:digit:]]*", "up", false, false},
		{`\*`, "*", false, true},
		{`\*`, "a", false, false},
		{"[ab", "[ab", false, true}, // no closing bracket: literal
		{"/home/*/.ssh/*", "/home/bob/.ssh/id_rsa", false, true},
		{"*../*../*", "/x/../y/../z", false, true},
		{"*../*../*", "/x/../y", false, false},
		{"*a*b*c*", "xaybzc", false, true},
		{"*a*b*c*", "xaybz", false, false},
		{"*.SO", "libc.so", true, true},
		{"*.SO", "libc.so", false, false},
		{"[A-C]x", "bx", true, true},
		{"", "", false, true},
		{"", "a", false, false},
		{"a*", "a", false, true},
		{"**", "anything", false, true},
	}
	for _, c := range cases {
		if got := globMatch([]byte(c.pattern), []byte(c.s), c.fold); got != c.want {
			t.Errorf("glob(%q, %q, fold=%v) = %v, want %v", c.pattern, c.s, c.fold, got, c.want)
		}
	}
}

func TestPathPrefixes(t *testing.T) {
	p := newPathPrefixes([]string{"/var/run", "etc", "//usr/lib/"})
	cases := map[string]bool{
		"/var/run":             true,
		"/var/run/docker.sock": true,
		"/var/runx":            false,
		"/var":                 false,
		"/etc":                 true,
		"/etc/passwd":          true,
		"etc/x":                true,
		"/usr/lib/x.so":        true,
		"/usr/libexec":         false,
		"/":                    false,
		"":                     false,
	}
	for s, want := range cases {
		v := textValue(s)
		if got := p.match(&v); got != want {
			t.Errorf("pmatch(%q) = %v, want %v", s, got, want)
		}
	}
	all := newPathPrefixes([]string{"/"})
	v := textValue("/anything/at/all")
	if !all.match(&v) {
		t.Error("the entry / must match every path")
	}
}

func TestTypeSet(t *testing.T) {
	var s TypeSet
	if !s.IsEmpty() || s.Len() != 0 {
		t.Fatal("zero TypeSet is not empty")
	}
	s.Add(3)
	s.Add(453)
	s.Add(9999) // beyond the table: the shared "other" bit
	if !s.Has(3) || !s.Has(453) || !s.Has(60000) || s.Has(4) {
		t.Fatalf("membership wrong: %v", s.IDs())
	}
	if s.Len() != 3 || len(s.IDs()) != 2 {
		t.Fatalf("Len %d IDs %v", s.Len(), s.IDs())
	}
	all := AllTypes()
	if !all.IsAll() || all.Len() != 455 {
		t.Fatalf("AllTypes has %d", all.Len())
	}
	if u := s.Intersect(all); u != s {
		t.Fatal("s ∩ all != s")
	}
	s.Remove(3)
	if s.Has(3) {
		t.Fatal("Remove failed")
	}
}

func TestParseValues(t *testing.T) {
	if v, err := parseSigned("-12", 64); err != nil || v != -12 {
		t.Errorf("parseSigned(-12) = %d, %v", v, err)
	}
	if v, err := parseSigned("0x1f", 64); err != nil || v != 31 {
		t.Errorf("parseSigned(0x1f) = %d, %v", v, err)
	}
	if v, err := parseSigned("300", 8); err != nil || v != 44 {
		t.Errorf("parseSigned(300, 8 bits) = %d, %v (want truncation to 44)", v, err)
	}
	for _, bad := range []string{"", "1.5", "12abc", "abc", "--1"} {
		if _, err := parseSigned(bad, 64); err == nil {
			t.Errorf("parseSigned(%q) accepted", bad)
		}
	}
	if v, err := parseUnsigned("-1", 32); err != nil || v != 0xffffffff {
		t.Errorf("parseUnsigned(-1, 32 bits) = %d, %v (want wrap)", v, err)
	}
	if v, err := parseRelTime("5s"); err != nil || v != 5e9 {
		t.Errorf("parseRelTime(5s) = %d, %v", v, err)
	}
	if v, err := parseRelTime("1500"); err != nil || v != 1500 {
		t.Errorf("parseRelTime(1500) = %d, %v", v, err)
	}
	if v, err := parsePort(""); err != nil || v != 0 {
		t.Errorf("parsePort(\"\") = %d, %v", v, err)
	}
	if _, err := parsePort("no-such-service-name"); err == nil {
		t.Error("parsePort accepted an unknown service")
	}
	if _, err := parseBool("True"); err == nil {
		t.Error("parseBool accepted True")
	}
	if a, err := parseAddr("10.1.2.3"); err != nil || len(a) != 4 || a[0] != 10 || a[3] != 3 {
		t.Errorf("parseAddr(10.1.2.3) = %v, %v", a, err)
	}
	if a, err := parseAddr("::1"); err != nil || len(a) != 16 || a[15] != 1 {
		t.Errorf("parseAddr(::1) = %v, %v", a, err)
	}
	if p, err := parseNetwork("10.1.2.3/8"); err != nil || p.String() != "10.0.0.0/8" {
		t.Errorf("parseNetwork(10.1.2.3/8) = %v, %v", p, err)
	}
	if p, err := parseNetwork("fe80::1"); err != nil || p.String() != "fe80::/64" {
		t.Errorf("parseNetwork(fe80::1) = %v, %v (IPv6 without length is its /64)", p, err)
	}
	if b, err := parseHexBytes("68656C6c6f"); err != nil || string(b) != "hello" {
		t.Errorf("parseHexBytes = %q, %v", b, err)
	}
	if _, err := parseHexBytes("686"); err == nil {
		t.Error("parseHexBytes accepted an odd length")
	}
}

func textValue(s string) fields.Value { return fields.Value{Kind: fields.KindString, Bytes: []byte(s)} }
