package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// SendGrid names the decoder of SendGrid's own bounce notices.
const SendGrid dsn.DecoderName = "SendGrid"

// sendGridDecoder reads the bounce notices SendGrid mails (Return-Path
// <apps@sendgrid.net>, Subject "Undelivered Mail Returned to Sender",
// X-Mailer MIME-tools), as Sisimai's SendGrid decoder describes them
// (sisimai/p5-sisimai lib/Sisimai/Lhost/SendGrid.pm): a multipart/report
// whose text part reads
//
//	This is an automatically generated message from SendGrid.
//
//	I'm sorry to have to tell you that your message was not able to be
//	delivered to one of its intended recipients.
//
//	If you require assistance with this, please contact SendGrid support.
//
//	user:000000:<user@example.jp> : 192.0.2.250 : mx.example.jp:[192.0.2.153] :
//	  550 5.1.1 <user@example.jp>... User Unknown  in RCPT TO
//
// and whose delivery-status part (X-SendGrid-QueueID, X-SendGrid-Sender,
// an Arrival-Date "2012-12-31 23-59-59") the RFC 3464 decoder reads. Two
// things only the notice says are added to that report:
//   - the command the remote host answered, the "in RCPT TO", "in MAIL
//     FROM", "in End of DATA" ending the reply in the text part; the
//     delivery-status part has none;
//   - SendGrid's Action "expired", its own word for a recipient it stopped
//     retrying (RFC 3464 has no such action; ParseAction reads it as
//     failed): where the Status is missing or says nothing more than
//     X.0.0, it becomes X.4.7, "delivery time expired" (RFC 3463), as
//     Sisimai's decoder sets it (reason expired, Status->code('expired')).
type sendGridDecoder struct{}

func (sendGridDecoder) Name() dsn.DecoderName { return SendGrid }

func (sendGridDecoder) Marks() []dsn.Mark { return (rfc3464Decoder{}).Marks() }

// sendGridIntro is the notice's first line.
const sendGridIntro = "This is an automatically generated message from SendGrid."

func (sendGridDecoder) Match(m *dsn.Message) bool {
	// Match runs on every report: the delivery-status part first, then
	// SendGrid's first line (no copy, no allocation), then the sender.
	// The Return-Path is written at final delivery (a
	// stored file has it; a milter sees none yet), so a SendGrid host
	// among the Received fields' origin hops serves as well.
	if m.DeliveryStatusPart() == nil {
		return false
	}
	if p := m.TextPart(); p == nil || mailtext.IndexFold(p.Body, sendGridIntro) < 0 {
		return false
	}
	return mailtext.IndexFold(m.Header.Get("Return-Path"), "@sendgrid.net") >= 0 || receivedBy(m, "sendgrid.net")
}

func (d sendGridDecoder) Decode(m *dsn.Message) *dsn.Report {
	if !d.Match(m) {
		return nil
	}
	r := (rfc3464Decoder{}).Decode(m)
	if r == nil {
		return nil
	}
	lines := textLines(m.TextBody())
	for i := range r.Recipients {
		rc := &r.Recipients[i]
		if rc.Command == "" {
			rc.Command = sendGridCommand(lines, rc.Recipient)
		}
		if strings.EqualFold(mailtext.TrimSpace(rc.Fields.Get("Action")), "expired") &&
			(rc.Status.Class == 0 || rc.Status.Subject == 0 && rc.Status.Detail == 0) {
			class := 4
			if rc.Status.Class == 5 {
				class = 5
			}
			rc.Status = dsn.Status{Class: class, Subject: 4, Detail: 7}
		}
	}
	return r
}

// sendGridCommand finds the recipient's line ("...:<addr> : ip : mx:[ip] :")
// in the text part and returns the command its reply ends with ("in RCPT
// TO"), or "". The reply follows on the same line, or, folded, on the
// indented lines after it (Sisimai's decoder quotes it folded).
func sendGridCommand(lines []string, addr string) string {
	if addr == "" {
		return ""
	}
	want := "<" + addr + ">"
	for i, l := range lines {
		k := mailtext.IndexFold(l, want)
		if k < 0 {
			continue
		}
		reply := l[k+len(want):]
		for _, n := range lines[i+1:] {
			if mailtext.TrimSpace(n) == "" || !strings.HasPrefix(n, " ") && !strings.HasPrefix(n, "\t") {
				break
			}
			reply += " " + n
		}
		reply = mailtext.TrimSpace(reply)
		j := strings.LastIndex(reply, " in ")
		if j < 0 {
			return ""
		}
		// Sisimai reads "in (End of )?" and an upper-case command word:
		// "in RCPT TO", "in MAIL FROM", "in End of DATA"; "in data
		// centre" is the reply's own words.
		c := strings.TrimPrefix(reply[j+len(" in "):], "End of ")
		for _, w := range []string{"RCPT", "MAIL", "DATA"} {
			if strings.HasPrefix(c, w) {
				return dsn.CommandAt(c)
			}
		}
		return ""
	}
	return ""
}
