package main

import (
	"errors"
	"io"
	"os"
	"sync/atomic"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/store"
)

// source is an opened capture of either kind.
type source interface {
	store.EventSource
	Close() error
}

// openSource opens a scap capture or a scry Parquet file. size and done measure
// progress (input bytes, or events for Parquet).
func openSource(path string) (src source, size int64, done func() int64, err error) {
	if k, _ := kindOf(path); k == kindParquet {
		r, err := parquet.Open(path)
		if err != nil {
			return nil, 0, nil, err
		}
		var n atomic.Int64
		return &countedParquet{Reader: r, n: &n}, r.NumRows(), n.Load, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, nil, err
	}
	st, _ := f.Stat()
	cr := &countingReader{r: f}
	r, err := scap.NewReader(cr, path)
	if err != nil {
		f.Close()
		return nil, 0, nil, err
	}
	r.ReturnUnknown(true)
	return &fileScap{Reader: r, f: f}, st.Size(), cr.n.Load, nil
}

type fileScap struct {
	*scap.Reader
	f *os.File
}

func (s *fileScap) Close() error { return errors.Join(s.Reader.Close(), s.f.Close()) }

type countedParquet struct {
	*parquet.Reader
	n *atomic.Int64
}

func (c *countedParquet) Next(ev *event.Event) error {
	err := c.Reader.Next(ev)
	if err == nil {
		c.n.Add(1)
	}
	return err
}

type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
