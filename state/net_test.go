package state

import "testing"

func TestTCPServerAndClient(t *testing.T) {
	h := newHarness(t, section(proc(10, 10, 1, "server", "/"), proc(20, 20, 1, "client", "/")))
	ctx := h.pair(10, evSocketE, p(u32(afInet), u32(sockStream), u32(0)), i64(3))
	if f := ctx.FD; f == nil || f.Type != FDIPv4Sock || f.L4Proto != L4TCP || f.Name != "" || f.Flags&(FDRoleClient|FDRoleServer) != 0 {
		t.Fatalf("socket: %+v", ctx.FD)
	}
	ctx = h.pair(10, evBindE, p(i64(3)), i64(0), sockaddr4("0.0.0.0", 8080))
	if f := ctx.FD; f.Type != FDIPv4ServSock || f.SPort != 8080 || f.L4Proto != L4TCP || f.Name != "0.0.0.0:8080" || f.Flags&FDRoleServer == 0 {
		t.Fatalf("bind: %+v", f)
	}
	h.run(10, evListenE, i64(3), u32(5))
	h.run(10, evListenX, i64(0))
	h.run(10, evAcceptV5E)

	h.pair(20, evSocketE, p(u32(afInet), u32(sockStream), u32(0)), i64(3))
	h.run(20, evConnectE, i64(3), sockaddr4("127.0.0.1", 8080))
	ctx = h.run(10, evAcceptV5X, i64(4), tuple4("127.0.0.1", 40556, "127.0.0.1", 8080), u8(0), u32(0), u32(5))
	if f := ctx.FD; f == nil || f.Name != "127.0.0.1:40556->127.0.0.1:8080" || f.Flags&(FDRoleServer|FDSocketConnected) != FDRoleServer|FDSocketConnected || f.L4Proto != L4TCP {
		t.Fatalf("accept: %+v", ctx.FD)
	}
	ctx = h.run(20, evConnectX, i64(0), tuple4("127.0.0.1", 40556, "127.0.0.1", 8080))
	f := ctx.FD
	if f.Name != "127.0.0.1:40556->127.0.0.1:8080" || f.Flags&FDRoleClient == 0 || f.Flags&FDSocketConnected == 0 {
		t.Fatalf("connect: %+v", f)
	}
	if f.SPort != 40556 || f.DPort != 8080 || [4]byte(f.DIP[:4]) != [4]byte{127, 0, 0, 1} {
		t.Errorf("connect tuple %+v", f)
	}
	if !h.e.IsLocalAddr(ctx.Thread, f.DIP[:4]) || h.e.IsLocalAddr(ctx.Thread, ip4("8.8.8.8")) {
		t.Error("IsLocalAddr: loopback must be local, 8.8.8.8 not")
	}
}

func TestConnectFailureAndInProgress(t *testing.T) {
	h := newHarness(t, section(proc(20, 20, 1, "client", "/")))
	h.pair(20, evSocketE, p(u32(afUnix), u32(sockStream), u32(0)), i64(3))
	// Without its enter event the exit has no fd.
	if ctx := h.run(20, evConnectX, i64(0), unixTuple(1, 2, "/x")); ctx.FD != nil || ctx.ErrorCode != 0 {
		t.Errorf("unpaired connect exit: fd %+v", ctx.FD)
	}
	ctx := h.run(20, evConnectE, i64(3), append([]byte{afUnix}, cs("/var/run/nscd/socket")...))
	if ctx.FD.Name != "/var/run/nscd/socket" {
		t.Errorf("unix connect enter names the fd %q", ctx.FD.Name)
	}
	ctx = h.run(20, evConnectX, i64(-2), unixTuple(0, 0xffff94dc817b9400, "/var/run/nscd/socket"))
	if ctx.FD == nil || ctx.ErrorCode != 2 {
		t.Fatalf("failed connect: fd %+v errorcode %d", ctx.FD, ctx.ErrorCode)
	}
	if ctx.FD.Flags&(FDSocketConnected|FDRoleClient) != 0 {
		t.Errorf("failed connect changed the fd: %+v", ctx.FD)
	}
	h.pair(20, evSocketE, p(u32(afInet6), u32(sockStream), u32(0)), i64(4))
	h.run(20, evConnectE, i64(4), sockaddr6("2001:db8::3", 1234))
	ctx = h.run(20, evConnectX, i64(-einprogress), tuple6("2001:db8::4", 54405, "2001:db8::3", 1234))
	if f := ctx.FD; f.Type != FDIPv6Sock || f.Name != "2001:db8::4:54405->2001:db8::3:1234" || f.Flags&FDRoleClient == 0 {
		t.Errorf("EINPROGRESS connect: %+v", f)
	}
}

func TestBindPortZeroOnlyRenames(t *testing.T) {
	h := newHarness(t, section(proc(20, 20, 1, "c", "/")))
	h.pair(20, evSocketE, p(u32(afInet6), u32(sockStream), u32(0)), i64(3))
	ctx := h.pair(20, evBindE, p(i64(3)), i64(0), sockaddr6("2001:db8::4", 0))
	if f := ctx.FD; f.Type != FDIPv6Sock || f.Name != "2001:db8::4:0" || f.Flags&(FDRoleServer|FDRoleClient) != 0 {
		t.Errorf("bind port 0: %+v", f)
	}
	ctx = h.pair(20, evBindE, p(i64(3)), i64(0), sockaddr6("::ffff:10.0.0.5", 99))
	if f := ctx.FD; f.Type != FDIPv4ServSock || [4]byte(f.SIP[:4]) != [4]byte{10, 0, 0, 5} || f.SPort != 99 || f.L4Proto != L4TCP {
		t.Errorf("bind to a mapped address: %+v", f)
	}
}

func TestIPv6SocketConnectingToIPv4ReadsUnionL4(t *testing.T) {
	h := newHarness(t, section(proc(20, 20, 1, "c", "/")))
	h.pair(20, evSocketE, p(u32(afInet6), u32(sockStream), u32(0)), i64(3))
	// connect(AF_INET6 socket, ::ffff:1.2.3.4): the fd becomes IPv4 while its socket
	// bytes still have the IPv6 layout, so the IPv4 l4proto reads a zero byte.
	ctx := h.run(20, evConnectE, i64(3), sockaddr6("::ffff:1.2.3.4", 80))
	if f := ctx.FD; f.Type != FDIPv4Sock || f.L4Proto != L4Unknown || f.DPort != 80 || [4]byte(f.DIP[:4]) != [4]byte{1, 2, 3, 4} {
		t.Errorf("after connect enter: %+v", f)
	}
}

func TestUDPSendtoInfersSocketAndRoles(t *testing.T) {
	h := newHarness(t, section(proc(30, 30, 1, "dig", "/")))
	// sendto on an fd nobody saw created: a UDP socket is inferred.
	ctx := h.run(30, evSendtoE, i64(5), u32(20), tuple4("0.0.0.0", 0, "8.8.8.8", 53))
	if f := ctx.FD; f == nil || f.Type != FDIPv4Sock || f.L4Proto != L4UDP {
		t.Fatalf("inferred socket %+v", ctx.FD)
	}
	ctx = h.run(30, evSendtoX, i64(20), []byte("query"))
	f := ctx.FD
	// The source is patched from the interface list (first non-loopback interface), the
	// write makes it a client.
	if f.Flags&FDRoleClient == 0 || f.Name != "10.0.0.5:0->8.8.8.8:53" || f.Flags&FDSocketConnected == 0 {
		t.Errorf("after sendto: %+v", f)
	}
	// A reply through recvfrom on a fresh socket makes a server of the reader.
	h.pair(30, evSocketE, p(u32(afInet), u32(sockDgram), u32(0)), i64(6))
	ctx = h.pair(30, evRecvfromE, p(i64(6), u32(512)), i64(10), []byte("hello"), tuple4("10.0.0.9", 5000, "10.0.0.5", 6000))
	if f := ctx.FD; f.Flags&FDRoleServer == 0 || f.Name != "10.0.0.9:5000->10.0.0.5:6000" {
		t.Errorf("after recvfrom: %+v", f)
	}
}

func TestRecvfromOnBoundServerKeepsUnionBytes(t *testing.T) {
	h := newHarness(t, section(proc(30, 30, 1, "d", "/")))
	h.pair(30, evSocketE, p(u32(afInet), u32(sockDgram), u32(0)), i64(3))
	h.pair(30, evBindE, p(i64(3)), i64(0), sockaddr4("0.0.0.0", 53))
	ctx := h.pair(30, evRecvfromE, p(i64(3), u32(512)), i64(4), []byte("q"), tuple4("10.0.0.9", 4000, "10.0.0.5", 53))
	f := ctx.FD
	// The destination address keeps the server's port and protocol bytes (53, 0, UDP).
	if f.Type != FDIPv4Sock || [4]byte(f.DIP[:4]) != [4]byte{53, 0, L4UDP, 0} || f.L4Proto != L4UDP {
		t.Errorf("server socket turned connected: %+v", f)
	}
}

func TestFDListSocketsAreOriented(t *testing.T) {
	s := section(proc(10, 10, 1, "sshd", "/"))
	s.FDLists = []tfdl{fdList(10,
		tfd{Fd: 3, Type: 5, SIP: [16]byte{0, 0, 0, 0}, SPort: 22, L4Proto: L4TCP},
		tfd{Fd: 4, Type: 3, SIP: [16]byte{10, 0, 0, 5}, SPort: 22, DIP: [16]byte{10, 0, 0, 9}, DPort: 51000, L4Proto: L4TCP},
		tfd{Fd: 5, Type: 3, SIP: [16]byte{10, 0, 0, 5}, SPort: 41000, DIP: [16]byte{1, 1, 1, 1}, DPort: 443, L4Proto: L4TCP},
		tfd{Fd: 6, Type: 8, Name: "/run/x.sock", Source: 1, Dest: 2},
		tfd{Fd: 7, Type: 3, SIP: [16]byte{}, SPort: 1000, DIP: [16]byte{10, 0, 0, 7}, DPort: 2000, L4Proto: L4UDP},
	)}
	h := newHarness(t, s)
	tab := h.e.Thread(10).FDs
	if f := tab.Get(3); f.Name != "0.0.0.0:22" || f.Flags&FDFromProc == 0 {
		t.Errorf("listener %+v", f)
	}
	if f := tab.Get(4); f.Name != "10.0.0.9:51000->10.0.0.5:22" || f.Flags&FDRoleServer == 0 || f.Flags&FDSocketConnected == 0 {
		t.Errorf("accepted connection from the fd list %+v", f)
	}
	if f := tab.Get(5); f.Name != "10.0.0.5:41000->1.1.1.1:443" || f.Flags&FDRoleClient == 0 {
		t.Errorf("outgoing connection %+v", f)
	}
	if f := tab.Get(6); f.Flags&FDRoleServer == 0 {
		t.Errorf("named unix socket %+v", f)
	}
	// Incomplete tuples of the fd list stay incomplete (the interfaces are not known yet
	// when the reference loads fds).
	if f := tab.Get(7); f.Name != "0.0.0.0:1000->10.0.0.7:2000" || f.Flags&FDSocketConnected != 0 {
		t.Errorf("half-known UDP tuple: %+v", f)
	}
}

func TestGetsockoptUsesMainThreadTable(t *testing.T) {
	h := newHarness(t, bashSection())
	ctx := h.run(101, evGetsockoptX, i64(0), i64(3), u8(1), u8(4), append([]byte{1}, i64(0)...), u32(4))
	if ctx.FD == nil || ctx.FD.Name != "/home/alice/notes.txt" || h.e.Thread(101).LastEventFD != 3 {
		t.Errorf("getsockopt fd %+v", ctx.FD)
	}
}
