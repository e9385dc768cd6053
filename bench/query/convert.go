package querybench

import (
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/store"
	"github.com/scrylabs/scry/store/enrich"
)

// convert writes the enriched Parquet conversion of a capture, as scry convert does.
func convert(in, out string) error {
	src, err := scap.Open(in)
	if err != nil {
		return err
	}
	defer src.Close()
	tr, err := enrich.New()
	if err != nil {
		return err
	}
	_, err = store.ToParquet(src, out, store.ConvertOptions{Tracker: tr})
	return err
}
