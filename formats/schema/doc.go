// Package schema holds the falcosecurity event schema as Go tables: every event type with
// its parameters, parameter types, flag and enum tables, PT_DYN sub-types, the x86_64
// syscall table, PPM_SC codes and the filter field list.
//
// tables_gen.go is generated from the spec TSV files by internal/schemagen (`make
// generate`); ids below LegacyMax follow the 0.29-era table (libs e5c53d64, what sysdig
// 0.29.3 reads), higher ids come from the libs 0.25.4 table so newer captures decode too.
//
// Everything here is read-only after package initialisation and safe for concurrent use.
package schema

//go:generate go run ../../internal/schemagen/cmd/schemagen -spec ../../../shared/spec -out tables_gen.go
