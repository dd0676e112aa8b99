package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// openSMTPDDecoder reads the plain-text reports of OpenSMTPD (before it
// sent multipart/report notifications):
//
//	    Hi!
//
//	    This is the MAILER-DAEMON, please DO NOT REPLY to this e-mail.
//
//	    An error has occurred while attempting to deliver a message for
//	    the following list of recipients:
//
//	user@example.org: 550 5.1.1 User unknown
//
//	    Below is a copy of the original message:
//
// A delay notice says "A message is delayed for more than 4 hours for the
// following list of recipients:" instead. Each recipient stands on a line
// of its own, unindented, as "address: error".
type openSMTPDDecoder struct{}

func (openSMTPDDecoder) Name() dsn.DecoderName { return OpenSMTPD }

func (openSMTPDDecoder) Match(m *dsn.Message) bool {
	return subjectHasPrefix(m, "Delivery status notification:") ||
		fromDaemon(m) && headerContains(m, "Received", "(OpenSMTPD)")
}

var openSMTPDCopyMarkers = []string{"Below is a copy of the original message"}

func (openSMTPDDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := lineIndex(lines, 0, "This is the MAILER-DAEMON, please DO NOT REPLY")
	if start < 0 {
		return nil
	}
	end := lineIndex(lines, start, openSMTPDCopyMarkers...)
	if end < 0 {
		end = len(lines)
	}
	r := &dsn.Report{}
	action := dsn.ActionFailed
	if lineContaining(lines[:end], start, "A message is delayed for") >= 0 {
		action = dsn.ActionDelayed
	}
	if lineContaining(lines[:end], start, "successfully delivered to") >= 0 {
		action = dsn.ActionDelivered
	}
	for _, l := range lines[start+1 : end] {
		if l == "" || indentOf(l) > 0 {
			continue // the notice's own indented sentences
		}
		i := strings.Index(l, ": ")
		if i <= 0 || !strings.Contains(l[:i], "@") {
			continue
		}
		addRecipient(r, dsn.Recipient{Recipient: dsn.Address(l[:i]), Action: action, DiagnosticCode: mailtext.FoldSpace(l[i+2:])})
	}
	r.Original = originalFromMessage(m, text, openSMTPDCopyMarkers...)
	return deliveryReport(r)
}
