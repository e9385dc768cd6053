package exec

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
)

// Writer receives a result: the columns once, then each row, then Close. Row values are
// valid only during the call.
type Writer interface {
	Header(cols []Column) error
	Row(vals []Value) error
	Close() error
}

// Formats are the names NewWriter accepts.
var Formats = []string{"table", "csv", "json", "jsonl", "parquet"}

// NewWriter returns a writer of the named format (see Formats) writing to out. list
// selects, for the table format, sysdig's one-line-per-event rendering of an event
// listing.
func NewWriter(format string, out io.Writer, list bool) (Writer, error) {
	switch format {
	case "table":
		if list {
			return &lineWriter{out: bufio.NewWriterSize(out, 64<<10)}, nil
		}
		return &tableWriter{out: out}, nil
	case "csv":
		return &csvWriter{out: bufio.NewWriterSize(out, 64<<10)}, nil
	case "json":
		return &jsonWriter{out: bufio.NewWriterSize(out, 64<<10), array: true}, nil
	case "jsonl":
		return &jsonWriter{out: bufio.NewWriterSize(out, 64<<10)}, nil
	case "parquet":
		return &parquetWriter{out: out}, nil
	}
	return nil, fmt.Errorf("unknown output format %q (one of %s)", format, strings.Join(Formats, ", "))
}

// appendCell renders a value for text outputs: time columns as local date and time.
func appendCell(dst []byte, col *Column, v *Value) []byte {
	if col.Time && !isNull(v) {
		if ns, ok := asInt(v); ok {
			return appendTime(dst, ns)
		}
	}
	return AppendText(dst, v)
}

// appendTime renders nanoseconds since the epoch as local date and time, with as many
// fractional digits as needed.
func appendTime(dst []byte, ns int64) []byte {
	return time.Unix(0, ns).AppendFormat(dst, "2006-01-02 15:04:05.999999999")
}

// tableWriter aligns columns; it holds the rows until Close to size them.
type tableWriter struct {
	out  io.Writer
	cols []Column
	rows [][]string
}

func (t *tableWriter) Header(cols []Column) error {
	t.cols = cols
	return nil
}

func (t *tableWriter) Row(vals []Value) error {
	r := make([]string, len(vals))
	var b []byte
	for i := range vals {
		b = appendCell(b[:0], &t.cols[i], &vals[i])
		r[i] = string(b)
	}
	t.rows = append(t.rows, r)
	return nil
}

func (t *tableWriter) Close() error {
	width := make([]int, len(t.cols))
	numeric := make([]bool, len(t.cols))
	for i, c := range t.cols {
		width[i] = len(c.Name)
		numeric[i] = true
	}
	for _, r := range t.rows {
		for i, s := range r {
			width[i] = max(width[i], len(s))
			if numeric[i] && !looksNumeric(s) {
				numeric[i] = false
			}
		}
	}
	w := bufio.NewWriter(t.out)
	line := func(cells []string) {
		for i, s := range cells {
			if i > 0 {
				w.WriteString("  ")
			}
			pad := strings.Repeat(" ", width[i]-len(s))
			if numeric[i] {
				w.WriteString(pad + s)
			} else if i == len(cells)-1 {
				w.WriteString(s)
			} else {
				w.WriteString(s + pad)
			}
		}
		w.WriteByte('\n')
	}
	names := make([]string, len(t.cols))
	rule := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = c.Name
		rule[i] = strings.Repeat("-", width[i])
	}
	line(names)
	line(rule)
	for _, r := range t.rows {
		line(r)
	}
	return w.Flush()
}

func looksNumeric(s string) bool {
	if s == "<NA>" {
		return true
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == 'e' || c == '+') {
			return false
		}
	}
	return true
}

// lineWriter prints an event listing one event per line, as sysdig does by default:
// num time cpu proc (tid) dir type info.
type lineWriter struct {
	out  *bufio.Writer
	cols []Column
	buf  []byte
}

func (l *lineWriter) Header(cols []Column) error {
	l.cols = cols
	return nil
}

func (l *lineWriter) Row(vals []Value) error {
	b := l.buf[:0]
	for i := range vals {
		if i > 0 {
			b = append(b, ' ')
		}
		name := l.cols[i].Name
		if name == "thread.tid" {
			b = append(b, '(')
		}
		if name == "evt.info" && isNull(&vals[i]) {
			continue
		}
		b = appendCell(b, &l.cols[i], &vals[i])
		if name == "thread.tid" {
			b = append(b, ')')
		}
	}
	b = append(b, '\n')
	l.buf = b
	_, err := l.out.Write(b)
	return err
}

func (l *lineWriter) Close() error { return l.out.Flush() }

// csvWriter writes a header row, then one row per result row; NULL is an empty cell.
type csvWriter struct {
	out  *bufio.Writer
	cols []Column
	buf  []byte
}

func (c *csvWriter) Header(cols []Column) error {
	c.cols = cols
	b := c.buf[:0]
	for i, col := range cols {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendCSV(b, []byte(col.Name))
	}
	b = append(b, '\n')
	c.buf = b
	_, err := c.out.Write(b)
	return err
}

func (c *csvWriter) Row(vals []Value) error {
	b := c.buf[:0]
	var cell []byte
	for i := range vals {
		if i > 0 {
			b = append(b, ',')
		}
		if isNull(&vals[i]) {
			continue
		}
		cell = appendCell(cell[:0], &c.cols[i], &vals[i])
		b = appendCSV(b, cell)
	}
	b = append(b, '\n')
	c.buf = b
	_, err := c.out.Write(b)
	return err
}

func (c *csvWriter) Close() error { return c.out.Flush() }

// appendCSV appends a cell, quoted when it holds a comma, quote or line break.
func appendCSV(dst, cell []byte) []byte {
	if !strings.ContainsAny(string(cell), ",\"\r\n") {
		return append(dst, cell...)
	}
	dst = append(dst, '"')
	for _, ch := range cell {
		if ch == '"' {
			dst = append(dst, '"')
		}
		dst = append(dst, ch)
	}
	return append(dst, '"')
}
