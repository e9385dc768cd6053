package parquet

import (
	"fmt"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
)

// The key/value blobs (scry.sections, scry.state) are compressed once per file. Their
// encoders are built once and reused from file to file, and are of zstd's "better" level
// with a 4 MiB window: its match tables take 4 MiB where the best level's take 34 MiB (68
// MiB with a dictionary), for blobs 4-6% larger (SCHEMA.md, bench/RESULTS.md).
const (
	blobLevel  = zstd.SpeedBetterCompression
	blobWindow = 4 << 20
	// idleStateCodecs bounds the state encoders and decoders kept for reuse.
	idleStateCodecs = 2
)

// stateDictID names the sections dictionary inside the state frame.
const stateDictID = 0x73637279

// bestBlobBytes bounds the sections encodings compressed at zstd's best level (with the
// encoder of small pages, compress.go) in files of one small row group: a short capture's
// sections take a few milliseconds there and come out 4% smaller; larger files and store
// segments, whose sections weigh less, and longer sections stay at blobLevel (and their
// writers without the best level's 34 MiB of match tables).
const bestBlobBytes = 256 << 10

var (
	blobOnce sync.Once
	blobEnc  *zstd.Encoder // EncodeAll is safe for concurrent use
	blobDec  *zstd.Decoder
	// Idle state codecs: a state codec holds a per-file dictionary, so it serves one file
	// at a time; these channels keep a few for the next files.
	stateEncoders = make(chan *zstd.Encoder, idleStateCodecs)
	stateDecoders = make(chan *zstd.Decoder, idleStateCodecs)
	// placeholderDict replaces a file's sections in an idle state codec, so that the codec
	// does not keep them alive.
	placeholderDict = []byte("scry state dictionary placeholder")
)

func blobEncoderOptions(extra ...zstd.EOption) []zstd.EOption {
	return append([]zstd.EOption{zstd.WithEncoderLevel(blobLevel), zstd.WithWindowSize(blobWindow),
		zstd.WithLowerEncoderMem(true), zstd.WithEncoderConcurrency(1)}, extra...)
}

func blobCodecs() (*zstd.Encoder, *zstd.Decoder) {
	blobOnce.Do(func() {
		blobEnc, _ = zstd.NewWriter(nil, blobEncoderOptions()...)
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

// encodeSections compresses a file's sections encoding like EncodeBlob or, with small
// (a file of one small row group, smallGroup) and when the encoding is short
// (bestBlobBytes), the smaller of zstd's best level and brotli's (brotliBlob): a short
// capture's sections are most of its file, and brotli's best level takes them 15%
// smaller than zstd's, in a few tens of milliseconds.
func encodeSections(b []byte, small bool) string {
	if !small || len(b) > bestBlobBytes {
		return EncodeBlob(b)
	}
	z := pageEncoder(levelBest).EncodeAll(b, nil)
	if br := encodeBrotliBlob(b); len(br) < len(z) {
		return string(br)
	}
	return string(z)
}

// brotliMagic starts a blob compressed with brotli instead of zstd (a zstd frame starts
// with 28 b5 2f fd, a skippable one with 5x 2a 4d 18).
const brotliMagic = "SCBR"

// maxBrotliBlob bounds a brotli blob's decompressed size: the writer compresses sections
// of up to bestBlobBytes so, and a damaged stream must not grow without end.
const maxBrotliBlob = 64 * bestBlobBytes

// encodeBrotliBlob is brotliMagic and b compressed with brotli as a page is (the blobs
// compressed so are at most bestBlobBytes long: brotli's best level).
func encodeBrotliBlob(b []byte) []byte { return appendBrotli([]byte(brotliMagic), b) }

// DecodeBlob reverses EncodeBlob and encodeSections.
func DecodeBlob(s string) ([]byte, error) {
	if strings.HasPrefix(s, brotliMagic) {
		b, err := readBounded(nil, brotli.NewReader(strings.NewReader(s[len(brotliMagic):])), maxBrotliBlob)
		if err != nil {
			return nil, fmt.Errorf("%w: brotli blob: %w", ErrSnapshot, err)
		}
		return b, nil
	}
	_, d := blobCodecs()
	b, err := d.DecodeAll([]byte(s), nil)
	if err != nil {
		return nil, fmt.Errorf("%w: blob is not zstd: %w", ErrSnapshot, err)
	}
	return b, nil
}

// encodeState compresses a state image with the encoded sections of the same file as a
// zstd dictionary: the image repeats most of their processes and fds, which then cost
// little. The frame is a stream frame of the reused encoder.
func encodeState(img, sections []byte) (string, error) {
	if len(sections) < 8 { // too short for a dictionary
		return EncodeBlob(img), nil
	}
	var out strings.Builder
	out.Grow(len(img)/8 + 64)
	dict := zstd.WithEncoderDictRaw(stateDictID, sections)
	var e *zstd.Encoder
	select {
	case e = <-stateEncoders:
		if err := e.ResetWithOptions(&out, dict); err != nil {
			return "", fmt.Errorf("state image compressor: %w", err)
		}
	default:
		var err error
		if e, err = zstd.NewWriter(&out, blobEncoderOptions(dict)...); err != nil {
			return "", fmt.Errorf("state image compressor: %w", err)
		}
	}
	_, err := e.Write(img)
	if cerr := e.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("compress state image: %w", err)
	}
	if e.ResetWithOptions(nil, zstd.WithEncoderDictRaw(stateDictID, placeholderDict)) == nil {
		select {
		case stateEncoders <- e:
		default:
		}
	}
	return out.String(), nil
}

// decodeState reverses encodeState.
func decodeState(blob string, sections []byte) ([]byte, error) {
	if len(sections) < 8 {
		return DecodeBlob(blob)
	}
	dict := zstd.WithDecoderDictRaw(stateDictID, sections)
	var d *zstd.Decoder
	select {
	case d = <-stateDecoders:
		if err := d.ResetWithOptions(nil, dict); err != nil {
			return nil, fmt.Errorf("state image decompressor: %w", err)
		}
	default:
		var err error
		d, err = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), dict, zstd.WithDecoderMaxWindow(zstd.MaxWindowSize))
		if err != nil {
			return nil, fmt.Errorf("state image decompressor: %w", err)
		}
	}
	b, err := d.DecodeAll([]byte(blob), nil)
	if d.ResetWithOptions(nil, zstd.WithDecoderDictRaw(stateDictID, placeholderDict)) == nil {
		select {
		case stateDecoders <- d:
		default:
			d.Close()
		}
	} else {
		d.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("%w: state image: %w", ErrSnapshot, err)
	}
	return b, nil
}
