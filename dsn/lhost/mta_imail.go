package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// iMailDecoder reads the reports of Ipswitch IMail Server (its SMTP32
// delivery agent, X-Mailer "<SMTP32 vN>"): one line per recipient giving
// the error and the address,
//
//	Unknown user: user@example.org
//	User mailbox exceeds allowed size: user@example.org
//	Delivery failed 20 attempts: user@example.org
//
// or "undeliverable to user@example.org" followed by "Body of message
// generated response:" and the remote reply, then "Original message
// follows.".
type iMailDecoder struct{}

func (iMailDecoder) Name() dsn.DecoderName { return IMailServer }

func (iMailDecoder) Match(m *dsn.Message) bool {
	// MailMarshal's Subject, "Undeliverable Mail: <subject>", differs
	// by the colon.
	return headerContains(m, "X-Mailer", "<SMTP32 v") ||
		strings.EqualFold(m.Header.Text("Subject"), "Undeliverable Mail") && fromDaemon(m)
}

var iMailCopyMarkers = []string{"Original message follows."}

// iMailAddressLabel reports whether what stands before the colon of an
// "X: address" line names the address rather than an error: SmarterMail's
// "Failed Recipient: <address>", followed by its "Reason: ..." line
// (kb.indsoft.net/kb/a70, support.rackteam.com/kb/a136: "Could not deliver
// message to the following recipient(s): Failed Recipient: ... Reason:
// ..."), which a notice under IMail's Subject must not turn into the error
// "Failed Recipient"; the generic decoder reads SmarterMail's lines.
func iMailAddressLabel(label string) bool {
	return strings.EqualFold(mailtext.FoldSpace(label), "Failed Recipient")
}

// iMailErrorLine matches "error text: address".
var iMailErrorLine = lazyRegexp(`^([A-Za-z][^:]*\s[^:]*):\s*<?([^\s<>]+@[^\s<>]+?)>?$`)

func (iMailDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	end := lineIndex(lines, 0, iMailCopyMarkers...)
	if end < 0 {
		end = len(lines)
	}
	r := &dsn.Report{}
	for i := 0; i < end; i++ {
		// Some releases write "undeliverable  to", with two spaces
		// (flufl.bounce 4.0 tests/data/smtp32_05.txt).
		t := mailtext.FoldSpace(lines[i])
		if mailtext.HasPrefixFold(t, "undeliverable to ") {
			rc := dsn.Recipient{Recipient: dsn.Address(t[len("undeliverable to "):])}
			var reply []string
			if j := lineIndex(lines[:end], i+1, "Body of message generated response:"); j >= 0 {
				for _, l := range lines[j+1 : end] {
					if strings.TrimSpace(l) == "" && len(reply) > 0 {
						break
					}
					reply = append(reply, l)
				}
			}
			rc.DiagnosticCode = unfoldReply(reply)
			if rc.DiagnosticCode == "" {
				rc.DiagnosticCode = t
			}
			addRecipient(r, rc)
			continue
		}
		if sm := iMailErrorLine().FindStringSubmatch(t); sm != nil && !iMailAddressLabel(sm[1]) {
			addRecipient(r, dsn.Recipient{Recipient: sm[2], DiagnosticCode: mailtext.FoldSpace(sm[1])})
		}
	}
	r.Original = originalFromMessage(m, text, iMailCopyMarkers...)
	return deliveryReport(r)
}
