package probe

import "fmt"

// Stats are the probe's counters, summed over CPUs, as libscap reports its capture
// statistics.
type Stats struct {
	Events       uint64 // events written to the rings
	Drops        uint64 // events lost, all causes
	DropsBuffer  uint64 // events lost because a ring was full
	DropsScratch uint64
	DropsPF      uint64 // parameters whose user memory could not be read (event kept)
	DropsBug     uint64
	Filtered     uint64 // syscalls filtered out in the kernel
	Execs        uint64 // successful execs seen by the scheduler tracepoint
	// DropsByCategory counts ring-full drops per category and direction, e.g.
	// "open_enter", "execve_exit", "procexit". Only non-zero entries are present.
	DropsByCategory map[string]uint64
}

// Stats reads the probe's counters.
func (p *Probe) Stats() (Stats, error) {
	var per []btfScryStats
	if err := p.stats.Lookup(uint32(0), &per); err != nil {
		return Stats{}, fmt.Errorf("read probe counters: %w", err)
	}
	var s Stats
	var cats [16]uint64
	for _, c := range per {
		s.Events += c.Events
		s.DropsBuffer += c.DropsBuffer
		s.DropsScratch += c.DropsScratch
		s.DropsPF += c.DropsPf
		s.DropsBug += c.DropsBug
		s.Filtered += c.Filtered
		s.Execs += c.Execs
		for i, v := range c.DropsByCat {
			cats[i] += v
		}
	}
	s.Drops = s.DropsBuffer + s.DropsScratch + s.DropsBug
	for i, v := range cats {
		if v == 0 {
			continue
		}
		if s.DropsByCategory == nil {
			s.DropsByCategory = map[string]uint64{}
		}
		s.DropsByCategory[dropSlotName(i)] += v
	}
	return s, nil
}

func dropSlotName(i int) string {
	if i == procExitDropSlot {
		return "procexit"
	}
	cat, dir := i/2, "enter"
	if i%2 == 1 {
		dir = "exit"
	}
	if cat < len(dropCategories) {
		return dropCategories[cat] + "_" + dir
	}
	return fmt.Sprintf("slot%d", i)
}
