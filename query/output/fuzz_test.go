package output

import "testing"

// FuzzParse feeds format strings to Parse: it returns a format or an error, never
// panics, and a format it accepts renders an event as text, JSON and CSV.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		DefaultFormat, TTYFormat, ContainerFormat, "*%evt.num %evt.rawtime %proc.name %fd.name %evt.args",
		"%10proc.name %-5evt.type", "%evt.arg.fd %evt.arg[0] %evt.rawarg.res", "%proc.aname[2]",
		"%thread.cgroup.memory", "100%% %", "%evt.buffer %evt.around[1000]", "\x1b[31m%proc.name",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, o := range []Options{DefaultOptions(), {JSON: true}} {
			ft, err := Parse(s, o)
			if err != nil {
				continue
			}
			r := readExit([]byte("some data\n"))
			ft.AppendText(nil, r.ctx, r.eng)
			ft.AppendJSON(nil, r.ctx, r.eng)
			ft.AppendCSVHeader(nil)
			ft.AppendCSV(nil, r.ctx, r.eng)
		}
	})
}
