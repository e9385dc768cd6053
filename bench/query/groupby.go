package querybench

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/schema"
)

// Pair is one query as scry's language writes it and as DuckDB's SQL writes it over
// scry's Parquet columns. In Scry, {src} stands for the source; in Duck, {from} for the
// Parquet source and {v} for VisibleSQL.
type Pair struct {
	Name, Scry, Duck string
}

// GroupBys are the ten group-by queries both engines must answer identically. Where a
// query has a LIMIT its ORDER BY is total, so both engines pick the same rows.
var GroupBys = []Pair{
	{"proc.name", "SELECT proc.name, count(*) FROM '{src}' GROUP BY proc.name",
		"SELECT proc_name, count(*) FROM {from} WHERE {v} GROUP BY 1"},
	{"type and direction", "SELECT evt.type, evt.dir, count(*) FROM '{src}' GROUP BY 1, 2",
		"SELECT evt_type, evt_dir, count(*) FROM {from} WHERE {v} GROUP BY 1, 2"},
	{"top files", "SELECT fd.name, count(*) AS n FROM '{src}' WHERE fd.name exists GROUP BY fd.name ORDER BY n DESC, fd.name LIMIT 10",
		"SELECT fd_name, count(*) AS n FROM {from} WHERE {v} AND fd_name IS NOT NULL GROUP BY 1 ORDER BY n DESC, fd_name LIMIT 10"},
	{"distinct programs per user", "SELECT user.name, count(DISTINCT proc.name) FROM '{src}' GROUP BY 1",
		"SELECT user_name, count(DISTINCT proc_name) FROM {from} WHERE {v} GROUP BY 1"},
	{"I/O sizes", "SELECT proc.name, sum(evt.buflen), min(evt.buflen), max(evt.buflen), avg(evt.buflen), count(evt.buflen) FROM '{src}' WHERE evt.type in (read, write, sendto, recvfrom) GROUP BY 1",
		"SELECT proc_name, sum(evt_buflen), min(evt_buflen), max(evt_buflen), avg(evt_buflen), count(evt_buflen) FROM {from} WHERE {v} AND evt_type IN ('read', 'write', 'sendto', 'recvfrom') GROUP BY 1"},
	{"per 10 minutes", "SELECT bucket(evt.rawtime, 10m) AS t, count(*) FROM '{src}' GROUP BY t",
		"SELECT evt_rawtime - evt_rawtime % 600000000000 AS t, count(*) FROM {from} WHERE {v} GROUP BY t"},
	{"exits by fd type", "SELECT proc.name, fd.typechar, count(*) FROM '{src}' WHERE evt.dir = < GROUP BY 1, 2 HAVING count(*) > 5",
		"SELECT proc_name, fd_typechar, count(*) FROM {from} WHERE {v} AND evt_dir = '<' GROUP BY 1, 2 HAVING count(*) > 5"},
	{"failures by parent", "SELECT proc.pname, proc.name, evt.type, count(*) FROM '{src}' WHERE evt.failed = true GROUP BY 1, 2, 3",
		"SELECT proc_pname, proc_name, evt_type, count(*) FROM {from} WHERE {v} AND evt_failed GROUP BY 1, 2, 3"},
	{"first and last file per thread", "SELECT thread.tid, first(fd.name), last(fd.name), count(*) FROM '{src}' WHERE fd.name exists GROUP BY 1",
		"SELECT thread_tid, arg_min(fd_name, evt_rawtime), arg_max(fd_name, evt_rawtime), count(*) FROM {from} WHERE {v} AND fd_name IS NOT NULL GROUP BY 1"},
	{"cpu span", "SELECT evt.cpu, count(*), max(evt.rawtime) - min(evt.rawtime), max(evt.num) FROM '{src}' GROUP BY 1",
		"SELECT evt_cpu, count(*), max(evt_rawtime) - min(evt_rawtime), max(evt_num) FROM {from} WHERE {v} GROUP BY 1"},
}

// VisibleSQL is DuckDB's condition for the rows scry shows out of source from: the rows
// of event types sysdig prints (not internal, not metaevents of newer tables) without the
// state-only dump flag, leaving out the container events that precede every other event
// (sysdig consumes those while opening a capture).
func VisibleSQL(from string) string {
	var hidden []string
	for id := range schema.NumEvents {
		info := schema.Info(uint16(id))
		shown := id < schema.LegacyMax && info.Category != schema.CatInternal &&
			(info.Source&(schema.SourceMetaevent|schema.SourceIter) == 0 || info.Legacy)
		if !shown {
			hidden = append(hidden, fmt.Sprint(id))
		}
	}
	container := "raw_type IN (228, 272, 324)"
	return fmt.Sprintf("raw_type < %d AND raw_type NOT IN (%s) AND raw_flags & %d = 0 AND NOT (%s AND evt_num < "+
		"(SELECT min(evt_num) FROM %s WHERE raw_type < %d AND NOT %s))",
		schema.NumEvents, strings.Join(hidden, ", "), event.FlagStateOnly, container, from, schema.LegacyMax, container)
}

// VisibleSQLBefore is VisibleSQL with the first non-container event's evt.num known
// (first), which spares DuckDB the subquery; benchmarks compute it once beforehand.
func VisibleSQLBefore(first int64) string {
	var hidden []string
	for id := range schema.NumEvents {
		info := schema.Info(uint16(id))
		shown := id < schema.LegacyMax && info.Category != schema.CatInternal &&
			(info.Source&(schema.SourceMetaevent|schema.SourceIter) == 0 || info.Legacy)
		if !shown {
			hidden = append(hidden, fmt.Sprint(id))
		}
	}
	return fmt.Sprintf("raw_type < %d AND raw_type NOT IN (%s) AND raw_flags & %d = 0 AND NOT (raw_type IN (228, 272, 324) AND evt_num < %d)",
		schema.NumEvents, strings.Join(hidden, ", "), event.FlagStateOnly, first)
}

// Expand fills a pair's placeholders: src is the Parquet file or store folder scry reads,
// from the DuckDB source expression.
func (p Pair) Expand(src, from string) (scry, duck string) {
	scry = strings.ReplaceAll(p.Scry, "{src}", src)
	duck = strings.NewReplacer("{v}", VisibleSQL(from), "{from}", from).Replace(p.Duck)
	return scry, duck
}

// DuckFrom is DuckDB's source expression for a Parquet file or a store folder.
func DuckFrom(src string, isDir bool) string {
	if isDir {
		return fmt.Sprintf("read_parquet('%s/**/*.parquet', hive_partitioning = true, union_by_name = true)", src)
	}
	return fmt.Sprintf("'%s'", src)
}

// Normalize turns result rows (JSON values from either engine) into sorted lines of
// text: numbers in a canonical form (floats to 9 significant digits), nulls as NULL.
func Normalize(rows [][]any) []string {
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		cells := make([]string, len(r))
		for i, v := range r {
			cells[i] = cell(v)
		}
		out = append(out, strings.Join(cells, " | "))
	}
	slices.Sort(out)
	return out
}

func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return fmt.Sprint(n)
		}
		if f, err := x.Float64(); err == nil {
			return cell(f)
		}
		return x.String()
	case float64:
		if x == float64(int64(x)) && x < 1e15 && x > -1e15 {
			return fmt.Sprint(int64(x))
		}
		return fmt.Sprintf("%.9g", x)
	case string:
		return x
	case bool:
		return fmt.Sprint(x)
	}
	return fmt.Sprint(v)
}
