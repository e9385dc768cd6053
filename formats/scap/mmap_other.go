//go:build !linux

package scap

import (
	"errors"
	"os"
)

func mapFile(*os.File, int64) ([]byte, error) { return nil, errors.New("mapping not supported") }

func unmapFile([]byte) error { return nil }
