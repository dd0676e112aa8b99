package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// Postal is the name of the decoder of Postal's bounces.
const Postal dsn.DecoderName = "Postal"

// postalDecoder reads the bounces of Postal, the mail delivery platform
// (postalserver/postal, app/models/bounce_message.rb). Postal bounces a
// message it received for one of its routes when the route is set to
// bounce or reject, or when the route's endpoint refused it for good. The
// bounce comes From "Mail Delivery Service <ROUTE>", the route's own
// address, which is the failed recipient, with the Subject "Mail
// Delivery Failed (<the original's Subject>)", a text part
//
//	This is the mail delivery service responsible for delivering mail to ROUTE.
//
//	The message you've sent cannot be delivered. Your original message is attached to this message.
//
//	For further assistance please contact POSTMASTER. Please include the details below to help us identify the issue.
//
//	Message Token: TOKEN@SERVER
//	Orginal Message ID: <ID>
//	Mail from: SENDER
//	Rcpt To: ROUTE
//
// and the original as an attachment. It names no reason.
type postalDecoder struct{}

func (postalDecoder) Name() dsn.DecoderName { return Postal }

// The Subject's start, the sender's name and the text's lines.
const (
	postalSubject = "Mail Delivery Failed ("
	postalFrom    = "Mail Delivery Service"
	postalIntro   = "This is the mail delivery service responsible for delivering mail to"
	postalFailure = "The message you've sent cannot be delivered"
	postalRcpt    = "Rcpt To:"
)

func (postalDecoder) Match(m *dsn.Message) bool {
	return subjectHasPrefix(m, postalSubject) && fromContains(m, postalFrom)
}

func (postalDecoder) Marks() []dsn.Mark { return subjects(postalSubject) }

func (postalDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := lineIndex(lines, 0, postalIntro)
	if start < 0 {
		return nil
	}
	rc := dsn.Recipient{}
	if i := lineIndex(lines, start, postalRcpt); i >= 0 {
		rc.Recipient = dsn.Address(strings.TrimSpace(strings.TrimLeft(lines[i], " \t")[len(postalRcpt):]))
	}
	if rc.Recipient == "" {
		// The route's address ends the intro's line.
		if as := addressesIn(lines[start]); len(as) > 0 {
			rc.Recipient = as[len(as)-1].addr
		}
	}
	if rc.Recipient == "" {
		return nil
	}
	if i := lineIndex(lines, start, postalFailure); i >= 0 {
		rc.DiagnosticCode = mailtext.FoldSpace(lines[i])
	}
	r := &dsn.Report{}
	addRecipient(r, rc)
	r.Original = originalFromMessage(m, text)
	return deliveryReport(r)
}
