package ring

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/sys/unix"
)

// Poller waits until any of several rings has data, or a timeout passes. The probe
// wakes it only past a backlog threshold, so timeouts are how small amounts of data
// get read; Wait's caller picks them.
type Poller struct {
	epfd   int
	events []unix.EpollEvent
}

// NewPoller watches the given rings.
func NewPoller(rings []*Reader) (*Poller, error) {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("create epoll: %w", err)
	}
	for i, r := range rings {
		ev := unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(i)}
		if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, r.FD(), &ev); err != nil {
			unix.Close(epfd)
			return nil, fmt.Errorf("watch ring %d: %w", i, err)
		}
	}
	return &Poller{epfd: epfd, events: make([]unix.EpollEvent, len(rings))}, nil
}

// Wait blocks for at most d or until a ring signals data. It reports whether a ring
// signalled.
func (p *Poller) Wait(d time.Duration) (bool, error) {
	ms := int(d / time.Millisecond)
	if ms < 1 {
		ms = 1
	}
	for {
		n, err := unix.EpollWait(p.epfd, p.events, ms)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return false, fmt.Errorf("wait for ring data: %w", err)
		}
		return n > 0, nil
	}
}

// Close releases the poller.
func (p *Poller) Close() error {
	if p.epfd < 0 {
		return nil
	}
	err := unix.Close(p.epfd)
	p.epfd = -1
	return err
}
