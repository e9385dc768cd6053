package capture

import (
	"fmt"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

// Savefile replays the events of a scap capture file.
type Savefile struct {
	r         *scap.Reader
	delivered uint64
}

// OpenSavefile opens a capture (plain, gzip or zstd).
func OpenSavefile(path string) (*Savefile, error) {
	r, err := scap.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open savefile: %w", err)
	}
	return &Savefile{r: r}, nil
}

// Section is the metadata of the section being read.
func (s *Savefile) Section() *scap.Section { return s.r.Section() }

// Next returns the next event of the file; its bytes are valid until the next call.
func (s *Savefile) Next(ev *event.Event) error {
	if err := s.r.Next(ev); err != nil {
		return err
	}
	s.delivered++
	return nil
}

// Stop does nothing: a file ends by itself.
func (s *Savefile) Stop() {}

// Stats reports the events read so far.
func (s *Savefile) Stats() Stats { return Stats{Delivered: s.delivered} }

// Close closes the file.
func (s *Savefile) Close() error { return s.r.Close() }
