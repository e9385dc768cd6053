package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/formats/schema"
)

type readOptions struct {
	file   string
	count  int64
	format string
	all    bool
}

func newReadCmd() *cobra.Command {
	var o readOptions
	cmd := &cobra.Command{
		Use:   "read [-r] FILE [FILTER]",
		Short: "Print the events of a capture, like sysdig -r",
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.file == "" {
				if len(args) == 0 {
					return usageError{errors.New("read: no capture file given (scry read FILE or -r FILE)")}
				}
				o.file, args = args[0], args[1:]
			}
			if len(args) > 0 {
				return usageError{fmt.Errorf("read: filters are not supported yet: %q", strings.Join(args, " "))}
			}
			return runRead(cmd.OutOrStdout(), &o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.file, "read", "r", "", "capture file to read (plain, gzip or zstd)")
	f.Int64VarP(&o.count, "numevents", "n", 0, "stop after printing N events")
	f.StringVarP(&o.format, "print", "p", "", "output format string, sysdig syntax (e.g. '*%evt.num %evt.type')")
	f.BoolVar(&o.all, "all", false, "also print internal events (procinfo, container, metaevents)")
	return cmd
}

// fieldFn writes one field of an event; false means the field has no value.
type fieldFn func(b []byte, ev *event.Event) ([]byte, bool)

var basicFields = map[string]fieldFn{
	"evt.num":     func(b []byte, ev *event.Event) ([]byte, bool) { return strconv.AppendUint(b, ev.Num, 10), true },
	"evt.rawtime": func(b []byte, ev *event.Event) ([]byte, bool) { return strconv.AppendUint(b, ev.Ts(), 10), true },
	"evt.cpu":     func(b []byte, ev *event.Event) ([]byte, bool) { return strconv.AppendUint(b, uint64(ev.CPU), 10), true },
	"thread.tid":  func(b []byte, ev *event.Event) ([]byte, bool) { return strconv.AppendInt(b, ev.Tid(), 10), true },
	"evt.dir": func(b []byte, ev *event.Event) ([]byte, bool) {
		if ev.IsEnter() {
			return append(b, '>'), true
		}
		return append(b, '<'), true
	},
	"evt.type": func(b []byte, ev *event.Event) ([]byte, bool) { return append(b, typeName(ev)...), true },
	"evt.args": appendRawArgs,
}

// appendRawArgs writes the parameters as name=value with integers in decimal and
// strings and buffers up to their first NUL.
func appendRawArgs(b []byte, ev *event.Event) ([]byte, bool) {
	info := ev.Info()
	for i := 0; i < ev.NumParams(); i++ {
		p := info.Params[i]
		b = append(b, p.Name...)
		b = append(b, '=')
		switch p.Type {
		case schema.TypeInt8, schema.TypeInt16, schema.TypeInt32, schema.TypeInt64, schema.TypeErrno,
			schema.TypeFd, schema.TypePid:
			v, _ := ev.Int64(i)
			b = strconv.AppendInt(b, v, 10)
		case schema.TypeCharbuf, schema.TypeFspath, schema.TypeFsrelpath, schema.TypeBytebuf:
			for _, c := range ev.Str(i) {
				if c < 0x20 || c > 0x7e {
					c = '.'
				}
				b = append(b, c)
			}
		default:
			if v, ok := ev.Uint64(i); ok {
				b = strconv.AppendUint(b, v, 10)
			} else {
				b = append(b, fmt.Sprintf("%d bytes", len(ev.Param(i)))...)
			}
		}
		b = append(b, ' ')
	}
	return b, true
}

type formatToken struct {
	text  string
	field fieldFn
}

// parseFormat parses the subset of sysdig's format language the foundation supports.
func parseFormat(f string) (tokens []formatToken, all bool, err error) {
	if strings.HasPrefix(f, "*") {
		all, f = true, f[1:]
	}
	for len(f) > 0 {
		i := strings.IndexByte(f, '%')
		if i < 0 {
			tokens = append(tokens, formatToken{text: f})
			break
		}
		if i > 0 {
			tokens = append(tokens, formatToken{text: f[:i]})
		}
		f = f[i+1:]
		j := 0
		for j < len(f) && (f[j] == '.' || f[j] == '_' || f[j] >= 'a' && f[j] <= 'z' || f[j] >= '0' && f[j] <= '9') {
			j++
		}
		name := f[:j]
		fn, ok := basicFields[name]
		if !ok {
			return nil, false, fmt.Errorf("unknown field %q in format", name)
		}
		tokens = append(tokens, formatToken{field: fn})
		f = f[j:]
	}
	return tokens, all, nil
}

// shown reports whether sysdig prints an event by default: not internal, not a newer
// metaevent, not hidden by a STATE_ONLY dump flag.
func shown(ev *event.Event) bool {
	info := ev.Info()
	if ev.Flags&event.FlagStateOnly != 0 || info.Category == schema.CatInternal {
		return false
	}
	return info.Source&(schema.SourceMetaevent|schema.SourceIter) == 0 || info.Legacy
}

func runRead(w io.Writer, o *readOptions) error {
	format := o.format
	if format == "" {
		format = "*%evt.num %evt.rawtime %evt.cpu %thread.tid %evt.dir %evt.type %evt.args"
	}
	tokens, _, err := parseFormat(format)
	if err != nil {
		return usageError{err}
	}
	r, err := scap.Open(o.file)
	if err != nil {
		return err
	}
	defer r.Close()
	out := bufio.NewWriterSize(w, 1<<16)
	defer out.Flush()
	var ev event.Event
	var line []byte
	var printed int64
	leading := true // container events before the first other event are consumed at open
	for {
		if err := r.Next(&ev); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			out.Flush()
			return err
		}
		t := ev.Type()
		if leading && (t == 228 || t == 272 || t == 324) {
			if !o.all {
				continue
			}
		}
		leading = false
		if !o.all && !shown(&ev) {
			continue
		}
		line = line[:0]
		for _, tok := range tokens {
			if tok.field == nil {
				line = append(line, tok.text...)
				continue
			}
			line, _ = tok.field(line, &ev)
		}
		line = append(line, '\n')
		if _, err := out.Write(line); err != nil {
			return err
		}
		printed++
		if o.count > 0 && printed >= o.count {
			return nil
		}
	}
}
