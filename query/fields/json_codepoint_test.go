package fields

import "testing"

// Bytes above ASCII are decoded as jsoncpp does, without checking continuation bytes.
// Expected strings as sysdig 0.29.3 -j -p '%evt.rawarg.data' printed them for pipe
// writes of these bytes in a live recording.
func TestJSONStringDecodesLikeJsoncpp(t *testing.T) {
	cases := map[string]string{
		"\xc3":                  `"\ufffd"`,
		"\xe0\x80\x80z":         `"\ufffdz"`,
		"\xed\xa0\x80z":         `"\ufffdz"`,
		"\xf8\x88\x80\x80\x80z": `"\ufffd\u0200\ufffdz"`,
		"\xc0\x80z":             `"\ufffdz"`,
		"\xe2\x82":              `"\ufffd\ufffd"`,
		"\xa7\x0d\x0a":          `"\u01cd\n"`,
		"\xf4\x90\x80\x80z":     `"\ud800\udc00z"`,
		"\xf0\x80\x80\x80z":     `"\ufffdz"`,
		"\xc2\x41z":             `"\u0081z"`,
		"\xe1\x41\x42z":         `"\u1042z"`,
		"\xf0\x9f\x98\x80z":     `"\ud83d\ude00z"`,
	}
	for in, want := range cases {
		if got := string(AppendJSONString(nil, []byte(in))); got != want {
			t.Errorf("AppendJSONString(%q) = %s, want %s", in, got, want)
		}
	}
}
