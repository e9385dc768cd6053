package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scrylabs/scry/formats/scap"
)

// captureKind is the kind of file a path names, decided by its extension.
type captureKind int

const (
	kindUnknown captureKind = iota
	kindScap                // .scap, .scap.gz, .scap.zst: a scap capture
	kindParquet             // .parquet: scry's columnar layout (formats/parquet)
)

func (k captureKind) String() string {
	switch k {
	case kindScap:
		return "scap capture"
	case kindParquet:
		return "Parquet file"
	}
	return "unknown"
}

// kindOf classifies a path by extension and, for scap captures, the compression its
// extension implies (input compression is recognised from the bytes instead).
func kindOf(path string) (captureKind, scap.Compression) {
	p := strings.ToLower(path)
	switch {
	case strings.HasSuffix(p, ".scap.gz"), strings.HasSuffix(p, ".scap.gzip"):
		return kindScap, scap.CompressGzip
	case strings.HasSuffix(p, ".scap.zst"), strings.HasSuffix(p, ".scap.zstd"):
		return kindScap, scap.CompressZstd
	case strings.HasSuffix(p, ".scap"):
		return kindScap, scap.CompressNone
	case strings.HasSuffix(p, ".parquet"):
		return kindParquet, scap.CompressNone
	}
	return kindUnknown, scap.CompressNone
}

// convertOptions are the flags of `scry convert`.
type convertOptions struct {
	compress string // "" (from the output extension), none, gzip or zstd
	noEnrich bool   // Parquet output: leave the state columns null
}

// convertStats says what a conversion wrote.
type convertStats struct {
	Sections    int
	Events      uint64
	Compression scap.Compression
}

func newConvertCmd() *cobra.Command {
	var o convertOptions
	cmd := &cobra.Command{
		Use:   "convert IN OUT",
		Short: "Rewrite a capture losslessly (.scap, .scap.gz, .scap.zst, .parquet by the output's extension)",
		Long: "convert reads IN (plain, gzip or zstd, recognised from its bytes) and writes OUT " +
			"in the newest scap layout, keeping every event (bytes, cpu, flags, order), the " +
			"metadata of every section, and concatenated sections. The output's extension " +
			"chooses its compression unless --compress says otherwise.",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := convertFiles(args[0], args[1], o)
			if st != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "%s: %d events in %d sections (%s)\n", args[1], st.Events, st.Sections, st.Compression)
			}
			return err
		},
	}
	cmd.Flags().StringVar(&o.compress, "compress", "", "output compression: none, gzip or zstd (default: from the extension)")
	cmd.Flags().BoolVar(&o.noEnrich, "no-enrich", false, "Parquet output: leave the state columns (proc_name, fd_name...) null")
	return cmd
}

// convertFiles is the one place that dispatches on the kinds of input and output.
func convertFiles(in, out string, o convertOptions) (*convertStats, error) {
	inKind, _ := kindOf(in)
	if inKind == kindUnknown {
		inKind = kindScap // captures often carry other names; the reader checks the bytes
	}
	outKind, comp := kindOf(out)
	if o.compress != "" {
		c, err := scap.ParseCompression(o.compress)
		if err != nil {
			return nil, usageError{err}
		}
		comp = c
	}
	switch {
	case inKind == kindScap && outKind == kindScap:
		return convertScap(in, out, comp)
	case outKind == kindParquet:
		return convertToParquet(in, out, o)
	case inKind == kindParquet && outKind == kindScap:
		return convertParquetToScap(in, out, comp)
	case outKind == kindUnknown:
		return nil, usageError{fmt.Errorf("convert: cannot tell the output kind of %q (want .scap, .scap.gz, .scap.zst or .parquet)", out)}
	}
	return nil, usageError{fmt.Errorf("convert: no conversion from %s to %s", inKind, outKind)}
}

// convertScap copies a scap capture section by section and event by event. On damaged
// input it keeps what it wrote (every event before the damage) and reports the damage.
func convertScap(in, out string, comp scap.Compression) (*convertStats, error) {
	r, err := scap.Open(in)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	w, err := scap.Create(out, scap.WriterOptions{Compression: comp})
	if err != nil {
		return nil, err
	}
	cs, err := scap.Copy(w, r)
	st := &convertStats{Sections: cs.Sections, Events: cs.Events, Compression: comp}
	cerr := w.Close()
	if err != nil {
		return st, fmt.Errorf("convert %s: kept the %d events before the error: %w", in, st.Events, err)
	}
	return st, cerr
}
