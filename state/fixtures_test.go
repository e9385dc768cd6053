package state

import "github.com/scrylabs/scry/formats/scap"

type tsection = scap.Section

func fdList(tid int64, fds ...scap.FD) scap.FDList { return scap.FDList{Tid: tid, FDs: fds} }

func fileFD(fd int64, name string) scap.FD {
	return scap.FD{Fd: fd, Type: scap.FDFileV2, Name: name, OpenFlags: 1}
}

type (
	tfdl = scap.FDList
	tfd  = scap.FD
)
