package parquet

import (
	"encoding/json"
	"fmt"
	"strconv"
	"sync"

	"github.com/klauspost/compress/zstd"

	"github.com/scrylabs/scry/formats/scap"
)

// SchemaVersion is the version of the layout this package writes, stored under
// KeySchemaVersion. Readers accept every version up to it; SCHEMA.md says when it changes.
// Version 2: process and fd tables of scry.sections column by column; scry.state
// compressed against the encoded sections.
const SchemaVersion = 2

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

var (
	blobEncOnce sync.Once
	blobEnc     *zstd.Encoder
	blobDec     *zstd.Decoder
)

func blobCodecs() (*zstd.Encoder, *zstd.Decoder) {
	blobEncOnce.Do(func() {
		blobEnc, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBestCompression), zstd.WithEncoderConcurrency(1))
		blobDec, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
	})
	return blobEnc, blobDec
}

// EncodeBlob compresses b with zstd for a key/value metadata value (Parquet stores
// values as byte strings; engines that show them treat them as BLOBs).
func EncodeBlob(b []byte) string {
	e, _ := blobCodecs()
	return string(e.EncodeAll(b, nil))
}

// DecodeBlob reverses EncodeBlob.
func DecodeBlob(s string) ([]byte, error) {
	_, d := blobCodecs()
	b, err := d.DecodeAll([]byte(s), nil)
	if err != nil {
		return nil, fmt.Errorf("%w: blob is not zstd: %w", ErrSnapshot, err)
	}
	return b, nil
}

// encodeState compresses a state image with the encoded sections of the same file as a
// zstd dictionary: the image repeats most of their processes and fds, which then cost
// little.
func encodeState(img, sections []byte) (string, error) {
	if len(sections) < 8 { // too short for a dictionary
		return EncodeBlob(img), nil
	}
	e, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBestCompression), zstd.WithEncoderConcurrency(1),
		zstd.WithEncoderDictRaw(stateDictID, sections), zstd.WithWindowSize(windowFor(len(sections)+len(img))))
	if err != nil {
		return "", fmt.Errorf("state image compressor: %w", err)
	}
	defer e.Close()
	return string(e.EncodeAll(img, nil)), nil
}

// decodeState reverses encodeState.
func decodeState(blob string, sections []byte) ([]byte, error) {
	if len(sections) < 8 {
		return DecodeBlob(blob)
	}
	d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderDictRaw(stateDictID, sections),
		zstd.WithDecoderMaxWindow(zstd.MaxWindowSize))
	if err != nil {
		return nil, fmt.Errorf("state image decompressor: %w", err)
	}
	defer d.Close()
	b, err := d.DecodeAll([]byte(blob), nil)
	if err != nil {
		return nil, fmt.Errorf("%w: state image: %w", ErrSnapshot, err)
	}
	return b, nil
}

// stateDictID names the sections dictionary inside the state frame.
const stateDictID = 0x73637279

// windowFor is a zstd window (a power of two) covering n bytes of dictionary and data.
func windowFor(n int) int {
	w := zstd.MinWindowSize
	for w < n && w < zstd.MaxWindowSize {
		w <<= 1
	}
	return w
}

func encodeStats(s *Stats) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func decodeStats(v string) (*Stats, error) {
	var s Stats
	if err := json.Unmarshal([]byte(v), &s); err != nil {
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
