package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// NHINDirect names the decoder of the Direct Project gateway's failure
// notices.
const NHINDirect dsn.DecoderName = "nhindirect"

// nhinDirectDecoder reads the failure notices of the Direct Project's
// Security and Trust Agent gateway (DirectProject/nhin-d, the reference
// implementation health information service providers run for "Direct"
// secure health mail). Its notice (common/mail/dsn/DSNGenerator.java,
// gateway/smtp/dsn/impl/AbstractDSNCreator.java) is a multipart/report
// with no returned message: an HTML part alone as the human-readable
// text (HumanReadableTextAssembler.java: a header paragraph, "Failed
// recipient(s):" with the addresses in a list, the error message, a
// footer), and a delivery-status part named status.dat whose per-message
// fields are "Reporting-MTA: dns;Security Agent" (a recipient the agent
// refused, RejectedRecipientDSNCreatorOptions.java) or "dns;Local Delivery
// Service" (a message not delivered, FailedDeliveryDSNCreatorOptions.java)
// and "X-Original-Message-ID", and whose recipients have Action, Final-
// Recipient and a Status of 5.0.0 or 5.4.0 but no Diagnostic-Code. Why
// the gateway refused is only in the HTML part's error message, by default
//
//	The Direct address that you tried to reach is not trusted. Try
//	double-checking the recipient's email address for typos or unnecessary
//	spaces. Learn more by visiting our help.
//
// or, for a failed delivery, "... could not be located or does not
// exist. ...". The report is package dsn's, with that error message as
// the Diagnostic-Code of each recipient that has none.
type nhinDirectDecoder struct{}

func (nhinDirectDecoder) Name() dsn.DecoderName { return NHINDirect }

func (nhinDirectDecoder) Marks() []dsn.Mark { return (rfc3464Decoder{}).Marks() }

// nhinDirectMarker is the per-message field DSNGenerator.createDeliveryStatus
// writes, and nhinDirectMTAs the reporting MTAs of its two notices.
const nhinDirectMarker = "x-original-message-id:"

var nhinDirectMTAs = []string{"reporting-mta: dns;security agent", "reporting-mta: dns;local delivery service"}

// nhinDirectMessage starts the error message of both default texts.
const nhinDirectMessage = "The Direct address that you tried to reach"

func (nhinDirectDecoder) Match(m *dsn.Message) bool {
	p := m.DeliveryStatusPart()
	if p == nil || mailtext.IndexFold(p.Body, nhinDirectMarker) < 0 {
		return false
	}
	for _, s := range nhinDirectMTAs {
		if mailtext.IndexFold(p.Body, s) >= 0 {
			return true
		}
	}
	return false
}

func (d nhinDirectDecoder) Decode(m *dsn.Message) *dsn.Report {
	if !d.Match(m) {
		return nil
	}
	r := (rfc3464Decoder{}).Decode(m)
	if r == nil {
		return nil
	}
	why := ""
	if p := m.TextPart(); p != nil {
		why = nhinDirectError(mailtext.FoldSpace(htmlText(p.Body)))
	}
	if why == "" {
		return r
	}
	for i := range r.Recipients {
		if r.Recipients[i].DiagnosticCode == "" {
			r.Recipients[i].DiagnosticCode = why
		}
	}
	return r
}

// nhinDirectError returns the sentence of text that starts with the
// default error message's words, up to its full stop, or "".
func nhinDirectError(text string) string {
	i := mailtext.IndexFold(text, nhinDirectMessage)
	if i < 0 {
		return ""
	}
	s := text[i:]
	if j := strings.Index(s, ". "); j >= 0 {
		s = s[:j+1]
	}
	return strings.TrimSpace(s)
}
