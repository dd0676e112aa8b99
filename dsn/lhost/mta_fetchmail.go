package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// Fetchmail names the decoder of fetchmail's bounces.
const Fetchmail dsn.DecoderName = "fetchmail"

// fetchmailDecoder reads the bounces of fetchmail, the program that
// fetches mail from a POP3 or IMAP mailbox and forwards it to a local SMTP
// or LMTP server, for the addresses that server refused (sink.c
// send_bouncemail, the same since fetchmail 5), and gives them the SMTP
// command their text names. The bounce has the Subject "Mail delivery
// failed: returning message to sender", From "Mail Delivery System
// <MAILER-DAEMON@host>", a multipart/report whose boundary starts
// "foo-mani-padme-hum-", and the text
//
//	This message was created automatically by mail delivery software.
//
//	A message that you sent could not be delivered to one or more of its
//	recipients. This is a permanent error.
//
//	Reason: Some addresses were rejected by the MDA fetchmail forwards to.
//
//	The following address(es) failed:
//	user@example.org
//	   SMTP error: 550 5.1.1 <user@example.org>: Recipient address rejected: ...
//
// Its delivery-status part, which the RFC 3464 decoder reads, names no
// command and no remote host, and fakes the Status "5.0.0" from the
// reply's first digit when the reply has no enhanced code. The command is
// in the Reason line alone: "Some addresses were rejected by the MDA
// fetchmail forwards to." is written for the refusals of RCPT
// (open_smtp_sink), "LMTP partial delivery failure." for an LMTP
// server's replies after the end of the data (close_sink); fetchmail's
// other reasons ("This message was too large (SMTP error 552).",
// "General SMTP/ESMTP error.", the spambounce "spam filter or virus
// scanner rejected message because:") follow a refusal of MAIL, DATA or
// the data, which the text does not tell apart. The report is the RFC
// 3464 decoder's with that command given to recipients that have none, so
// that a user-unknown reply without an X.1.1 status is read as the RCPT
// refusal it was.
type fetchmailDecoder struct{}

func (fetchmailDecoder) Name() dsn.DecoderName { return Fetchmail }

func (fetchmailDecoder) Marks() []dsn.Mark { return (rfc3464Decoder{}).Marks() }

// fetchmailBoundary starts the boundary send_bouncemail writes
// ("foo-mani-padme-hum-PID-PPID-TIME").
const fetchmailBoundary = "foo-mani-padme-hum-"

// fetchmailReasons are send_bouncemail's Reason lines that name the
// command the local server refused, with that command.
var fetchmailReasons = []struct{ line, command string }{
	{"Reason: Some addresses were rejected by the MDA fetchmail forwards to.", dsn.CommandRCPT},
	{"Reason: LMTP partial delivery failure.", dsn.CommandDATA},
}

func (fetchmailDecoder) Match(m *dsn.Message) bool {
	if m.DeliveryStatusPart() == nil {
		return false
	}
	if strings.HasPrefix(m.Param("boundary"), fetchmailBoundary) {
		return true
	}
	// The part's bytes, not TextBody's string: Match runs on every report
	// with a delivery-status part, and the copy would cost each its text.
	p := m.TextPart()
	return p != nil && mailtext.IndexFold(p.Body, fetchmailReasons[0].line) >= 0
}

func (d fetchmailDecoder) Decode(m *dsn.Message) *dsn.Report {
	if !d.Match(m) {
		return nil
	}
	r := (rfc3464Decoder{}).Decode(m)
	if r == nil {
		return nil
	}
	text := mailtext.FoldSpace(m.TextBody())
	for _, fr := range fetchmailReasons {
		if mailtext.IndexFold(text, fr.line) < 0 {
			continue
		}
		for i := range r.Recipients {
			if r.Recipients[i].Command == "" {
				r.Recipients[i].Command = fr.command
			}
		}
		break
	}
	return r
}
