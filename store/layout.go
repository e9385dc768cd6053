package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// SegmentExt is the extension of segment files; temporary files never carry it.
const SegmentExt = ".parquet"

// tmpDir is the folder of segments being written, inside the store root.
const tmpDir = ".tmp"

// DefaultDir is the default store: /var/lib/scry for root, else $XDG_DATA_HOME/scry
// ($HOME/.local/share/scry when XDG_DATA_HOME is unset).
func DefaultDir() string { return defaultDir(os.Geteuid(), os.Getenv) }

func defaultDir(euid int, getenv func(string) string) string {
	if euid == 0 {
		return "/var/lib/scry"
	}
	if d := getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "scry")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "share", "scry")
	}
	return filepath.Join(os.TempDir(), "scry")
}

// HostLabel makes a host name safe as a partition value: path separators, '=' and
// control characters become '_'; an empty name becomes "unknown".
func HostLabel(host string) string {
	if host == "" {
		return "unknown"
	}
	b := []byte(host)
	for i, c := range b {
		if c == '/' || c == '\\' || c == '=' || c < 0x20 || c == 0x7f {
			b[i] = '_'
		}
	}
	if s := string(b); s != "." && s != ".." {
		return s
	}
	return "unknown"
}

// TimeOf converts an event timestamp (ns since the epoch, unsigned: up to year 2554) to a
// UTC time.
func TimeOf(ns uint64) time.Time {
	return time.Unix(int64(ns/1e9), int64(ns%1e9)).UTC()
}

// hourNs is an hour in ns; UTC hours start at multiples of it since the epoch.
const hourNs = uint64(time.Hour)

// SegmentPath is where a segment of host whose events span [start, end] (ns) lives.
func SegmentPath(root, host string, start, end uint64) string {
	t := TimeOf(start)
	return filepath.Join(root,
		"host="+HostLabel(host),
		"date="+t.Format("2006-01-02"),
		fmt.Sprintf("hour=%02d", t.Hour()),
		fmt.Sprintf("%d-%d%s", start, end, SegmentExt))
}

// segmentName is what a segment's path says about it.
type segmentName struct {
	host       string
	start, end uint64
}

// parseSegmentPath parses a path relative to the store root; ok is false for anything
// that is not laid out as a segment.
func parseSegmentPath(rel string) (segmentName, bool) {
	parts := strings.Split(filepath.ToSlash(rel), "/")
	if len(parts) != 4 {
		return segmentName{}, false
	}
	host, ok1 := strings.CutPrefix(parts[0], "host=")
	_, ok2 := strings.CutPrefix(parts[1], "date=")
	_, ok3 := strings.CutPrefix(parts[2], "hour=")
	base, ok4 := strings.CutSuffix(parts[3], SegmentExt)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return segmentName{}, false
	}
	// <start>-<end>, with a "-N" suffix when two segments share a range.
	f := strings.Split(base, "-")
	if len(f) != 2 && len(f) != 3 {
		return segmentName{}, false
	}
	start, err1 := strconv.ParseUint(f[0], 10, 64)
	end, err2 := strconv.ParseUint(f[1], 10, 64)
	if err1 != nil || err2 != nil || end < start {
		return segmentName{}, false
	}
	if len(f) == 3 {
		if _, err := strconv.ParseUint(f[2], 10, 32); err != nil {
			return segmentName{}, false
		}
	}
	return segmentName{host: host, start: start, end: end}, true
}
