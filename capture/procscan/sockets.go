package procscan

import (
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/scrylabs/scry/formats/scap"
)

// Transport protocols of fd list entries (scap_l4_proto).
const (
	l4TCP = 2
	l4UDP = 3
	l4Raw = 5
)

// socketTables holds the sockets of /proc/net, read once per network namespace.
type socketTables struct {
	o     Options
	byNS  map[string]map[uint64]scap.FD
	local map[uint64]scap.FD
}

func newSocketTables(o Options) *socketTables {
	return &socketTables{o: o, byNS: map[string]map[uint64]scap.FD{}}
}

// resolve fills fd from the socket with inode ino, as seen from process pid.
func (t *socketTables) resolve(pid int, netns string, ino uint64, fd *scap.FD) bool {
	tab, ok := t.byNS[netns]
	if !ok {
		tab = t.read(pid)
		t.byNS[netns] = tab
	}
	s, ok := tab[ino]
	if !ok {
		return false
	}
	num := fd.Fd
	*fd = s
	fd.Fd = num
	return true
}

func (t *socketTables) read(pid int) map[uint64]scap.FD {
	tab := map[uint64]scap.FD{}
	base := t.o.path("proc", strconv.Itoa(pid), "net")
	for _, f := range []struct {
		name string
		l4   uint8
		v6   bool
	}{{"tcp", l4TCP, false}, {"udp", l4UDP, false}, {"raw", l4Raw, false},
		{"tcp6", l4TCP, true}, {"udp6", l4UDP, true}, {"raw6", l4Raw, true}} {
		readInet(readFile(base+"/"+f.name), f.l4, f.v6, tab)
	}
	readUnix(readFile(base+"/unix"), tab)
	readNetlink(readFile(base+"/netlink"), tab)
	return tab
}

// parseAddr decodes "HEXADDR:HEXPORT" of /proc/net/{tcp,udp}[6]: the address is printed
// as 32-bit words in host order.
func parseAddr(s string) (ip [16]byte, port uint16, ok bool) {
	a, p, found := strings.Cut(s, ":")
	if !found {
		return ip, 0, false
	}
	raw, err := hex.DecodeString(a)
	if err != nil || (len(raw) != 4 && len(raw) != 16) {
		return ip, 0, false
	}
	for i := 0; i+4 <= len(raw); i += 4 {
		w := binary.BigEndian.Uint32(raw[i:])
		binary.LittleEndian.PutUint32(ip[i:], w)
	}
	pv, err := strconv.ParseUint(p, 16, 16)
	if err != nil {
		return ip, 0, false
	}
	return ip, uint16(pv), true
}

const tcpListen = "0A"

func readInet(b []byte, l4 uint8, v6 bool, tab map[uint64]scap.FD) {
	lines := strings.Split(string(b), "\n")
	for _, line := range lines[min(1, len(lines)):] {
		f := strings.Fields(line)
		if len(f) < 10 {
			continue
		}
		lip, lport, ok1 := parseAddr(f[1])
		rip, rport, ok2 := parseAddr(f[2])
		ino, err := strconv.ParseUint(f[9], 10, 64)
		if !ok1 || !ok2 || err != nil || ino == 0 {
			continue
		}
		fd := scap.FD{Ino: ino, L4Proto: l4}
		listening := (l4 == l4TCP && f[3] == tcpListen) || (l4 != l4TCP && rport == 0 && lport != 0)
		switch {
		case listening && v6:
			fd.Type, fd.SIP, fd.SPort = scap.FDIPv6ServSock, lip, lport
		case listening:
			fd.Type, fd.SIP, fd.SPort = scap.FDIPv4ServSock, lip, lport
		case v6:
			fd.Type, fd.SIP, fd.SPort, fd.DIP, fd.DPort = scap.FDIPv6Sock, lip, lport, rip, rport
		default:
			fd.Type, fd.SIP, fd.SPort, fd.DIP, fd.DPort = scap.FDIPv4Sock, lip, lport, rip, rport
		}
		tab[ino] = fd
	}
}

// readUnix reads /proc/net/unix: "Num RefCount Protocol Flags Type St Inode [Path]".
func readUnix(b []byte, tab map[uint64]scap.FD) {
	lines := strings.Split(string(b), "\n")
	for _, line := range lines[min(1, len(lines)):] {
		f := strings.Fields(line)
		if len(f) < 7 {
			continue
		}
		ino, err := strconv.ParseUint(f[6], 10, 64)
		if err != nil {
			continue
		}
		src, _ := strconv.ParseUint(strings.TrimSuffix(f[0], ":"), 16, 64)
		fd := scap.FD{Ino: ino, Type: scap.FDUnixSock, Source: src}
		if len(f) >= 8 {
			fd.Name = f[7]
		}
		tab[ino] = fd
	}
}

// readNetlink reads /proc/net/netlink; its last column is the inode.
func readNetlink(b []byte, tab map[uint64]scap.FD) {
	lines := strings.Split(string(b), "\n")
	for _, line := range lines[min(1, len(lines)):] {
		f := strings.Fields(line)
		if len(f) < 10 {
			continue
		}
		ino, err := strconv.ParseUint(f[len(f)-1], 10, 64)
		if err != nil {
			continue
		}
		tab[ino] = scap.FD{Ino: ino, Type: scap.FDNetlink}
	}
}
