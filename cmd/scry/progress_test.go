package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgressLine(t *testing.T) {
	p := &progress{desc: "import x.scap", total: 200}
	cases := []struct {
		v    int64
		want string
	}{
		{0, "\rimport x.scap   0% [                              ] 3s"},
		{100, "\rimport x.scap  50% [===============               ] 3s"},
		{500, "\rimport x.scap 100% [==============================] 3s"}, // past the total
	}
	for _, c := range cases {
		if got := p.line(c.v, 3200*time.Millisecond); got != c.want {
			t.Errorf("line(%d) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestProgressThrottlesAndClears(t *testing.T) {
	var out bytes.Buffer
	p := &progress{w: &out, desc: "d", total: 10, start: time.Now()}
	p.set(1)
	p.set(2) // within progressEvery of the first: not drawn
	if n := strings.Count(out.String(), "\r"); n != 1 {
		t.Errorf("two updates in a row drew %d lines, want 1: %q", n, out.String())
	}
	p.finish()
	if !strings.HasSuffix(out.String(), "\r\x1b[K") {
		t.Errorf("finish does not clear the line: %q", out.String())
	}
	var none *progress // not a terminal
	none.set(3)
	none.finish()
}
