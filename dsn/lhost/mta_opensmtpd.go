package lhost

import (
	"slices"
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
	success := dsn.ActionDelivered
	if lineContaining(lines[:end], start, "successfully delivered to") >= 0 {
		action = dsn.ActionDelivered
	} else if lineContaining(lines[:end], start, "Your message was relayed to these recipients") >= 0 {
		// bounce.c's notice_relay: the DSN notice of a message handed to
		// a next hop that does not offer DSN (mta_without_dsn), RFC 3464
		// section 2.3.3's "relayed".
		action, success = dsn.ActionDelivered, dsn.ActionRelayed
	}
	for k := start + 1; k < end; k++ {
		l := lines[k]
		if next, ok := openSMTPDFirstRecipient(r, lines[:end], k); ok {
			k = next
			continue
		}
		if l == "" || indentOf(l) > 0 {
			continue // the notice's own indented sentences
		}
		i := strings.Index(l, ": ")
		if i <= 0 || !strings.Contains(l[:i], "@") {
			continue
		}
		diag := mailtext.FoldSpace(l[i+2:])
		a := action
		if a == dsn.ActionDelivered {
			if a = openSMTPDSuccessAction(diag); a == dsn.ActionDelivered {
				a = success
			}
		}
		addRecipient(r, dsn.Recipient{Recipient: dsn.Address(l[:i]), Action: a, DiagnosticCode: diag})
	}
	r.Original = originalFromMessage(m, text, openSMTPDCopyMarkers...)
	return deliveryReport(r)
}

// openSMTPDTempFailures are the words OpenSMTPD's mta.c gives an envelope
// when no route to the destination's MXs worked (relay->failstr with
// IMSG_MTA_DELIVERY_TEMPFAIL, OpenSMTPD 6.8.0p2 usr.sbin/smtpd/mta.c): a
// temporary failure, retried.
var openSMTPDTempFailures = []string{
	"Could not retrieve source address", "No valid route to remote MX",
	"Destination seem to reject all mails", "Network error on destination MXs",
	"No MX found for destination", "Address family mismatch on destination MXs",
	"All routes to destination blocked", "No valid route to destination",
}

// openSMTPDSuccessAction returns the action of a recipient listed under
// the success intro ("Your message was successfully delivered to these
// recipients."). OpenSMTPD 5.x sent failure and delay notices under that
// intro (OpenSMTPD/OpenSMTPD issues #586, "DSN has successful failures",
// and #687, 5.7.3p2 quoting "Envelope expired" and "Network error on
// destination MXs" under it); 6.8 takes the intro from the envelope's
// status class (bounce.c), as the line's own words still say: queue.c's
// "Envelope expired" for an envelope it removed, mta.c's route failures
// for one it retries, or a remote reply's failure code.
func openSMTPDSuccessAction(diag string) dsn.Action {
	switch {
	case isEnvelopeExpired(diag):
		return dsn.ActionFailed
	case slices.ContainsFunc(openSMTPDTempFailures, func(w string) bool { return strings.EqualFold(diag, w) }):
		return dsn.ActionDelayed
	}
	class := dsn.FindStatus(diag).Class
	if class == 0 {
		class = dsn.FindReplyCode(diag) / 100
	}
	switch class {
	case 5:
		return dsn.ActionFailed
	case 4:
		return dsn.ActionDelayed
	}
	return dsn.ActionDelivered
}

// isEnvelopeExpired reports whether diag is the error OpenSMTPD's queue.c
// gives an envelope it removed when its queue time ran out ("Envelope
// expired", OpenSMTPD 6.8.0p2 usr.sbin/smtpd/queue.c).
func isEnvelopeExpired(diag string) bool {
	return strings.EqualFold(strings.TrimRight(strings.TrimSpace(diag), "."), "Envelope expired")
}
