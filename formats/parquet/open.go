package parquet

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"slices"

	"github.com/andybalholm/brotli"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// OpenFile opens a Parquet file with parquet-go, after checking that its footer fits in
// the file (parquet-go allocates the size the last bytes give, up to 4 GiB) and that
// every page of its
// BROTLI chunks decompresses to no more than its header declares. parquet-go grows a
// page's buffer for as long as the codec gives bytes, and a few damaged bytes of a
// brotli stream can ask for gigabytes: such a file is refused here with ErrCorrupt.
// scry's readers (Reader, the query engine, the store summary) open files this way.
func OpenFile(r io.ReaderAt, size int64, opts ...pq.FileOption) (*pq.File, error) {
	if err := checkFooterSize(r, size); err != nil {
		return nil, err
	}
	pf, err := pq.OpenFile(r, size, opts...)
	if err != nil {
		return nil, err
	}
	if err := checkBrotliPages(r, size, pf); err != nil {
		return nil, err
	}
	return pf, nil
}

// checkFooterSize refuses a file whose last 8 bytes do not give a footer length that
// fits in it between the two magics.
func checkFooterSize(r io.ReaderAt, size int64) error {
	var tail [8]byte
	if size < 12 {
		return fmt.Errorf("%w: %d bytes, too short for a Parquet file", ErrCorrupt, size)
	}
	if _, err := r.ReadAt(tail[:], size-8); err != nil {
		return fmt.Errorf("%w: read footer length: %w", ErrCorrupt, err)
	}
	if n := int64(binary.LittleEndian.Uint32(tail[:4])); n > size-12 {
		return fmt.Errorf("%w: footer of %d bytes in a file of %d", ErrCorrupt, n, size)
	}
	return nil
}

// checkBrotliPages decompresses every page of the BROTLI chunks of pf, each bounded by
// the size its header declares.
func checkBrotliPages(r io.ReaderAt, size int64, pf *pq.File) error {
	var buf, out []byte
	for g, rg := range pf.Metadata().RowGroups {
		for i := range rg.Columns {
			md := &rg.Columns[i].MetaData
			if md.Codec != format.Brotli {
				continue
			}
			where := func(f string, a ...any) error {
				return fmt.Errorf("%w: row group %d column %d: %s", ErrCorrupt, g, i, fmt.Sprintf(f, a...))
			}
			start := md.DataPageOffset
			if md.DictionaryPageOffset > 0 && md.DictionaryPageOffset < start {
				start = md.DictionaryPageOffset
			}
			if start < 0 || md.TotalCompressedSize < 0 || start > size || md.TotalCompressedSize > size-start {
				return where("chunk of %d bytes at %d in a file of %d", md.TotalCompressedSize, start, size)
			}
			buf = slices.Grow(buf[:0], int(md.TotalCompressedSize))[:md.TotalCompressedSize]
			if _, err := r.ReadAt(buf, start); err != nil {
				return where("read chunk: %v", err)
			}
			br := bytes.NewReader(buf)
			dec := thrift.NewDecoder(new(thrift.CompactProtocol).NewReader(br))
			for br.Len() > 0 {
				var h format.PageHeader
				if err := dec.Decode(&h); err != nil {
					return where("page header: %v", err)
				}
				at := len(buf) - br.Len()
				n, want := int(h.CompressedPageSize), int(h.UncompressedPageSize)
				if n < 0 || n > br.Len() || want < 0 {
					return where("page of %d bytes (%d uncompressed) at byte %d of %d", n, want, at, len(buf))
				}
				body := buf[at : at+n]
				br.Seek(int64(n), io.SeekCurrent)
				if h.DataPageHeaderV2.Valid { // levels first, never compressed
					v2 := &h.DataPageHeaderV2.V
					if v2.IsCompressed.Valid && !v2.IsCompressed.V {
						continue
					}
					lv := int(v2.RepetitionLevelsByteLength) + int(v2.DefinitionLevelsByteLength)
					if lv < 0 || lv > n || lv > want {
						return where("page levels of %d bytes in a page of %d", lv, n)
					}
					body, want = body[lv:], want-lv
				}
				var err error
				out, err = readBounded(out[:0], newBrotliReader(body), want)
				if err != nil {
					return where("page at byte %d: %v", at, err)
				}
			}
		}
	}
	return nil
}

// readBounded appends what r gives to dst, refusing more than max bytes.
func readBounded(dst []byte, r io.Reader, max int) ([]byte, error) {
	b := bytes.NewBuffer(dst)
	n, err := b.ReadFrom(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return b.Bytes(), err
	}
	if n > int64(max) {
		return b.Bytes(), fmt.Errorf("decompresses to more than the %d bytes declared", max)
	}
	return b.Bytes(), nil
}

func newBrotliReader(b []byte) io.Reader { return brotli.NewReader(bytes.NewReader(b)) }
