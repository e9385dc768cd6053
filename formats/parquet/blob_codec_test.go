package parquet

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// stateFixture returns a sections encoding and a state image that repeats it, varied by
// seed so that two fixtures make two different dictionaries.
func stateFixture(seed int) (sections, img []byte) {
	sec := testSection()
	for i := 0; i < 200; i++ {
		p := sec.Processes[0]
		p.Tid, p.Pid = int64(seed*1000+i), int64(seed*1000+i)
		p.Args = []byte("--worker\x00" + strings.Repeat(string(rune('a'+seed%26)), i%40) + "\x00")
		sec.Processes = append(sec.Processes, p)
	}
	sections = AppendSections(nil, []SectionStart{{FirstNum: 1, Section: sec}})
	img = append([]byte("image:"), sections...)
	return sections, img
}

// TestStateCodecsReusedAcrossFiles: files in turn, each with its own sections, compress
// and decompress through reused codecs, each against its own dictionary.
func TestStateCodecsReusedAcrossFiles(t *testing.T) {
	var blobs []string
	var secs, imgs [][]byte
	for seed := 0; seed < 5; seed++ {
		s, img := stateFixture(seed)
		b, err := encodeState(img, s)
		if err != nil {
			t.Fatal(err)
		}
		blobs, secs, imgs = append(blobs, b), append(secs, s), append(imgs, img)
	}
	for i := range blobs {
		back, err := decodeState(blobs[i], secs[i])
		if err != nil || string(back) != string(imgs[i]) {
			t.Fatalf("file %d: state image changed after codec reuse: %v", i, err)
		}
		if _, err := decodeState(blobs[i], secs[(i+1)%len(secs)]); err == nil {
			t.Errorf("file %d decoded against the sections of another file without an error", i)
		}
	}
}

// TestStateEncoderAllocatesNoTables: once an encoder is idle for reuse, compressing the
// state of a further file allocates far less than the encoder's match tables (4 MiB at
// the blob level, 34 MiB at zstd's best).
func TestStateEncoderAllocatesNoTables(t *testing.T) {
	s, img := stateFixture(1)
	if _, err := encodeState(img, s); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	const files = 10
	runtime.ReadMemStats(&before)
	for i := 0; i < files; i++ {
		if _, err := encodeState(img, s); err != nil {
			t.Fatal(err)
		}
		EncodeBlob(s)
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / files; per > 1<<20 {
		t.Errorf("a file's blobs allocate %d bytes: want under 1 MiB (encoders reused)", per)
	}
}

// TestStateCodecsConcurrently: writers closing files at the same time share the idle
// codecs safely, each file against its own sections.
func TestStateCodecsConcurrently(t *testing.T) {
	const files = 8
	errs := make(chan error, files)
	for seed := 0; seed < files; seed++ {
		go func() {
			s, img := stateFixture(seed)
			for range 5 {
				b, err := encodeState(img, s)
				if err == nil {
					var back []byte
					if back, err = decodeState(b, s); err == nil && string(back) != string(img) {
						err = errors.New("state image changed")
					}
				}
				if err != nil {
					errs <- fmt.Errorf("file %d: %w", seed, err)
					return
				}
			}
			errs <- nil
		}()
	}
	for range files {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
