package main

// profile is how often and when a template's workload runs on the generated host.
type profile struct {
	// daemon workloads keep their processes (and pids) from one session to the next;
	// the others are jobs whose processes start with the session and exit at its end.
	daemon bool
	// weight is the relative number of sessions per hour at full activity.
	weight float64
	// hours is the activity by UTC hour of day, 0 (idle) to 1.
	hours [24]float64
	// fixed, when positive, is the number of sessions over the whole time span
	// regardless of n: rare workloads.
	fixed int
	// stretch is the range of the factor by which a session's event times are spread.
	stretch [2]float64
}

// Activity shapes by hour of day.
var (
	// allDay peaks in the afternoon and never stops.
	allDay = shape(func(h int) float64 {
		switch {
		case h < 6:
			return 0.25
		case h < 9:
			return 0.5
		case h < 18:
			return 1
		case h < 22:
			return 0.7
		}
		return 0.35
	})
	// officeHours is work done by people, 8:00 to 18:00.
	officeHours = shape(func(h int) float64 {
		if h >= 8 && h < 18 {
			return 1
		}
		return 0
	})
	// evenings is 17:00 to 23:00.
	evenings = shape(func(h int) float64 {
		if h >= 17 && h < 23 {
			return 1
		}
		return 0
	})
	// nightly is a batch window, 1:00 to 5:00.
	nightly = shape(func(h int) float64 {
		if h >= 1 && h < 5 {
			return 1
		}
		return 0
	})
)

func shape(f func(h int) float64) (s [24]float64) {
	for h := range s {
		s[h] = f(h)
	}
	return s
}

// profiles give the corpus captures their roles on the generated host: web and
// application servers that run all day, a batch job at night, people's commands in
// office hours, and a few rare events (a privileged container, ping, writes under /tmp
// and /etc) that happen a handful of times in the whole span.
var profiles = map[string]profile{
	"bencer-ex0--nginx-v1":           {daemon: true, weight: 40, hours: allDay, stretch: [2]float64{1, 4}},
	"bencer-ex5--nginx":              {daemon: true, weight: 60, hours: allDay, stretch: [2]float64{1, 20}},
	"bencer-ex5--httpd":              {daemon: true, weight: 30, hours: allDay, stretch: [2]float64{1, 5}},
	"libs-sdk-go--httpd":             {daemon: true, weight: 6, hours: officeHours, stretch: [2]float64{1, 3}},
	"libs-sinsp--sample":             {daemon: true, weight: 20, hours: allDay, stretch: [2]float64{1, 10}},
	"bencer-ex4--example4-1":         {weight: 60, hours: nightly, stretch: [2]float64{1, 3}},
	"libs-sdk-go--tcp-client-server": {weight: 8, hours: officeHours, stretch: [2]float64{1, 2}},
	"libs-e2e--curl_google":          {weight: 12, hours: officeHours, stretch: [2]float64{1, 50}},
	"libs-e2e--test_ipv6_client":     {weight: 4, hours: evenings, stretch: [2]float64{1, 50}},
	"libs-e2e--single_ipv6_conn":     {weight: 3, hours: officeHours, stretch: [2]float64{1, 2}},
	"falco--open-multiple-files":     {weight: 10, hours: officeHours, stretch: [2]float64{1, 100}},
	"falco--connect_localhost":       {weight: 6, hours: allDay, stretch: [2]float64{1, 10}},
	"falco--syscall":                 {weight: 6, hours: officeHours, stretch: [2]float64{1, 100}},
	"falco--cat_write":               {fixed: 3, stretch: [2]float64{1, 10}},
	"falco--ping_sendto":             {fixed: 2, stretch: [2]float64{1, 2}},
	"falco-psp--privileged":          {fixed: 1, stretch: [2]float64{1, 1}},
	"falco-psp--write_tmp_test":      {fixed: 2, stretch: [2]float64{1, 10}},
}

// defaultProfile is the role of a capture not listed in profiles.
var defaultProfile = profile{weight: 2, hours: officeHours, stretch: [2]float64{1, 10}}

func profileOf(name string) profile {
	if p, ok := profiles[name]; ok {
		return p
	}
	return defaultProfile
}
