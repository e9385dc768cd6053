package plan

import (
	"strings"
	"sync"

	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// warmDecoders has the Parquet library build its decoders of footers, page headers and
// page indexes. It builds them by reflection on first use, about 0.4 ms of CPU in every
// process; started when planning begins, that work runs on another core while the query
// is compiled and the store's catalog read, instead of in the first footer read.
var warmDecoders = sync.OnceFunc(func() {
	stop := []byte{0} // an empty struct: decoding fails on missing fields, after the build
	var proto thrift.CompactProtocol
	_ = thrift.Unmarshal(&proto, stop, new(format.FileMetaData))
	_ = thrift.Unmarshal(&proto, stop, new(format.PageHeader))
	_ = thrift.Unmarshal(&proto, stop, new(format.OffsetIndex))
	_ = thrift.Unmarshal(&proto, stop, new(format.ColumnIndex))
})

// mayReadParquet reports whether FROM may name Parquet files (a store, a folder, a glob
// or a file that is not a scap capture).
func mayReadParquet(from string) bool { return !strings.Contains(from, ".scap") }
