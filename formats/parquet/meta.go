package parquet

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/scrylabs/scry/formats/scap"
)

// SchemaVersion is the version of the layout this package writes, stored under
// KeySchemaVersion. Readers accept every version up to it; SCHEMA.md says when it changes.
// Version 2: process and fd tables of scry.sections column by column; scry.state
// compressed against the encoded sections. Version 3: the text columns of those tables as
// tables of distinct values (section encoding version 3). Version 4: the columns and
// metadata encodings of version 3; small row groups packed smallest on request (pages in the
// column's encoding or an alternative, the only row group's chunks possibly uncompressed,
// the sections' frame without checksum), encoding stats on dictionary chunks only.
// Version 5: parameters in raw_params patched against evt_args (params_patch.go); in a
// file of one small row group packed smallest, chunks may declare BROTLI, the sections
// may be brotli-compressed (after the magic SCBR), and the rows may be grouped by thread
// (thread_order.go).
const SchemaVersion = 5

// Key/value metadata keys of a scry Parquet file.
const (
	KeySchemaVersion = "scry.schema.version" // decimal SchemaVersion
	KeySections      = "scry.sections"       // blob: the capture's sections (state at the start)
	KeyState         = "scry.state"          // blob: the state engine's own snapshot, optional
	KeyStats         = "scry.stats"          // JSON Stats
)

// SectionStart is a capture section and the evt.num of its first event (a capture that
// concatenates sections has several; the first starts before every event).
type SectionStart struct {
	FirstNum uint64
	Section  *scap.Section
}

// Stats summarise a file for catalogs and planners.
type Stats struct {
	Events   int64            `json:"events"`
	FirstTs  uint64           `json:"first_ts"`
	LastTs   uint64           `json:"last_ts"`
	MinTs    uint64           `json:"min_ts"`
	MaxTs    uint64           `json:"max_ts"`
	FirstNum uint64           `json:"first_num"`
	LastNum  uint64           `json:"last_num"`
	Types    map[string]int64 `json:"types"` // event type name -> rows
	Hostname string           `json:"hostname,omitempty"`
}

// AppendSections appends the encoding of a section list: a count, then for each section
// its first evt.num and AppendSection's bytes with a length prefix.
func AppendSections(dst []byte, secs []SectionStart) []byte {
	e := enc{b: dst}
	e.uv(uint64(len(secs)))
	for _, s := range secs {
		e.uv(s.FirstNum)
		body := AppendSection(nil, s.Section)
		e.bytes(body)
	}
	return e.b
}

// DecodeSections decodes what AppendSections encoded.
func DecodeSections(b []byte) ([]SectionStart, error) {
	d := dec{b: b}
	n := d.count()
	out := make([]SectionStart, 0, n)
	for i := 0; i < n && !d.bad; i++ {
		first := d.uv()
		body := d.take(d.count())
		if d.bad {
			break
		}
		s, err := DecodeSection(body)
		if err != nil {
			return nil, fmt.Errorf("section %d: %w", i, err)
		}
		out = append(out, SectionStart{FirstNum: first, Section: s})
	}
	if d.bad || d.off != len(b) {
		return nil, fmt.Errorf("%w: section list cut short or followed by extra bytes", ErrSnapshot)
	}
	return out, nil
}

// encodeStats is the scry.stats value: JSON or, in a short capture's file (small), the
// JSON brotli-compressed after brotliMagic where that is smaller (its event type counts
// are a tenth of such a file's footer).
func encodeStats(s *Stats, small bool) string {
	b, _ := json.Marshal(s)
	if small {
		if br := encodeBrotliBlob(b); len(br) < len(b) {
			return string(br)
		}
	}
	return string(b)
}

func decodeStats(v string) (*Stats, error) {
	b := []byte(v)
	if strings.HasPrefix(v, brotliMagic) {
		var err error
		if b, err = DecodeBlob(v); err != nil {
			return nil, fmt.Errorf("decode %s: %w", KeyStats, err)
		}
	}
	var s Stats
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("decode %s: %w", KeyStats, err)
	}
	return &s, nil
}

func parseVersion(v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("schema version %q is not a positive integer", v)
	}
	return n, nil
}
