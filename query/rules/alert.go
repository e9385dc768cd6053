package rules

import (
	"encoding/json"
	"strconv"
	"time"
)

// Alert is a rule match on one event.
type Alert struct {
	Time     uint64 // event timestamp, ns since the epoch
	Rule     string
	Priority Priority
	Source   string
	Tags     []string
	Output   string        // the rule's output with its fields substituted
	Fields   []OutputField // the output's fields, in order of appearance
}

// OutputField is the value of one output field: its display text and its JSON form.
type OutputField struct {
	Name string
	Text string
	JSON string
}

// Text renders the alert as Falco prints it: "HH:MM:SS.nnnnnnnnn: Priority output",
// the time in loc (nil means UTC).
func (a *Alert) Text(loc *time.Location) string {
	return string(a.AppendText(nil, loc))
}

// AppendText appends the text form of the alert (no newline).
func (a *Alert) AppendText(dst []byte, loc *time.Location) []byte {
	t := a.timeIn(loc)
	dst = t.AppendFormat(dst, "15:04:05.000000000")
	dst = append(dst, ": "...)
	dst = append(dst, a.Priority.String()...)
	dst = append(dst, ' ')
	return append(dst, a.Output...)
}

func (a *Alert) timeIn(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return time.Unix(0, int64(a.Time)).In(loc)
}

// AppendJSON appends the alert as one JSON object like Falco's json_output: hostname
// (when given), output (the text line), output_fields, priority, rule, source, tags
// and time (RFC 3339 in UTC, nanoseconds). Keys are in byte order.
func (a *Alert) AppendJSON(dst []byte, loc *time.Location, hostname string) []byte {
	dst = append(dst, '{')
	if hostname != "" {
		dst = append(dst, `"hostname":`...)
		dst = appendJSONString(dst, hostname)
		dst = append(dst, ',')
	}
	dst = append(dst, `"output":`...)
	dst = appendJSONString(dst, string(a.AppendText(nil, loc)))
	dst = append(dst, `,"output_fields":{`...)
	seen := make(map[string]bool, len(a.Fields))
	first := true
	for _, i := range sortedFields(a.Fields) {
		f := a.Fields[i]
		if seen[f.Name] {
			continue
		}
		seen[f.Name] = true
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = appendJSONString(dst, f.Name)
		dst = append(dst, ':')
		dst = append(dst, f.JSON...)
	}
	dst = append(dst, `},"priority":`...)
	dst = appendJSONString(dst, a.Priority.String())
	dst = append(dst, `,"rule":`...)
	dst = appendJSONString(dst, a.Rule)
	dst = append(dst, `,"source":`...)
	dst = appendJSONString(dst, a.Source)
	dst = append(dst, `,"tags":[`...)
	for i, t := range a.Tags {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, t)
	}
	dst = append(dst, `],"time":`...)
	dst = appendJSONString(dst, time.Unix(0, int64(a.Time)).UTC().Format("2006-01-02T15:04:05.000000000Z"))
	return append(dst, '}')
}

// sortedFields orders field indexes by name, the last of duplicate names first so the
// kept value is the one the output shows last (as a JSON object would).
func sortedFields(fs []OutputField) []int {
	idx := make([]int, len(fs))
	for i := range idx {
		idx[i] = len(fs) - 1 - i
	}
	for i := 1; i < len(idx); i++ { // insertion sort, stable: few fields
		for j := i; j > 0 && fs[idx[j]].Name < fs[idx[j-1]].Name; j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
	return idx
}

func appendJSONString(dst []byte, s string) []byte {
	b, err := json.Marshal(s)
	if err != nil {
		return strconv.AppendQuote(dst, s)
	}
	return append(dst, b...)
}
