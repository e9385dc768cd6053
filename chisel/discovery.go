package chisel

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// PathEnv names the environment variable with extra chisel directories
// (colon-separated); they are searched before the standard ones.
const PathEnv = "SCRY_CHISEL_PATH"

// SystemDir is where Debian's sysdig package installs its chisels.
const SystemDir = "/usr/share/sysdig/chisels"

// Dirs returns the chisel directories in search order: those of SCRY_CHISEL_PATH,
// ./chisels, ~/.chisels and sysdig's installation directory. Directories that do not
// exist are kept: the list is a search path.
func Dirs() []string {
	var dirs []string
	for _, d := range filepath.SplitList(os.Getenv(PathEnv)) {
		if d != "" {
			dirs = append(dirs, d)
		}
	}
	dirs = append(dirs, "chisels")
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, ".chisels"))
	}
	dirs = append(dirs, SystemDir, "/usr/local/share/sysdig/chisels")
	return dirs
}

// Find returns the path of chisel name (NAME.lua, or NAME itself when it names a
// .lua file) in the first directory of dirs that has it.
func Find(name string, dirs []string) (string, error) {
	if strings.HasSuffix(name, ".lua") {
		if st, err := os.Stat(name); err == nil && !st.IsDir() {
			return name, nil
		}
		name = strings.TrimSuffix(name, ".lua")
	}
	if name == "" || strings.ContainsRune(name, filepath.Separator) {
		return "", fmt.Errorf("find chisel %q: %w", name, ErrNotFound)
	}
	for _, d := range dirs {
		p := filepath.Join(d, name+".lua")
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	return "", fmt.Errorf("find chisel %s in %s: %w", name, strings.Join(dirs, ", "), ErrNotFound)
}

// candidates returns the .lua files of dirs, one per name (the first directory wins),
// sorted by name.
func candidates(dirs []string) []string {
	seen := make(map[string]bool)
	var names []string
	paths := make(map[string]string)
	for _, d := range dirs {
		entries, err := os.ReadDir(d)
		if err != nil {
			continue
		}
		for _, e := range entries {
			n := e.Name()
			if e.IsDir() || !strings.HasSuffix(n, ".lua") {
				continue
			}
			name := strings.TrimSuffix(n, ".lua")
			if seen[name] {
				continue
			}
			seen[name] = true
			names = append(names, name)
			paths[name] = filepath.Join(d, n)
		}
	}
	sort.Strings(names)
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = paths[n]
	}
	return out
}

// List loads every chisel of dirs and returns the visible ones (files that define a
// description and are not hidden), sorted by category then name. Files that are not
// chisels (libraries, views) or fail to load are skipped.
func List(dirs []string) []*Info {
	var out []*Info
	for _, p := range candidates(dirs) {
		info, err := LoadInfo(p, dirs)
		if err != nil || info.Hidden || !info.IsChisel {
			continue
		}
		out = append(out, info)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Category != out[j].Category {
			return out[i].Category < out[j].Category
		}
		return out[i].Name < out[j].Name
	})
	return out
}
