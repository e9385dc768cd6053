package main

import (
	"fmt"
	"strconv"
	"strings"
)

// pidList is a repeatable --pid flag.
type pidList struct{ dst *[]uint32 }

func newPidList(dst *[]uint32) *pidList { return &pidList{dst: dst} }

func (p *pidList) String() string {
	var s []string
	for _, v := range *p.dst {
		s = append(s, strconv.FormatUint(uint64(v), 10))
	}
	return strings.Join(s, ",")
}

func (p *pidList) Set(v string) error {
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.ParseUint(strings.TrimSpace(f), 10, 32)
		if err != nil || n == 0 {
			return fmt.Errorf("pid %q: want a positive process id", f)
		}
		*p.dst = append(*p.dst, uint32(n))
	}
	return nil
}

func (p *pidList) Type() string { return "pid" }
