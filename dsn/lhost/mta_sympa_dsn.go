package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// SympaDSN names the decoder of the RFC 3464 reports the mailing list
// manager Sympa sends a poster whose post a list refused.
const SympaDSN dsn.DecoderName = "SympaDSN"

// sympaDSNDecoder reads Sympa's refusals of a post, made by
// Sympa::send_dsn from default/mail_tt2/delivery_status_notification.tt2
// (Sympa 6.2.70): a multipart/report whose delivery-status part names the
// list's address, with "Diagnostic-Code: X-Sympa; TEXT" where TEXT is the
// stock description of the status (lib/Sympa.pm %diag_messages: "Delivery
// not authorized, message refused" for 5.7.1, "Other or undefined
// security status" for 5.7.0, ...). The reason the list gives is only in
// the notification part, under "This is an automatic response sent by
// Sympa Mailing Lists Manager." (the virus alert, the size limit, the
// sending restriction of report.tt2). The report is package dsn's, with
// the notification's sentences after the stock text in each X-Sympa
// Diagnostic-Code, so that the reason is read from the list's words as
// well as from the status.
type sympaDSNDecoder struct{}

func (sympaDSNDecoder) Name() dsn.DecoderName { return SympaDSN }

func (sympaDSNDecoder) Marks() []dsn.Mark { return (rfc3464Decoder{}).Marks() }

// sympaDiagnostics are lib/Sympa.pm's %diag_messages of failures.
var sympaDiagnostics = []string{
	"Mailbox disabled, not accepting messages", "Mailing list expansion problem",
	"Bad destination mailbox address", "Bad destination system address",
	"Message length exceeds administrative limit", "Other or undefined mail system status",
	"System incorrectly configured", "Routing loop detected", "Other or undefined media error",
	"Media not supported", "Conversion Failed", "Other or undefined security status",
	"Delivery not authorized, message refused", "Cryptographic failure", "Other undefined Status",
}

func (sympaDSNDecoder) Match(m *dsn.Message) bool {
	p := m.DeliveryStatusPart()
	return p != nil && mailtext.IndexFold(p.Body, "diagnostic-code: x-sympa;") >= 0
}

func (d sympaDSNDecoder) Decode(m *dsn.Message) *dsn.Report {
	if !d.Match(m) {
		return nil
	}
	r := (rfc3464Decoder{}).Decode(m)
	if r == nil {
		return nil
	}
	why := sympaNotificationText(m.TextBody())
	if why == "" {
		return r
	}
	for i := range r.Recipients {
		rc := &r.Recipients[i]
		if !strings.EqualFold(rc.DiagnosticType, "X-Sympa") {
			continue
		}
		for _, s := range sympaDiagnostics {
			if strings.EqualFold(strings.TrimSpace(rc.DiagnosticCode), s) {
				rc.DiagnosticCode = s + ": " + why
				break
			}
		}
	}
	return r
}

// sympaNotificationText returns the notification's text after its first
// line (the template's "This is an automatic response ..." in the list's
// language), up to the "For further information" line's paragraph, white
// space folded.
func sympaNotificationText(body string) string {
	lines := strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	start := 0
	for start < len(lines) && strings.TrimSpace(lines[start]) == "" {
		start++
	}
	if start >= len(lines) {
		return ""
	}
	return strings.TrimSpace(mailtext.FoldSpace(strings.Join(lines[start+1:], " ")))
}
