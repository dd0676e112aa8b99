package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// rfc3464Decoder reads delivery status notifications (RFC 3464) for the
// registry: package dsn's RFC3464Decoder (its name, header test and marks), with the
// repairs of faults some MTAs' notifications are known for, which take this
// package's knowledge of their text layouts:
//   - Sendmail cuts a multi-line reply to its first line in
//     Diagnostic-Code; the rest is taken from its transcript
//     (completeCutReplies).
//   - Exim writes a Diagnostic-Code only for a remote host's reply; a
//     local failure's explanation, a delay's reason and the program or
//     file of a delivery are taken from its text part
//     (completeFromEximText).
//   - OpenSMTPD 6.8 reports an envelope it gave up as delayed
//     (failExpiredEnvelope).
//   - A delivery-status part may be sent without a single field, the
//     part's header and nothing else (Google's notices have come so, read by
//     Sisimai's GoogleWorkspace decoder from their text,
//     sisimai/p5-sisimai:lib/Sisimai/Lhost/GoogleWorkspace.pm). The
//     report, whose recipient package dsn took from the returned message,
//     is then only a partial reading (dsn.Report.MarkPartial): the
//     decoders of text formats after this one read the notification's
//     text, and the one that finds its recipients is credited with the
//     report. When none does, this report is kept, the recipient's reply
//     looked for next to its address in the text.
type rfc3464Decoder struct{ dsn.RFC3464Decoder }

// Decode reads the notification and repairs what it can.
func (d rfc3464Decoder) Decode(m *dsn.Message) *dsn.Report {
	r := d.RFC3464Decoder.Decode(m)
	if r != nil && len(r.Recipients) == 1 && r.Recipients[0].Status.IsZero() &&
		r.Recipients[0].DiagnosticCode == "" && deliveryStatusNamesNoOne(m) {
		// Only a report that learnt nothing from its delivery-status part
		// (package dsn's recipient from the returned message) can have an
		// empty one, or one with the per-message fields alone.
		r.SupplementFromText(m.TextBody())
		if deliveryStatusEmpty(m) {
			r.MarkPartial("delivery-status part without fields")
		} else {
			r.MarkPartial("delivery-status part without recipient fields")
		}
	}
	if r != nil {
		completeCutReplies(r, m)
		completeFromEximText(r, m)
		completeFromSendmailText(r, m)
		completeFromExchangeQueue(r, m)
		completeFromExchangeAdmin(r, m)
		for i := range r.Recipients {
			failExpiredEnvelope(&r.Recipients[i])
		}
	}
	return r
}

// failExpiredEnvelope reports as failed a recipient OpenSMTPD 6.8.0p2
// gave up when its queue time ran out: it writes the words "Envelope
// expired" with the status of a temporary failure, 4.4.7
// (usr.sbin/smtpd/queue.c), and its bounce.c takes the notice's kind from
// that status class, so the notice says "Action: delayed" ("A message is
// delayed for more than 0 seconds") for an envelope it has removed.
// OpenSMTPD's plain-text notices before 6.x reported the same words as a
// failure.
func failExpiredEnvelope(rc *dsn.Recipient) {
	if rc.Action == dsn.ActionDelayed && isEnvelopeExpired(rc.DiagnosticCode) {
		rc.Action = dsn.ActionFailed
	}
}

// deliveryStatusEmpty reports whether m's delivery-status parts hold no
// field at all.
func deliveryStatusEmpty(m *dsn.Message) bool {
	for _, p := range m.Parts {
		if strings.HasSuffix(p.MediaType, "delivery-status") && len(dsn.ParseFields(p.Body, 1)) > 0 {
			return false
		}
	}
	return true
}

// deliveryStatusNamesNoOne reports whether m's delivery-status parts name
// no recipient: they hold no field at all, or only per-message fields
// (RFC 3464 section 2.2: Reporting-MTA, Arrival-Date, ...) with no
// Final-Recipient or Original-Recipient after them, as a report whose
// per-recipient groups were cut reads. Its recipients are then only in the
// notification's text.
func deliveryStatusNamesNoOne(m *dsn.Message) bool {
	for _, p := range m.Parts {
		if !strings.HasSuffix(p.MediaType, "delivery-status") {
			continue
		}
		for _, g := range dsn.ParseFields(p.Body, dsn.MaxRecipients+1) {
			if g.Get("Final-Recipient") != "" || g.Get("Original-Recipient") != "" {
				return false
			}
		}
	}
	return true
}
