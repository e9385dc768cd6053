package filter

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParse: parsing never panics; a parsed condition renders to text that parses back
// to the same rendering; errors carry a position inside the text; compiling never
// panics.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"evt.type=open or evt.type=openat",
		"not proc.name in (sshd, bash) and fd.name startswith /etc",
		`proc.name glob "ng*" or proc.name glob 'http*'`,
		"evt.dir=< and fd.num>=0",
		"tolower(basename(fd.name)) = val(proc.name)",
		`evt.buffer contains "\x41\\b" and evt.buffer bcontains 4142`,
		"((a or b) and not c) or proc.aname[2]=chef",
		"fd.name pmatch (/etc, '/var/run') and fd.net = 10.0.0.0/8",
		"proc.name = = x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		n, err := Parse(text)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error %T is not a *SyntaxError", text, err)
			}
			if se.Pos.Offset < 0 || se.Pos.Offset > len(text) || se.Column() < 1 {
				t.Fatalf("Parse(%q): error position %+v outside the text", text, se.Pos)
			}
			if !strings.Contains(err.Error(), "^") {
				t.Fatalf("Parse(%q): error has no caret: %v", text, err)
			}
			return
		}
		s := n.String()
		again, err := Parse(s)
		if err != nil {
			t.Fatalf("rendering %q of %q does not parse: %v", s, text, err)
		}
		if again.String() != s {
			t.Fatalf("rendering of %q is not stable: %q then %q", text, s, again.String())
		}
		_, _ = CompileNode(n, &Options{Resolver: SchemaResolver{}})
	})
}
