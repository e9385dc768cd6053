// Command decode times scry's pure decode loop over a capture: open, then Next until the
// end, touching each event's header. It prints events, seconds and events per second.
// With -ahead the capture is decoded on a second goroutine (scap.ReadAhead), as scry read
// does on more than one core.
//
//	GOMAXPROCS=1 go run ./bench/cmd/decode /tmp/big.scap
//	go run ./bench/cmd/decode -ahead /tmp/big.scap
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

func main() {
	ahead := flag.Bool("ahead", false, "decode on a second goroutine (scap.ReadAhead)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: decode [-ahead] CAPTURE")
		os.Exit(2)
	}
	start := time.Now()
	n, sum, err := decode(flag.Arg(0), *ahead)
	if err != nil {
		fmt.Fprintln(os.Stderr, "decode:", err)
		os.Exit(1)
	}
	secs := time.Since(start).Seconds()
	fmt.Printf("events %d seconds %.3f events/s %.0f (checksum %d)\n", n, secs, float64(n)/secs, sum)
}

func decode(path string, ahead bool) (n, sum uint64, err error) {
	r, err := scap.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer r.Close()
	var src interface{ Next(*event.Event) error } = r
	if ahead {
		a := scap.NewReadAhead(r)
		defer a.Close()
		src = a
	}
	var ev event.Event
	for {
		err := src.Next(&ev)
		if errors.Is(err, io.EOF) {
			return n, sum, nil
		}
		if err != nil {
			return n, sum, err
		}
		n++
		sum += uint64(ev.Type()) + uint64(ev.Tid())
	}
}
