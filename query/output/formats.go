package output

// Line formats of sysdig -r.
const (
	// DefaultFormat is sysdig's line when its output is not a terminal.
	DefaultFormat = "*%evt.num %evt.outputtime %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.info"
	// TTYFormat is sysdig's coloured line for terminals.
	TTYFormat = "*%evt.num %evt.outputtime %evt.cpu \x1b[01;32m%proc.name\x1b[00m (\x1b[01;36m%proc.pid\x1b[00m.%thread.tid) %evt.dir \x1b[01;34m%evt.type\x1b[00m %evt.info"
	// ContainerFormat is sysdig's -pc / -pcontainer line.
	ContainerFormat = "*%evt.num %evt.outputtime %evt.cpu %container.name (%container.id) %proc.name (%thread.tid:%thread.vtid) %evt.dir %evt.type %evt.info"
	// KubernetesFormat is sysdig's -pk / -pkubernetes line.
	KubernetesFormat = "*%evt.num %evt.outputtime %evt.cpu %k8s.pod.name (%container.id) %proc.name (%thread.tid:%thread.vtid) %evt.dir %evt.type %evt.info"
	// MesosFormat is sysdig's -pm / -pmesos line.
	MesosFormat = "*%evt.num %evt.outputtime %evt.cpu %mesos.task.name (%container.id) %proc.name (%thread.tid:%thread.vtid) %evt.dir %evt.type %evt.info"
)

// Named returns the line format a -p value names ("c"/"container", "k"/"kubernetes",
// "m"/"mesos"), or "" when it is a format string of its own.
func Named(p string) string {
	switch p {
	case "c", "container":
		return ContainerFormat
	case "k", "kubernetes":
		return KubernetesFormat
	case "m", "mesos":
		return MesosFormat
	}
	return ""
}

// Unescape turns the escapes sysdig accepts in user formats into their characters:
// \n newline, \t tab, \e escape (0x1b), \\ backslash. Other backslashes stay.
func Unescape(s string) string {
	if !containsByte(s, '\\') {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case 'n':
				b = append(b, '\n')
				i++
				continue
			case 't':
				b = append(b, '\t')
				i++
				continue
			case 'e':
				b = append(b, 0x1b)
				i++
				continue
			case '\\':
				b = append(b, '\\')
				i++
				continue
			}
		}
		b = append(b, s[i])
	}
	return string(b)
}

func containsByte(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}
