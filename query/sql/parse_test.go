package sql

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func mustParse(t *testing.T, q string) *Statement {
	t.Helper()
	st, err := Parse(q)
	if err != nil {
		var qe *Error
		if errors.As(err, &qe) {
			t.Fatalf("parse %q: %v\n%s", q, err, qe.Caret())
		}
		t.Fatalf("parse %q: %v", q, err)
	}
	return st
}

func TestParseIssueExample(t *testing.T) {
	q := "SELECT proc.name, count(*) AS n WHERE evt.type in (open, openat) and fd.name startswith /etc GROUP BY proc.name ORDER BY n DESC LIMIT 10"
	st := mustParse(t, q)
	if st.Star || len(st.Items) != 2 || st.Items[0].Name() != "proc.name" || st.Items[1].Name() != "n" {
		t.Fatalf("items %+v", st.Items)
	}
	if c, ok := st.Items[1].Expr.(*Call); !ok || c.Name != "count" || !c.Star {
		t.Errorf("second item %s, want count(*)", st.Items[1].Expr)
	}
	wantWhere := "evt.type in (open, openat) and fd.name startswith /etc"
	if st.Where == nil || st.Where.Text != wantWhere || q[st.Where.Offset:st.Where.Offset+len(wantWhere)] != wantWhere {
		t.Errorf("where %+v, want %q at its offset", st.Where, wantWhere)
	}
	if len(st.GroupBy) != 1 || st.GroupBy[0].String() != "proc.name" {
		t.Errorf("group by %v", st.GroupBy)
	}
	if len(st.OrderBy) != 1 || st.OrderBy[0].Expr.String() != "n" || !st.OrderBy[0].Desc {
		t.Errorf("order by %+v", st.OrderBy)
	}
	if st.Limit != 10 || st.From != nil {
		t.Errorf("limit %d from %v", st.Limit, st.From)
	}
}

// TestWhereEnds checks that the filter text is handed on exactly, ending at the next
// top-level clause keyword and nowhere else.
func TestWhereEnds(t *testing.T) {
	cases := map[string]string{
		"SELECT count(*) WHERE evt.type=open":                                       "evt.type=open",
		"SELECT count(*) WHERE fd.name contains 'a limit b' LIMIT 2":                "fd.name contains 'a limit b'",
		`SELECT count(*) WHERE fd.name = "since \" until" SINCE -1h`:                `fd.name = "since \" until"`,
		"SELECT count(*) WHERE (proc.name=x or proc.name = y) group   by proc.name": "(proc.name=x or proc.name = y)",
		"SELECT count(*) WHERE proc.name in (from, limit) ORDER BY 1":               "proc.name in (from, limit)",
		"SELECT count(*) WHERE proc.name=grouping and fd.name=orderly":              "proc.name=grouping and fd.name=orderly",
		"SELECT count(*) WHERE evt.dir=< and proc.name!=x\n\tFROM 'a.scap'":         "evt.dir=< and proc.name!=x",
		"SELECT count(*) FROM x.scap WHERE evt.type=open UNTIL now":                 "evt.type=open",
		"SELECT count(*) WHERE proc.name=a\"b LIMIT 1":                              "proc.name=a\"b LIMIT 1",
	}
	for q, want := range cases {
		st := mustParse(t, q)
		if st.Where == nil || st.Where.Text != want {
			t.Errorf("%q: where %+v, want %q", q, st.Where, want)
			continue
		}
		if q[st.Where.Offset:st.Where.Offset+len(want)] != want {
			t.Errorf("%q: where offset %d does not point at the filter", q, st.Where.Offset)
		}
	}
}

func TestFilterAlone(t *testing.T) {
	for _, q := range []string{"proc.name=bash and evt.dir=<", "  not evt.type=open", "(fd.num > 2)", "evt.type=open LIMIT 3"} {
		st := mustParse(t, q)
		want := strings.TrimSpace(q)
		if !st.Star || st.Where == nil || st.Where.Text != want || st.Limit != -1 {
			t.Errorf("%q: star %v where %+v limit %d", q, st.Star, st.Where, st.Limit)
		}
	}
	st := mustParse(t, "EXPLAIN proc.name=bash")
	if !st.Explain || st.Where == nil || st.Where.Text != "proc.name=bash" {
		t.Errorf("EXPLAIN filter: %+v", st)
	}
	st = mustParse(t, "")
	if !st.Star || st.Where != nil {
		t.Errorf("empty query: %+v", st)
	}
	st = mustParse(t, "from 'x.parquet' where evt.type=open limit 4")
	if !st.Star || st.From.Path != "x.parquet" || st.Where.Text != "evt.type=open" || st.Limit != 4 {
		t.Errorf("lower-case clauses without SELECT: %+v", st)
	}
}

func TestSources(t *testing.T) {
	for q, want := range map[string]string{
		"SELECT count(*) FROM 'dir/**/*.parquet'":    "dir/**/*.parquet",
		"SELECT count(*) FROM /var/lib/scry LIMIT 1": "/var/lib/scry",
		"SELECT count(*) FROM ./store":               "./store",
		`SELECT count(*) FROM "a b.scap"`:            "a b.scap",
		"SELECT count(*) FROM `odd name`":            "odd name",
	} {
		st := mustParse(t, q)
		if st.From == nil || st.From.Path != want {
			t.Errorf("%q: from %+v, want %q", q, st.From, want)
		}
	}
}

func TestExpressions(t *testing.T) {
	for q, want := range map[string]string{
		"SELECT a + b * 2 - -c":                               "((a + (b * 2)) - (-c))",
		"SELECT count(DISTINCT fd.name)":                      "count(DISTINCT fd.name)",
		"SELECT bucket(evt.time, 1m)":                         "bucket(evt.time, 1m)",
		"SELECT proc.aname[2], evt.arg[0], evt.arg.fd":        "proc.aname[2]",
		"SELECT sum(evt.buflen) / count(*)":                   "(sum(evt.buflen) / count(*))",
		"SELECT x WHERE a=b HAVING NOT a > 1 AND b <> 2 OR c": "x",
		"SELECT 'it''s', 1.5e3, -7, TRUE, NULL":               "'it''s'",
		"SELECT container.mount[/usr/*]":                      "container.mount[/usr/*]",
	} {
		st := mustParse(t, q)
		if got := st.Items[0].Expr.String(); got != want {
			t.Errorf("%q: first item %s, want %s", q, got, want)
		}
	}
	st := mustParse(t, "SELECT x HAVING NOT a > 1 AND b <> 2 OR c")
	if got := st.Having.String(); got != "(((NOT (a > 1)) AND (b != 2)) OR c)" {
		t.Errorf("having %s", got)
	}
	st = mustParse(t, "SELECT 'it''s', 1.5e3, -7, TRUE, NULL")
	kinds := []LiteralKind{LitString, LitFloat, LitInt, LitBool, LitNull}
	for i, k := range kinds {
		if l, ok := st.Items[i].Expr.(*Literal); !ok || l.Kind != k {
			t.Errorf("item %d = %#v, want literal kind %d", i, st.Items[i].Expr, k)
		}
	}
	if l := st.Items[2].Expr.(*Literal); l.Int != -7 {
		t.Errorf("-7 parsed as %d", l.Int)
	}
}

func TestTimes(t *testing.T) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	start := now.Add(-24 * time.Hour).UnixNano()
	cases := []struct {
		q    string
		want int64
	}{
		{"SELECT count(*) SINCE '-2h'", now.Add(-2 * time.Hour).UnixNano()},
		{"SELECT count(*) SINCE -90m", now.Add(-90 * time.Minute).UnixNano()},
		{"SELECT count(*) SINCE 2h", now.Add(-2 * time.Hour).UnixNano()},
		{"SELECT count(*) SINCE '+10s'", start + 10e9},
		{"SELECT count(*) SINCE now", now.UnixNano()},
		{"SELECT count(*) SINCE 1714560000", 1714560000e9},
		{"SELECT count(*) SINCE 1714560000123456789", 1714560000123456789},
		{"SELECT count(*) SINCE '2024-05-01T10:00:00Z'", time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC).UnixNano()},
		{"SELECT count(*) SINCE '2024-05-01 10:00:00.5+00:00'", time.Date(2024, 5, 1, 10, 0, 0, 5e8, time.UTC).UnixNano()},
		{"SELECT count(*) SINCE '2024-05-01'", time.Date(2024, 5, 1, 0, 0, 0, 0, time.Local).UnixNano()},
	}
	for _, c := range cases {
		st := mustParse(t, c.q)
		if got := st.Since.Resolve(now, start); got != c.want {
			t.Errorf("%s: %d, want %d", c.q, got, c.want)
		}
	}
	st := mustParse(t, "SELECT count(*) SINCE '-1d' UNTIL '-1h'")
	if st.Until.Resolve(now, 0) != now.Add(-time.Hour).UnixNano() {
		t.Errorf("until %+v", st.Until)
	}
}

func TestErrorsPointAtTheColumn(t *testing.T) {
	cases := []struct {
		q, msg string
		col    int
	}{
		{"SELECT proc.name,, x", "unexpected", 18},
		{"SELECT count(*) FROM x LIMIT -3", "unexpected", 30},
		{"SELECT frob(x)", "unknown function frob", 8},
		{"SELECT sum(*)", "only count(*)", 8},
		{"SELECT count(*) WHERE", "WHERE needs a filter", 17},
		{"SELECT count(*) WHERE  LIMIT 3", "WHERE needs a filter", 17},
		{"SELECT count(*) LIMIT 1 LIMIT 2", "LIMIT given twice", 25},
		{"SELECT count(*) SINCE 'yesterday'", "not a time", 23},
		{"SELECT 'abc", "unclosed quotes", 8},
		{"SELECT a ? b", "unexpected character", 10},
		{"SELECT x GROUP BY count(*)", "not allowed here", 19},
		{"SELECT max(min(x))", "inside another aggregate", 12},
		{"SELECT bucket(evt.time, 'x')", "bucket width", 25},
		{"SELECT * GROUP BY proc.name", "need a SELECT list", 19},
		{"SELECT count(*)\n  FROM a b", "unexpected token", 10},
	}
	for _, c := range cases {
		_, err := Parse(c.q)
		var qe *Error
		if !errors.As(err, &qe) {
			t.Errorf("%q: error %v, want an *Error", c.q, err)
			continue
		}
		if !strings.Contains(qe.Msg, c.msg) || qe.Column() != c.col {
			t.Errorf("%q: %v (column %d), want %q at column %d\n%s", c.q, err, qe.Column(), c.msg, c.col, qe.Caret())
		}
		lines := strings.Split(qe.Caret(), "\n")
		if len(lines) != 2 || len(lines[1]) != c.col || !strings.HasSuffix(lines[1], "^") {
			t.Errorf("%q: caret %q, want ^ at column %d", c.q, qe.Caret(), c.col)
		}
	}
}

// TestCanonicalRoundTrip checks that String renders a statement that parses back to
// the same canonical text.
func TestCanonicalRoundTrip(t *testing.T) {
	for _, q := range []string{
		"SELECT proc.name, count(*) AS n WHERE evt.type in (open, openat) and fd.name startswith /etc GROUP BY proc.name ORDER BY n DESC LIMIT 10",
		"explain select bucket(evt.time, 5m) as `select`, avg(evt.latency) from '/tmp/a b' since '-2h' until '+1m' group by 1 having count(*) > 3",
		"SELECT `odd.name`, -(a - 1) % 2 ORDER BY 2 ASC, 1 DESC",
		"proc.name = bash",
	} {
		st := mustParse(t, q)
		again := mustParse(t, st.String())
		if st.String() != again.String() {
			t.Errorf("%q:\nfirst  %s\nsecond %s", q, st, again)
		}
	}
}
