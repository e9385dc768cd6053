package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/scrylabs/scry/chisel"
)

type chiselOptions struct {
	file           string
	storeDir       string
	since, until   string
	list           bool
	info           string
	printContainer bool
	json           bool
	ascii          bool // -A
	hex            bool // -x
	hexASCII       bool // -X
	base64         bool // -b
}

// bufferFormat is the chisel buffer format the -A, -x, -X and -b flags name, "" for
// none; the last of sysdig's order (-A, -b, -x, -X) wins when several are given.
func (o *chiselOptions) bufferFormat() string {
	switch {
	case o.hexASCII:
		return "hexascii"
	case o.hex:
		return "hex"
	case o.base64:
		return "base64"
	case o.ascii:
		return "ascii"
	}
	return ""
}

func newChiselCmd() *cobra.Command {
	var o chiselOptions
	cmd := &cobra.Command{
		Use:   "chisel [-l | -i NAME | NAME [ARGS...] -r FILE [FILTER]]",
		Short: "Run sysdig's Lua chisels over a capture, like sysdig -c",
		Long: "Run a sysdig chisel, unmodified, over a capture: scry chisel topfiles_bytes -r capture.scap.\n" +
			"The chisel's arguments follow its name; the words after them form the capture filter.\n" +
			"Chisels are searched in $" + chisel.PathEnv + ", ./chisels, ~/.chisels and " + chisel.SystemDir + ".",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runChisel(cmd, &o, args)
		},
	}
	f := cmd.Flags()
	f.SetInterspersed(true)
	f.StringVarP(&o.file, "read", "r", "", "capture file to read: scap (plain, gzip or zstd) or Parquet")
	f.StringVar(&o.storeDir, "store", "", "read the events of the store at DIR (with --since/--until)")
	f.StringVar(&o.since, "since", "", "with --store: start of the time range (-1h, 2024-05-01 13:00:00, RFC 3339, epoch)")
	f.StringVar(&o.until, "until", "", "with --store: end of the time range (default: no end)")
	f.BoolVarP(&o.list, "list", "l", false, "list the available chisels with their descriptions")
	f.StringVarP(&o.info, "info", "i", "", "describe chisel NAME and its arguments")
	f.BoolVar(&o.printContainer, "pc", false, "let chisels print container information (sysdig -pc)")
	f.BoolVarP(&o.json, "json", "j", false, "ask chisels for JSON output (sysdig -j)")
	f.BoolVarP(&o.ascii, "print-ascii", "A", false, "buffers the chisels print: printable text and line ends only (sysdig -A)")
	f.BoolVarP(&o.hex, "print-hex", "x", false, "buffers the chisels print: hexadecimal (sysdig -x)")
	f.BoolVarP(&o.hexASCII, "print-hex-ascii", "X", false, "buffers the chisels print: hexadecimal and text (sysdig -X)")
	f.BoolVarP(&o.base64, "print-base64", "b", false, "buffers the chisels print: base64 (sysdig -b)")
	return cmd
}

func runChisel(cmd *cobra.Command, o *chiselOptions, args []string) error {
	dirs := chisel.Dirs()
	out := cmd.OutOrStdout()
	switch {
	case o.list:
		return chisel.WriteList(out, chisel.List(dirs))
	case o.info != "":
		path, err := chisel.Find(o.info, dirs)
		if err != nil {
			return err
		}
		info, err := chisel.LoadInfo(path, dirs)
		if err != nil {
			return err
		}
		if info.Hidden || !info.IsChisel {
			return fmt.Errorf("describe chisel %s: not a listed chisel: %w", info.Name, chisel.ErrNotFound)
		}
		return chisel.WriteDescription(out, info)
	}
	if len(args) == 0 {
		return usageError{errors.New("chisel: no chisel named (scry chisel NAME -r FILE, or -l to list them)")}
	}
	if (o.file == "") == (o.storeDir == "") {
		return usageError{errors.New("chisel: give one event source: -r FILE or --store DIR")}
	}
	if o.file != "" && (o.since != "" || o.until != "") {
		return usageError{errors.New("chisel: --since and --until apply to --store")}
	}
	tk := chisel.DefaultToolkit()
	name := args[0]
	path, err := chisel.Find(name, dirs)
	if err != nil {
		return err
	}
	info, err := chisel.LoadInfo(path, dirs)
	if err != nil {
		return err
	}
	chArgs, filterText, err := splitChiselArgs(info, args[1:], tk)
	if err != nil {
		return usageError{err}
	}
	var capFilter chisel.Matcher
	if filterText != "" {
		if capFilter, err = tk.Filter(filterText); err != nil {
			return usageError{fmt.Errorf("chisel: capture filter: %w", err)}
		}
	}
	var src *chisel.CaptureSource
	if o.file != "" {
		src, err = chisel.OpenCapture(o.file, capFilter)
	} else {
		var from, to uint64
		now := time.Now()
		if from, err = parseTimeBound(o.since, now); err == nil {
			to, err = parseTimeBound(o.until, now)
		}
		if err != nil {
			return usageError{fmt.Errorf("chisel: %w", err)}
		}
		src, err = chisel.OpenStore(o.storeDir, from, to, capFilter)
	}
	if err != nil {
		return err
	}
	defer src.Close()
	r, err := chisel.New(chisel.Options{
		Dirs:           dirs,
		Out:            out,
		Toolkit:        tk,
		Filter:         filterText,
		PrintContainer: o.printContainer,
		JSON:           o.json,
		BufferFormat:   o.bufferFormat(),
		TTY:            term.IsTerminal(int(os.Stdout.Fd())),
		TerminalSize:   func() (int, int) { return terminalSize(os.Stdout) },
	})
	if err != nil {
		return err
	}
	defer r.Close()
	err = r.Load(path, chArgs)
	if err == nil {
		err = r.Run(src)
	}
	var exit *chisel.ExitError
	if errors.As(err, &exit) {
		// The chisel ended the program: what it printed is kept, as with sysdig.
		r.Close()
		src.Close()
		os.Exit(exit.Code)
	}
	return err
}

// splitChiselArgs separates the chisel's arguments from the capture filter as sysdig
// does: one word follows the chisel name (always when the chisel has required
// arguments or its first argument is a filter; otherwise, when they are all optional,
// only if the word is not a valid filter); for
// a chisel with several arguments that word holds them all, separated by spaces. The
// remaining words are the filter.
func splitChiselArgs(info *chisel.Info, words []string, tk chisel.Toolkit) (args []string, filter string, err error) {
	req := info.RequiredArgs()
	take := false
	switch {
	case len(info.Args) == 0 || len(words) == 0:
	case req > 0:
		take = true
	case info.Args[0].Type == "filter":
		// A chisel whose argument is a filter (lsof, netstat, ps) takes the word even
		// when it is a valid filter: sysdig 0.29.3 listed only bash's fds for
		// "-c lsof proc.name=bash".
		take = true
	default:
		_, ferr := tk.Filter(words[0])
		take = ferr != nil
	}
	if take {
		if len(info.Args) > 1 {
			args = strings.Fields(words[0])
		} else {
			args = []string{words[0]}
		}
		words = words[1:]
	}
	if len(args) < req {
		return nil, "", fmt.Errorf("chisel %s: %w: %d required (%s), %d given", info.Name, chisel.ErrMissingArgs, req, argNames(info), len(args))
	}
	if len(args) > len(info.Args) {
		return nil, "", fmt.Errorf("chisel %s: too many arguments: %d accepted (%s), %d given", info.Name, len(info.Args), argNames(info), len(args))
	}
	return args, strings.Join(words, " "), nil
}

func argNames(info *chisel.Info) string {
	var names []string
	for _, a := range info.Args {
		names = append(names, a.Name)
	}
	return strings.Join(names, ", ")
}

// parseTimeBound parses a --since/--until value: "" (no bound, 0); a duration before
// now ("-1h", "1h30m", "2h" alike); a date and time ("2024-05-01 13:00:00", RFC 3339,
// local time unless a zone is given); or an integer, seconds since the epoch below
// 10^12 and nanoseconds above.
func parseTimeBound(s string, now time.Time) (uint64, error) {
	v := strings.TrimSpace(s)
	if v == "" {
		return 0, nil
	}
	if strings.EqualFold(v, "now") {
		return uint64(now.UnixNano()), nil
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && n >= 0 {
		if n < 1e12 {
			n *= 1e9
		}
		return uint64(n), nil
	}
	if d, err := time.ParseDuration(strings.TrimPrefix(v, "-")); err == nil {
		return uint64(now.Add(-d).UnixNano()), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, v, now.Location()); err == nil {
			return uint64(t.UnixNano()), nil
		}
	}
	return 0, fmt.Errorf("time %q: want a duration before now (-1h), a date and time or an epoch", s)
}

// terminalSize returns f's terminal width and height, -1 each when unknown.
func terminalSize(f *os.File) (int, int) {
	w, h, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return -1, -1
	}
	return w, h
}
