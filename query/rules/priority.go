package rules

import (
	"fmt"
	"strings"
)

// Priority is a rule's severity, most severe first (Falco's order).
type Priority int

// Priorities.
const (
	PriorityEmergency Priority = iota
	PriorityAlert
	PriorityCritical
	PriorityError
	PriorityWarning
	PriorityNotice
	PriorityInformational
	PriorityDebug
)

var priorityNames = [...]string{"Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug"}

func (p Priority) String() string {
	if p < 0 || int(p) >= len(priorityNames) {
		return fmt.Sprintf("Priority(%d)", int(p))
	}
	return priorityNames[p]
}

// ParsePriority reads a priority name, case-insensitively ("info" is Informational).
func ParsePriority(s string) (Priority, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "info" {
		return PriorityInformational, nil
	}
	for i, n := range priorityNames {
		if strings.ToLower(n) == t {
			return Priority(i), nil
		}
	}
	return 0, fmt.Errorf("unknown priority %q (want emergency, alert, critical, error, warning, notice, informational or debug)", s)
}
