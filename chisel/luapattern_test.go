package chisel

import "testing"

func TestTranslatePattern(t *testing.T) {
	cases := map[string]string{
		"^(%u+) (%g+)":     "^(%u+) ([!-~]+)",
		"[%g%s]":           "[!-~%s]",
		"%G+":              "[^!-~]+",
		"100%%g":           "100%%g",
		"[]%g]":            "[]!-~]",
		"no classes here":  "no classes here",
		"HTTP/[%g]+ (%d+)": "HTTP/[!-~]+ (%d+)",
	}
	for in, want := range cases {
		if got := translatePattern(in); got != want {
			t.Errorf("translatePattern(%q) = %q, want %q", in, got, want)
		}
	}
}

// The results are those of LuaJIT for the same calls.
func TestPrintableClassInPatterns(t *testing.T) {
	got := runLua(t, `
		print(string.match("GET /index.html HTTP/1.1", "^(%u+) (%g+)"))
		print(("HTTP/1.1 404 Not Found"):match("HTTP/[%g]+ (%d+)"))
		print(string.find("a b\tc", "%g+", 2))
		print((string.gsub("x  y", "%G", "_")))
		for w in string.gmatch("one two", "%g+") do io.write(w, ";") end print()`)
	want := "GET\t/index.html\n404\n3\t3\nx__y\none;two;\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
