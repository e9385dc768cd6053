package chisel

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Info describes a chisel as its file declares it.
type Info struct {
	Name             string
	Path             string
	Description      string
	ShortDescription string
	Category         string
	Hidden           bool
	Args             []Arg
	// IsChisel is false for Lua files that declare no description (libraries, views).
	IsChisel bool
}

// Arg is one declared chisel argument.
type Arg struct {
	Name        string
	Description string
	Type        string // argtype: "string", "int", "filter" ...
	Optional    bool
}

// LoadInfo runs a chisel file in a fresh Lua state (with dirs as the require path)
// and returns what it declares. Callbacks are not called. A file without a description
// still runs as a chisel, but is not listed (IsChisel is false).
func LoadInfo(path string, dirs []string) (*Info, error) {
	r := &Runner{opts: Options{Dirs: dirs}, out: bufio.NewWriter(io.Discard)}
	c := &instance{r: r, vm: newVM(dirs, r.out)}
	defer c.vm.close()
	c.installAPI()
	name := strings.TrimSuffix(filepath.Base(path), ".lua")
	if err := c.vm.L.DoFile(path); err != nil {
		return nil, fmt.Errorf("load chisel %s: %w", name, c.vm.classifyLuaError(err, name, "load"))
	}
	return infoFromGlobals(c.vm.L, name, path), nil
}

// infoFromGlobals reads a loaded chisel's declarations.
func infoFromGlobals(L *lua.LState, name, path string) *Info {
	info := &Info{Name: name, Path: path}
	if s, ok := L.GetGlobal("description").(lua.LString); ok {
		info.Description = string(s)
		info.IsChisel = true
	}
	if s, ok := L.GetGlobal("short_description").(lua.LString); ok {
		info.ShortDescription = string(s)
	}
	if s, ok := L.GetGlobal("category").(lua.LString); ok {
		info.Category = string(s)
	}
	info.Hidden = lua.LVAsBool(L.GetGlobal("hidden"))
	if t, ok := L.GetGlobal("args").(*lua.LTable); ok {
		for i := 1; i <= t.Len(); i++ {
			a, ok := t.RawGetInt(i).(*lua.LTable)
			if !ok {
				continue
			}
			info.Args = append(info.Args, Arg{
				Name:        lua.LVAsString(a.RawGetString("name")),
				Description: lua.LVAsString(a.RawGetString("description")),
				Type:        lua.LVAsString(a.RawGetString("argtype")),
				Optional:    lua.LVAsBool(a.RawGetString("optional")),
			})
		}
	}
	return info
}

// RequiredArgs is the number of arguments the chisel cannot do without.
func (i *Info) RequiredArgs() int {
	n := 0
	for _, a := range i.Args {
		if !a.Optional {
			n++
		}
	}
	return n
}

// Listing layout: names in a 16-column field, text wrapped in 63-character chunks
// (the rest of an 80-column line), continuation lines indented by 16 spaces.
const (
	nameWidth  = 16
	chunkWidth = 63
	descWidth  = 79
)

// WriteList writes the chisel list as sysdig -cl does: by category, then name.
func WriteList(w io.Writer, infos []*Info) error {
	b := bufio.NewWriter(w)
	cat := "\x00"
	for _, i := range infos {
		if i.Category != cat {
			cat = i.Category
			head := "Category: " + cat
			fmt.Fprintf(b, "\n%s\n%s\n", head, strings.Repeat("-", len(head)))
		}
		writeEntry(b, i)
	}
	b.WriteString("\nUse the -i flag to get detailed information about a specific chisel\n")
	return b.Flush()
}

// WriteDescription writes a chisel's description and arguments as sysdig -i does.
func WriteDescription(w io.Writer, i *Info) error {
	b := bufio.NewWriter(w)
	head := "Category: " + i.Category
	fmt.Fprintf(b, "\n%s\n%s\n", head, strings.Repeat("-", len(head)))
	writeEntry(b, i)
	b.WriteString("\n")
	for _, line := range chunks(i.Description, descWidth) {
		b.WriteString(line)
		b.WriteString("\n")
	}
	b.WriteString("Args:\n")
	if len(i.Args) == 0 {
		b.WriteString("(None)\n")
		return b.Flush()
	}
	for _, a := range i.Args {
		writeWrapped(b, "["+a.Type+"] "+a.Name+" - "+a.Description)
	}
	b.WriteString("\n")
	return b.Flush()
}

// writeEntry writes "name  short description" with the listing layout.
func writeEntry(b *bufio.Writer, i *Info) {
	if len(i.Name) < nameWidth {
		b.WriteString(i.Name)
		b.WriteString(strings.Repeat(" ", nameWidth-len(i.Name)))
	} else {
		b.WriteString(i.Name)
		b.WriteString("\n")
		b.WriteString(strings.Repeat(" ", nameWidth))
	}
	writeWrapped(b, i.ShortDescription)
}

// writeWrapped writes s in chunkWidth pieces, continuation lines indented.
func writeWrapped(b *bufio.Writer, s string) {
	for n, line := range chunks(s, chunkWidth) {
		if n > 0 {
			b.WriteString(strings.Repeat(" ", nameWidth))
		}
		b.WriteString(line)
		b.WriteString("\n")
	}
}

// chunks cuts s into pieces of at most n bytes (at least one piece).
func chunks(s string, n int) []string {
	var out []string
	for len(s) > n {
		out = append(out, s[:n])
		s = s[n:]
	}
	return append(out, s)
}
