package plan

import (
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
)

// hasMeta reports whether p is a glob pattern.
func hasMeta(p string) bool { return strings.ContainsAny(p, "*?[") }

// globFiles expands a pattern in which "**" matches any number of directories and the
// other elements follow filepath.Match. Results are sorted.
func globFiles(pattern string) ([]string, error) {
	pattern = filepath.Clean(pattern)
	parts := strings.Split(filepath.ToSlash(pattern), "/")
	// The walk starts at the longest prefix without metacharacters.
	i := 0
	for i < len(parts) && !hasMeta(parts[i]) {
		i++
	}
	root := strings.Join(parts[:i], "/")
	switch {
	case root == "" && strings.HasPrefix(pattern, "/"):
		root = "/"
	case root == "":
		root = "."
	}
	if i == len(parts) {
		return []string{pattern}, nil
	}
	rest := parts[i:]
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable folders are skipped, as a shell glob would
		}
		if d.IsDir() {
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir // hidden folders (a store's .tmp) hold no results
			}
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return nil
		}
		if matchParts(rest, strings.Split(filepath.ToSlash(rel), "/")) {
			out = append(out, p)
		}
		return nil
	})
	slices.Sort(out)
	return out, err
}

// matchParts matches path elements against pattern elements, "**" matching zero or
// more elements.
func matchParts(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for k := 0; k <= len(name); k++ {
				if matchParts(pat[1:], name[k:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, _ := filepath.Match(pat[0], name[0]); !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}
