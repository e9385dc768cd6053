package chisel

import (
	"testing"

	"github.com/scrylabs/scry/state"
)

// TestThreadTableNumbersAreU32: the thread table hands its numbers over as 32-bit
// unsigned values. sysdig 0.29.3's ps chisel showed a placeholder thread's fdlimit of -1
// as 4294967295 (cut to its column's 9 characters).
func TestThreadTableNumbersAreU32(t *testing.T) {
	dir := chiselDir(t, map[string]string{"tt": `
description = "prints a placeholder's numbers"
short_description = "tt"
category = "Test"
args = {}
function on_event() sysdig.end_capture() return false end
function on_capture_end()
	local p = sysdig.get_thread_table()[300]
	print(p.tid, p.ptid, p.fdlimit, p.uid)
end
`})
	world := testWorld()
	world.threads = append(world.threads, &state.Thread{Tid: 300, Pid: 300, Ptid: -1, Comm: "x",
		FDLimit: -1, UID: 0xFFFFFFFF})
	out, err := runChisel(t, dir, "tt", nil, world, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "300\t4294967295\t4294967295\t4294967295\n"; out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

// TestContainerTableTypeNames: the chisel container table names libvirt-lxc containers
// "libvirt_lxc" and podman ones "unknown" (observed with sysdig 0.29.3's lscontainers).
func TestContainerTableTypeNames(t *testing.T) {
	for typ, want := range map[int]string{
		state.ContainerDocker: "docker", state.ContainerLXC: "lxc", state.ContainerLibvirtLXC: "libvirt_lxc",
		state.ContainerBPM: "bpm", state.ContainerMesos: "mesos", state.ContainerPodman: "unknown",
		state.ContainerCRIO: "cri-o",
	} {
		if got := containerTypeName(typ); got != want {
			t.Errorf("type %d: %q, want %q", typ, got, want)
		}
	}
}

// TestThreadTableRolelessSocketHasNoL4Proto: a connected IP socket whose role (client or
// server) is unknown reports l4proto "<NA>", as fd.l4proto does. sysdig 0.29.3's netstat
// chisel printed "<NA>" for the IPv6 TCP connections a capture's /proc scan listed, and
// "tcp" for a listening IPv6 socket of the same scan.
func TestThreadTableRolelessSocketHasNoL4Proto(t *testing.T) {
	dir := chiselDir(t, map[string]string{"tt": `
description = "prints l4proto"
short_description = "tt"
category = "Test"
args = {}
function on_event() sysdig.end_capture() return false end
function on_capture_end()
	local fds = sysdig.get_thread_table()[300].fdtable
	print(fds[4].l4proto, fds[5].l4proto, fds[6].l4proto)
end
`})
	world := testWorld()
	world.threads = append(world.threads, &state.Thread{Tid: 300, Pid: 300, Ptid: 1, Comm: "x"})
	world.fds[300] = []fakeFD{
		{4, &state.FD{Type: state.FDIPv6Sock, L4Proto: state.L4TCP, Name: "::1:1->::1:2"}},
		{5, &state.FD{Type: state.FDIPv6ServSock, L4Proto: state.L4TCP, Name: "::1:2"}},
		{6, &state.FD{Type: state.FDIPv6Sock, L4Proto: state.L4UDP, Flags: state.FDRoleServer, Name: "::1:2->::1:1"}},
	}
	out, err := runChisel(t, dir, "tt", nil, world, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "<NA>\ttcp\tudp\n"; out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}
