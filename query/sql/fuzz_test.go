package sql

import (
	"errors"
	"testing"
)

// FuzzParse checks that Parse never panics, that every error is an *Error inside the
// query, and that an accepted statement's canonical text parses to itself.
func FuzzParse(f *testing.F) {
	f.Add("SELECT proc.name, count(*) AS n WHERE evt.type in (open, openat) GROUP BY proc.name ORDER BY n DESC LIMIT 10")
	f.Add("SELECT count(*) FROM 'x.scap' WHERE fd.name startswith /etc SINCE '-2h' UNTIL now")
	f.Add("proc.name=bash and evt.dir=<")
	f.Add("EXPLAIN SELECT bucket(evt.time, 1m) AS t, count(DISTINCT fd.name) GROUP BY t HAVING count(*) > 2")
	f.Fuzz(func(t *testing.T, q string) {
		st, err := Parse(q)
		if err != nil {
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("%q: error %v is not an *Error", q, err)
			}
			if qe.Offset < 0 || qe.Offset > len(q) {
				t.Fatalf("%q: error offset %d outside the query", q, qe.Offset)
			}
			_ = qe.Caret()
			return
		}
		text := st.String()
		again, err := Parse(text)
		if err != nil {
			t.Fatalf("%q: canonical form %q does not parse: %v", q, text, err)
		}
		if again.String() != text {
			t.Fatalf("%q: canonical form %q reparses as %q", q, text, again.String())
		}
	})
}
