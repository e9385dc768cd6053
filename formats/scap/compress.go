package scap

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Compression of a capture stream, recognised by its first bytes.
type Compression int

// Compressions.
const (
	CompressNone Compression = iota
	CompressGzip
	CompressZstd
)

func (c Compression) String() string {
	switch c {
	case CompressNone:
		return "none"
	case CompressGzip:
		return "gzip"
	case CompressZstd:
		return "zstd"
	}
	return fmt.Sprintf("compression(%d)", int(c))
}

// ParseCompression maps "none", "gzip" or "zstd" to a Compression.
func ParseCompression(s string) (Compression, error) {
	switch s {
	case "none", "":
		return CompressNone, nil
	case "gzip", "gz":
		return CompressGzip, nil
	case "zstd", "zst":
		return CompressZstd, nil
	}
	return CompressNone, fmt.Errorf("unknown compression %q (want none, gzip or zstd)", s)
}

const zstdMagic = 0xFD2FB528

// sniff recognises the compression of a stream from its first bytes.
func sniff(magic []byte) Compression {
	switch {
	case len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b:
		return CompressGzip
	case len(magic) >= 4 && binary.LittleEndian.Uint32(magic) == zstdMagic:
		return CompressZstd
	}
	return CompressNone
}

// decompressor opens the decompressed view of raw for compression c.
func decompressor(raw *bufio.Reader, c Compression) (io.ReadCloser, error) {
	switch c {
	case CompressGzip:
		return newGzipMembers(raw)
	case CompressZstd:
		zr, err := zstd.NewReader(raw, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true))
		if err != nil {
			return nil, err
		}
		return zr.IOReadCloser(), nil
	}
	return io.NopCloser(raw), nil
}

// gzipMembers decodes concatenated gzip members as one stream and, like zlib's gzread,
// ends quietly at trailing bytes that do not start another member.
type gzipMembers struct {
	raw *bufio.Reader
	zr  *gzip.Reader
}

func newGzipMembers(raw *bufio.Reader) (*gzipMembers, error) {
	zr, err := gzip.NewReader(raw)
	if err != nil {
		return nil, err
	}
	zr.Multistream(false)
	return &gzipMembers{raw: raw, zr: zr}, nil
}

func (g *gzipMembers) Read(p []byte) (int, error) {
	for {
		n, err := g.zr.Read(p)
		if !errors.Is(err, io.EOF) {
			return n, err
		}
		if magic, _ := g.raw.Peek(2); sniff(magic) != CompressGzip {
			return n, io.EOF
		}
		if rerr := g.zr.Reset(g.raw); rerr != nil {
			return n, rerr
		}
		g.zr.Multistream(false)
		if n > 0 {
			return n, nil
		}
	}
}

func (g *gzipMembers) Close() error { return g.zr.Close() }
