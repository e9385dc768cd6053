package chisel

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestDirsSearchOrder(t *testing.T) {
	t.Setenv(PathEnv, "/opt/a"+string(os.PathListSeparator)+"/opt/b")
	t.Setenv("HOME", "/home/someone")
	got := Dirs()
	want := []string{"/opt/a", "/opt/b", "chisels", "/home/someone/.chisels", SystemDir}
	if len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
		t.Errorf("Dirs() = %q, want it to start with %q", got, want)
	}
}

func TestFindAndListPreferEarlierDirectories(t *testing.T) {
	first := chiselDir(t, map[string]string{
		"alpha": "description = 'first alpha'\nshort_description = 'alpha one'\ncategory = 'Zeta'\nargs = {}\n",
	})
	second := chiselDir(t, map[string]string{
		"alpha":  "description = 'second alpha'\nshort_description = 'alpha two'\ncategory = 'Zeta'\nargs = {}\n",
		"beta":   "description = 'beta'\nshort_description = 'a chisel whose short description is long enough to wrap onto a second line'\ncategory = 'Alpha'\nargs = {{name = 'n', description = 'how many', argtype = 'int', optional = true}}\n",
		"helper": "description = 'helper'\nshort_description = 'h'\ncategory = 'Alpha'\nhidden = true\nargs = {}\n",
		"lib":    "function util() return 1 end\n",
		"broken": "this is not lua",
	})
	dirs := []string{first, second}
	p, err := Find("alpha", dirs)
	if err != nil || p != filepath.Join(first, "alpha.lua") {
		t.Errorf("Find(alpha) = %q, %v; want the first directory's", p, err)
	}
	if _, err := Find("gamma", dirs); !errors.Is(err, ErrNotFound) {
		t.Errorf("Find(gamma): err = %v, want ErrNotFound", err)
	}
	infos := List(dirs)
	var names []string
	for _, i := range infos {
		names = append(names, i.Name+":"+i.ShortDescription)
	}
	if want := []string{"beta:" + infos[0].ShortDescription, "alpha:alpha one"}; !slices.Equal(names, want) {
		t.Errorf("List = %q, want %q (by category, hidden, libraries and broken files left out)", names, want)
	}
	var out bytes.Buffer
	if err := WriteList(&out, infos); err != nil {
		t.Fatal(err)
	}
	want := "\nCategory: Alpha\n---------------\n" +
		"beta            a chisel whose short description is long enough to wrap onto a \n" +
		"                second line\n" +
		"\nCategory: Zeta\n--------------\n" +
		"alpha           alpha one\n" +
		"\nUse the -i flag to get detailed information about a specific chisel\n"
	if out.String() != want {
		t.Errorf("WriteList:\n%q\nwant\n%q", out.String(), want)
	}
	out.Reset()
	if err := WriteDescription(&out, infos[0]); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "\nbeta\nArgs:\n[int] n - how many\n\n") {
		t.Errorf("WriteDescription:\n%s", out.String())
	}
}
