package filter

import (
	"errors"
	"strings"
	"testing"
)

func TestParseCanonical(t *testing.T) {
	cases := []struct{ in, want string }{
		{"evt.type=open or evt.type=openat", `evt.type = "open" or evt.type = "openat"`},
		{"fd.name startswith /etc", `fd.name startswith "/etc"`},
		{"evt.dir=<", `evt.dir = "<"`},
		{"evt.dir = > and evt.type=read", `evt.dir = ">" and evt.type = "read"`},
		{"evt.type==open", `evt.type == "open"`},
		{"not proc.name in (sshd, bash)", `not proc.name in ("sshd", "bash")`},
		{"proc.name in ()", `proc.name in ()`},
		{"proc.name in(a,b)", `proc.name in ("a", "b")`},
		{"not(proc.name=a)", `not proc.name = "a"`},
		{"not not proc.name=a", `not not proc.name = "a"`},
		{"a or b and c", `a or (b and c)`},
		{"(a or b) and c", `(a or b) and c`},
		{"a and b or c and d", `(a and b) or (c and d)`},
		{"not a and b", `not a and b`},
		{"proc.name glob 'ng*'", `proc.name glob "ng*"`},
		{`proc.name = "it's"`, `proc.name = "it's"`},
		{`proc.name = 'say "hi"'`, `proc.name = "say \"hi\""`},
		{`evt.buffer contains \x41\x42`, `evt.buffer contains "AB"`},
		{`proc.name = "a\\b"`, `proc.name = "a\\b"`},
		{`proc.cmdline contains "\d+"`, `proc.cmdline contains "\\d+"`},
		{"proc.aname[2]=chef", `proc.aname[2] = "chef"`},
		{"container.mount[/usr/*] exists", `container.mount[/usr/*] exists`},
		{"k8s.pod.label.app.kubernetes.io/name = web", `k8s.pod.label.app.kubernetes.io/name = "web"`},
		{"evt.arg.flags contains O_CREAT", `evt.arg.flags contains "O_CREAT"`},
		{"proc.cmdline contains --mode=fast", `proc.cmdline contains "--mode=fast"`},
		{"fd.num>=0 and fd.num<=10", `fd.num >= "0" and fd.num <= "10"`},
		{"fd.num<3", `fd.num < "3"`},
		{"tolower(basename(fd.name)) = val(proc.name)", `tolower(basename(fd.name)) = val(proc.name)`},
		{"len(proc.name) > 3", `len(proc.name) > "3"`},
		{"fd.name intersects (a, 'b c')", `fd.name intersects ("a", "b c")`},
		{"fd.name pmatch (/etc, /var/run)", `fd.name pmatch ("/etc", "/var/run")`},
		{"proc.name=a\nand\tfd.name=b", `proc.name = "a" and fd.name = "b"`},
		{"proc.name = and", `proc.name = "and"`},
		{"evt.buffer bcontains 68656c6c6f", `evt.buffer bcontains "68656c6c6f"`},
		{"fd.name regex '^/etc/.*'", `fd.name regex "^/etc/.*"`},
		{"fd.name iglob '*.SO'", `fd.name iglob "*.SO"`},
		{"in_container and not never_true", `in_container and not never_true`},
	}
	for _, c := range cases {
		n, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if got := n.String(); got != c.want {
			t.Errorf("Parse(%q) = %s, want %s", c.in, got, c.want)
			continue
		}
		again, err := Parse(n.String())
		if err != nil || again.String() != c.want {
			t.Errorf("reparse of %q: %v %v", c.want, again, err)
		}
	}
}

func TestParseTree(t *testing.T) {
	n, err := Parse("a or b and not c")
	if err != nil {
		t.Fatal(err)
	}
	or, ok := n.(*Or)
	if !ok || len(or.Operands) != 2 {
		t.Fatalf("top node %T %v, want or of 2", n, n)
	}
	and, ok := or.Operands[1].(*And)
	if !ok || len(and.Operands) != 2 {
		t.Fatalf("second operand %T, want and of 2", or.Operands[1])
	}
	if _, ok := and.Operands[1].(*Not); !ok {
		t.Fatalf("and's second operand %T, want not", and.Operands[1])
	}
	c, err := Parse("fd.name in (a, \"b\")")
	if err != nil {
		t.Fatal(err)
	}
	chk := c.(*Check)
	if chk.Left.Field != "fd.name" || chk.Op != "in" || len(chk.Values) != 2 ||
		chk.Values[0].Quoted || !chk.Values[1].Quoted || chk.Values[1].Text != "b" {
		t.Fatalf("check %+v", chk)
	}
	if chk.Values[1].Pos.Column != 16 {
		t.Errorf("second value at column %d, want 16", chk.Values[1].Pos.Column)
	}
	tr, err := Parse("tolower(basename(fd.name)) exists")
	if err != nil {
		t.Fatal(err)
	}
	if got := tr.(*Check).Left.Transformers; strings.Join(got, ",") != "basename,tolower" {
		t.Errorf("transformers %v, want innermost first", got)
	}
}

func TestSyntaxErrors(t *testing.T) {
	cases := []struct {
		in       string
		col      int
		contains string
	}{
		{"proc.name = = x", 13, "expected a value"},
		{"proc.name =", 12, "expected a value"},
		{"proc.name", 10, "expected an operator"},
		{"proc.name in bash", 14, "expected '(' and a list of values after 'in'"},
		{"proc.name in (a, b", 19, "expected ',' or ')'"},
		{"proc.name in (a b)", 17, "expected ',' or ')'"},
		{"(proc.name = a", 15, "expected 'and', 'or' or ')'"},
		{"proc.name = a)", 14, "unbalanced ')'"},
		{"proc.name = a b", 15, "expected 'and', 'or' or the end of the filter"},
		{"proc.name = \"abc", 13, "unclosed quote"},
		{"proc.name = a and", 18, "expected a field, a macro, 'not' or '('"},
		{"and proc.name = a", 1, "expected a field, a macro, 'not' or '('"},
		{"not", 4, "expected a field, a macro, 'not' or '('"},
		{"proc.name = a not fd.name = b", 15, "expected 'and', 'or'"},
		{"proc.name = \"a\\xZZ\"", 15, "unrecognized escape sequence"},
		{"tolower(proc.name = a", 19, "expected an operator or ')'"},
		{"", 1, "expected a condition"},
		{"proc.name = a\n  and fd.name = = b", 17, "line 2, column 17: expected a value"},
	}
	for _, c := range cases {
		_, err := Parse(c.in)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) = %v, want a *SyntaxError", c.in, err)
			continue
		}
		if se.Column() != c.col {
			t.Errorf("Parse(%q): column %d, want %d (%v)", c.in, se.Column(), c.col, err)
		}
		if !strings.Contains(err.Error(), c.contains) {
			t.Errorf("Parse(%q): %q does not say %q", c.in, err.Error(), c.contains)
		}
	}
}

func TestSyntaxErrorShowsCaret(t *testing.T) {
	_, err := Parse("proc.name = = x")
	want := "invalid filter at column 13: expected a value, found \"=\"\n" +
		"proc.name = = x\n" +
		"            ^"
	if err == nil || err.Error() != want {
		t.Fatalf("error text:\n%v\nwant:\n%s", err, want)
	}
}
