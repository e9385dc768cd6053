package procscan

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/scrylabs/scry/formats/scap"
)

func machineInfo(o Options) (*scap.MachineInfo, error) {
	host, err := os.Hostname()
	if err != nil {
		return nil, fmt.Errorf("read hostname: %w", err)
	}
	mi := &scap.MachineInfo{Hostname: host, NumCPUs: uint32(onlineCPUs(o))}
	for _, line := range strings.Split(string(readFile(o.path("proc", "meminfo"))), "\n") {
		if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			mi.MemoryBytes = kb * 1024
		}
	}
	mi.MaxPID, _ = strconv.ParseUint(strings.TrimSpace(string(readFile(o.path("proc", "sys", "kernel", "pid_max")))), 10, 64)
	var rt, bt unix.Timespec
	if unix.ClockGettime(unix.CLOCK_REALTIME, &rt) == nil && unix.ClockGettime(unix.CLOCK_BOOTTIME, &bt) == nil {
		mi.BootTS = uint64(rt.Nano() - bt.Nano())
	}
	return mi, nil
}

// onlineCPUs counts the CPUs of /sys/devices/system/cpu/online ("0-3,5").
func onlineCPUs(o Options) int {
	n := 0
	for _, r := range strings.Split(strings.TrimSpace(string(readFile(o.path("sys", "devices", "system", "cpu", "online")))), ",") {
		a, b, found := strings.Cut(r, "-")
		lo, err1 := strconv.Atoi(a)
		hi := lo
		var err2 error
		if found {
			hi, err2 = strconv.Atoi(b)
		}
		if err1 == nil && err2 == nil {
			n += hi - lo + 1
		}
	}
	if n == 0 {
		n = 1
	}
	return n
}

// interfaces lists the host's IPv4 then IPv6 interface addresses.
func interfaces(o Options) []scap.Interface {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil
	}
	var v4, v6 []scap.Interface
	for _, ifc := range ifs {
		addrs, err := ifc.Addrs()
		if err != nil {
			continue
		}
		speed, _ := strconv.ParseInt(strings.TrimSpace(string(readFile(o.path("sys", "class", "net", ifc.Name, "speed")))), 10, 64)
		if speed < 0 {
			speed = 0
		}
		for _, a := range addrs {
			ipn, ok := a.(*net.IPNet)
			if !ok {
				continue
			}
			e := scap.Interface{Name: ifc.Name, LinkSpeed: uint64(speed)}
			if ip4 := ipn.IP.To4(); ip4 != nil {
				e.Type = scap.IfIPv4
				copy(e.Addr[:4], ip4)
				copy(e.Netmask[:4], ipn.Mask)
				bc := binary.BigEndian.Uint32(ip4) | ^binary.BigEndian.Uint32(net.IP(ipn.Mask).To4())
				binary.BigEndian.PutUint32(e.Bcast[:4], bc)
				v4 = append(v4, e)
			} else {
				e.Type = scap.IfIPv6
				copy(e.Addr[:], ipn.IP.To16())
				copy(e.Netmask[:], ipn.Mask)
				v6 = append(v6, e)
			}
		}
	}
	return append(v4, v6...)
}

// usersAndGroups reads /etc/passwd and /etc/group.
func usersAndGroups(o Options) ([]scap.User, []scap.Group) {
	var users []scap.User
	scanColon(o.path("etc", "passwd"), func(f []string) {
		if len(f) < 7 {
			return
		}
		uid, err1 := strconv.ParseUint(f[2], 10, 32)
		gid, err2 := strconv.ParseUint(f[3], 10, 32)
		if err1 == nil && err2 == nil {
			users = append(users, scap.User{UID: uint32(uid), GID: uint32(gid), Name: f[0], Home: f[5], Shell: f[6]})
		}
	})
	var groups []scap.Group
	scanColon(o.path("etc", "group"), func(f []string) {
		if len(f) < 3 {
			return
		}
		if gid, err := strconv.ParseUint(f[2], 10, 32); err == nil {
			groups = append(groups, scap.Group{GID: uint32(gid), Name: f[0]})
		}
	})
	return users, groups
}

func scanColon(path string, fn func([]string)) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		fn(strings.Split(line, ":"))
	}
}
