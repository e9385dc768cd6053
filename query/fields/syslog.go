package fields

import (
	"strconv"
	"strings"

	"github.com/scrylabs/scry/formats/schema"
)

var syslogSeverities = [...]string{"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"}

var syslogFacilities = [...]string{
	"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "clock",
	"authpriv", "ftp", "ntp", "logaudit", "logalert", "cron", "local0", "local1", "local2",
	"local3", "local4", "local5", "local6", "local7",
}

// syslogMsg decodes the syslog message a successful write to a /dev/log fd carries:
// the priority between the leading '<' and '>' and the text after it.
func (e *ext) syslogMsg() (pri uint64, msg []byte, ok bool) {
	fd := e.ctx.FD
	if fd == nil || e.ev.IsEnter() || e.flags()&schema.EFWritesToFD == 0 || !strings.Contains(fd.Name, "/dev/log") {
		return 0, nil, false
	}
	if r, ok := e.ev.Int64(0); !ok || r < 0 {
		return 0, nil, false
	}
	i := e.ev.ParamIndex("data")
	if i < 0 || i >= e.ev.NumParams() {
		return 0, nil, false
	}
	data := e.ev.Param(i)
	n := 0
	for n < 15 && 1+n < len(data) && data[1+n] != '>' && data[1+n] != 0 {
		n++
	}
	if n == 0 || len(data) < n+2 {
		return 0, nil, false
	}
	p, err := strconv.ParseUint(string(data[1:1+n]), 10, 32)
	if err != nil {
		return 0, nil, false
	}
	return p, data[n+2:], true
}

func syslogFields() map[string]impl {
	dec := schema.FormatDec
	return map[string]impl{
		"syslog.facility": {format: dec, fn: func(e *ext, v *Value) bool {
			p, _, ok := e.syslogMsg()
			return ok && setUint(v, p>>3)
		}},
		"syslog.facility.str": {fn: func(e *ext, v *Value) bool {
			p, _, ok := e.syslogMsg()
			return ok && p>>3 < uint64(len(syslogFacilities)) && e.setText(v, syslogFacilities[p>>3])
		}},
		"syslog.severity": {format: dec, fn: func(e *ext, v *Value) bool {
			p, _, ok := e.syslogMsg()
			return ok && setUint(v, p&7)
		}},
		"syslog.severity.str": {fn: func(e *ext, v *Value) bool {
			p, _, ok := e.syslogMsg()
			return ok && e.setText(v, syslogSeverities[p&7])
		}},
		"syslog.message": {fn: func(e *ext, v *Value) bool {
			_, m, ok := e.syslogMsg()
			return ok && e.setBuf(v, append(e.buf[:0], m...))
		}},
	}
}

// appendSyslogInfo appends evt.info's syslog form, false when the event carries no
// syslog message.
func (e *ext) appendSyslogInfo(d []byte) ([]byte, bool) {
	p, m, ok := e.syslogMsg()
	if !ok {
		return d, false
	}
	d = append(d, "syslog sev="...)
	d = append(d, syslogSeverities[p&7]...)
	d = append(d, " msg="...)
	return append(d, m...), true
}
