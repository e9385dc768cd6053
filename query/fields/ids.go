package fields

// Event type ids (PPME_*) that fields treat specially.
const (
	openE        = 2
	openX        = 3
	creatX       = 59
	connectX     = 23
	acceptX      = 27
	accept4X     = 57
	accept5X     = 247
	accept45X    = 249
	socketE      = 18
	socketX      = 19
	pipeE        = 60
	pipeX        = 61
	eventfdE     = 62
	eventfdX     = 63
	signalfdE    = 126
	signalfdX    = 127
	timerfdE     = 136
	timerfdX     = 137
	inotifyE     = 138
	inotifyX     = 139
	pollE        = 80
	pollX        = 81
	ppollE       = 254
	ppollX       = 255
	openatE      = 102
	openatX      = 103
	openat2E     = 306
	openat2X     = 307
	openat2NewE  = 326
	openat2NewX  = 327
	creatE       = 58
	procinfoE    = 234
	switch6E     = 152
	switch1E     = 146
	renameatX    = 177
	renameat2X   = 319
	symlinkatX   = 181
	unlinkatE    = 110
	unlinkat2X   = 303
	linkatE      = 106
	linkat2X     = 311
	mkdiratX     = 305
	fchmodatX    = 313
	infraEventE  = 286
	containerJSE = 272
	container2E  = 324
)

// isOpenExit reports whether t is the exit of an open-family event.
func isOpenExit(t uint16) bool {
	switch t {
	case openX, creatX, openatX, openat2X, openat2NewX:
		return true
	}
	return false
}

// isSocketConnExit reports whether t is the exit of an accept or connect event.
func isSocketConnExit(t uint16) bool {
	switch t {
	case connectX, acceptX, accept4X, accept5X, accept45X:
		return true
	}
	return false
}
