package recorder

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/scrylabs/scry/capture/journal"
)

// JournalDir is the folder, inside a store, of the recordings' spools and checkpoints
// (and of the journals earlier recorders kept). Store listings skip it (its name starts
// with a dot).
const JournalDir = ".journal"

// journalExt ends the name of a version 1 journal, the open segment's journal of
// earlier recorders.
const journalExt = ".journal"

// journalDir returns the store's journal folder, created 0700 if needed.
func journalDir(root string) (string, error) {
	dir := filepath.Join(root, JournalDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create journal folder: %w", err)
	}
	return dir, nil
}

// journalName names the seq-th version 1 journal of a recording started at ns.
func journalName(dir string, ns int64, seq int) string {
	return filepath.Join(dir, fmt.Sprintf("%019d-%06d%s", ns, seq, journalExt))
}

// recordingID names a recording's spool files and checkpoints: names sort in the order
// recordings started.
func recordingID(t time.Time) string { return fmt.Sprintf("%019d", t.UnixNano()) }

// leftover is what an interrupted recording left in the journal folder: a version 1
// journal, or the spool and checkpoints of a recording.
type leftover struct {
	journal string // path of a version 1 journal
	id      string // a recording's name
}

// leftovers lists the journal folder's leftovers, oldest first. Temporary checkpoints a
// crash left half written are removed.
func leftovers(dir string) ([]leftover, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("list journals: %w", err)
	}
	var out []leftover
	ids := map[string]bool{}
	for _, e := range ents {
		name := e.Name()
		if !e.Type().IsRegular() {
			continue
		}
		switch {
		case strings.HasSuffix(name, journalExt):
			out = append(out, leftover{journal: filepath.Join(dir, name)})
		case strings.HasSuffix(name, journal.CheckpointExt+".tmp"):
			os.Remove(filepath.Join(dir, name))
		case strings.HasSuffix(name, journal.CheckpointExt), strings.HasSuffix(name, journal.SpoolExt):
			if i := strings.LastIndexByte(name, '-'); i > 0 && !ids[name[:i]] {
				ids[name[:i]] = true
				out = append(out, leftover{id: name[:i]})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key() < out[j].key() })
	return out, nil
}

// key orders leftovers by the time their recording started.
func (l leftover) key() string {
	if l.journal != "" {
		return filepath.Base(l.journal)
	}
	return l.id
}
