package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// completeFromExchangeAdmin gives a recipient of an Exchange 2007+ NDR
// whose delivery-status part carries no Diagnostic-Code field the reply
// that the administrators' section of the text gives for its address.
// Exchange writes the reply there in every layout ("#550 5.6.0
// SMTPSEND.SmtpSendOrarNotTransmittable; unable to transmit ORAR ##" in
// Exchange 2007 and 2010, "Remote Server returned '...'" since 2013:
// sisimai/go-sisimai:lhost/exchange2007.go reads it from that section
// alone), while the user's section above it holds only an explanation
// for people ("Microsoft Exchange will not try to redeliver this message
// for you. ..."). Without the field, the words found next to the address
// in the text are that explanation; the administrators' reply replaces
// them. A Diagnostic-Code field, when present, is kept; a recipient the
// text gave no words to is left (the test stays cheap for the reports
// of other software).
func completeFromExchangeAdmin(r *dsn.Report, m *dsn.Message) {
	todo := false
	for i := range r.Recipients {
		rc := &r.Recipients[i]
		if rc.DiagnosticCode != "" && rc.Fields.Get("Diagnostic-Code") == "" {
			todo = true
		}
	}
	if !todo || !isExchangeNDR(m) {
		return
	}
	lines := textLines(reportText(m))
	if end := lineIndex(lines, 0, exchangeOriginalMarkers...); end >= 0 {
		lines = lines[:end]
	}
	if lineIndex(lines, 0, exchangeAdminHeadings...) < 0 {
		return
	}
	p := exchangeParse(lines, &dsn.Report{})
	for i := range r.Recipients {
		rc := &r.Recipients[i]
		if rc.Fields.Get("Diagnostic-Code") != "" || exchangeDiagnostic().MatchString(rc.DiagnosticCode) {
			continue
		}
		for _, e := range p.entries {
			if !strings.EqualFold(e.addr, rc.Recipient) {
				continue
			}
			if diag, _, remote := exchangeAdminDiagnostic(e.admin); diag != "" {
				rc.DiagnosticCode = diag
				if rc.RemoteMTA == "" && remote != "" {
					rc.RemoteMTA = remote
				}
			}
			break
		}
	}
}
