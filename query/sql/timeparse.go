package sql

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// unitNs gives the length of each duration unit in nanoseconds.
var unitNs = map[string]float64{
	"ns": 1, "us": 1e3, "µs": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9,
	"d": 86400e9, "w": 7 * 86400e9,
}

// parseDuration parses a duration literal: a decimal number and a unit (ns, us, ms, s, m,
// h, d, w), e.g. 1m, 1.5h, 500ms.
func parseDuration(s string) (time.Duration, error) {
	i := 0
	for i < len(s) && (isDigit(s[i]) || s[i] == '.') {
		i++
	}
	unit, ok := unitNs[s[i:]]
	if i == 0 || !ok {
		return 0, fmt.Errorf("%q is not a duration (a number and one of ns, us, ms, s, m, h, d, w)", s)
	}
	f, err := strconv.ParseFloat(s[:i], 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration: %w", s, err)
	}
	return time.Duration(f * unit), nil
}

// timeLayouts are the absolute time forms SINCE and UNTIL accept, in local time unless a
// zone is given.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02",
}

var errTime = errors.New("not a time")

// parseTime parses a SINCE/UNTIL bound: 'now'; '-2h' (before now); '2h' (the same);
// '+10m' (after the first event of the data); a date and time ('2024-05-01 13:00:00',
// RFC 3339); an integer: seconds since the epoch below 10^12, nanoseconds above.
func parseTime(s string) (Time, error) {
	t := Time{Text: s}
	v := strings.TrimSpace(s)
	switch {
	case strings.EqualFold(v, "now"):
		t.Kind = TimeFromNow
		return t, nil
	case v == "":
		return t, fmt.Errorf("empty time: %w", errTime)
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		t.Kind = TimeAbsolute
		if n > -1e12 && n < 1e12 {
			n *= 1e9
		}
		t.Ns = n
		return t, nil
	}
	sign := byte(0)
	body := v
	if v[0] == '-' || v[0] == '+' {
		sign, body = v[0], v[1:]
	}
	if d, err := parseDuration(body); err == nil {
		if sign == '+' {
			t.Kind, t.Offset = TimeFromStart, d
		} else {
			t.Kind, t.Offset = TimeFromNow, -d
		}
		return t, nil
	}
	for _, layout := range timeLayouts {
		if tm, err := time.ParseInLocation(layout, v, time.Local); err == nil {
			t.Kind, t.Ns = TimeAbsolute, tm.UnixNano()
			return t, nil
		}
	}
	return t, fmt.Errorf("%q is %w: use 'now', '-2h', '+10m', '2024-05-01 13:00:00', RFC 3339 or an epoch number", s, errTime)
}
