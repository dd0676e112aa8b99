package dsn

import (
	"slices"
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// ARFDecoder reads Abuse Reporting Format feedback reports (RFC 5965): a
// multipart/report with report-type=feedback-report and a
// message/feedback-report part.
type ARFDecoder struct {
	// Embedded makes the decoder also read the reports a message only
	// carries: reports attached to a message that is no report itself (a
	// batch of complaints, RFC 6449 section 3.2), and a feedback-report
	// part recovered from malformed MIME or from text (embedded.go). A
	// registry runs such a decoder after every bounce decoder: a bounce
	// that returns a forwarded report is the bounce's, not a complaint.
	Embedded bool
}

func (ARFDecoder) Name() DecoderName { return ARF }

// Match reports whether m is a feedback report or has a feedback-report
// part; with Embedded, also whether it may carry one.
func (d ARFDecoder) Match(m *Message) bool {
	if isFeedbackReport(m) || ownFeedbackPart(m) != nil {
		return true
	}
	return d.Embedded && m.FindPart("message/feedback-report", "message/rfc822") != nil
}

// isFeedbackReport reports whether m's Content-Type says it is a feedback
// report (RFC 5965 section 2).
func isFeedbackReport(m *Message) bool {
	return strings.EqualFold(m.Param("report-type"), "feedback-report")
}

// ownFeedbackPart returns m's own message/feedback-report part: one the
// MIME walk read, or one recovered from the text of a message whose
// Content-Type says it is a feedback report (its MIME broken). A part
// recovered from any other message may be a report it returns or quotes.
func ownFeedbackPart(m *Message) *Part {
	for _, p := range m.Parts {
		if p.MediaType == "message/feedback-report" && (!p.Recovered || isFeedbackReport(m)) {
			return p
		}
	}
	return nil
}

// Decode reads m's feedback-report part; with Embedded, when m has none of
// its own, the reports it carries as attached messages, or else a
// feedback-report part recovered from its text.
func (d ARFDecoder) Decode(m *Message) *Report {
	if p := ownFeedbackPart(m); p != nil {
		return decodeARF(m, p)
	}
	if !d.Embedded {
		return nil
	}
	if r := decodeForwardedARF(m); r != nil {
		return r
	}
	if p := m.FindPart("message/feedback-report"); p != nil {
		return decodeARF(m, p)
	}
	return nil
}

// decodeForwardedARF reads the feedback reports m carries as attached
// messages (message/rfc822 parts, or the parts of a multipart/digest),
// when m is not a feedback report itself, and returns them as one report
// with every complaint's recipient in order; nil when m carries none. An
// attached message counts only when it is a multipart/report of
// report-type feedback-report (RFC 5965 section 2): the original message
// of an ordinary report is not one.
func decodeForwardedARF(m *Message) *Report {
	if isFeedbackReport(m) {
		return nil
	}
	var out *Report
	for _, p := range m.Parts {
		if p.MediaType != "message/rfc822" {
			continue
		}
		inner, err := ReadMessage(p.Body)
		if err != nil || !isFeedbackReport(inner) {
			continue
		}
		ip := ownFeedbackPart(inner)
		if ip == nil {
			continue
		}
		r := decodeARF(inner, ip)
		if out == nil {
			out = r
			out.AddNote("feedback reports attached to a message: read each")
			continue
		}
		if r.FeedbackType != out.FeedbackType {
			out.AddNote("attached feedback reports of different types: the first one's kept")
		}
		for _, rc := range r.Recipients {
			if len(out.Recipients) == MaxRecipients {
				out.AddNote("more than the maximum number of recipients: the rest not read")
				return out
			}
			out.Recipients = append(out.Recipients, rc)
		}
	}
	return out
}

// decodeARF reads p, the feedback-report part of m.
func decodeARF(m *Message, p *Part) *Report {
	groups := ParseFields(p.Body, 4)
	var fs Fields
	for _, g := range groups {
		fs = append(fs, g...)
	}
	r := &Report{Kind: FeedbackReport, Fields: fs}
	r.FeedbackType = FeedbackTypeToken(fs.Get("Feedback-Type"))
	if r.FeedbackType == "" {
		r.AddNote("feedback report without Feedback-Type")
	}
	r.ArrivalDate = ParseDate(fs.Get("Arrival-Date"))
	if r.ArrivalDate.IsZero() {
		r.ArrivalDate = ParseDate(fs.Get("Received-Date"))
	}
	r.ReportingMTA = mailtext.TrimSpace(fs.Get("Reporting-Mta"))
	if _, v := SplitTyped(r.ReportingMTA); v != "" {
		r.ReportingMTA = v
	}
	r.Original, _ = m.Original()

	// RFC 5965 section 3.2: Original-Rcpt-To may appear more than once;
	// Removal-Recipient is the opt-out extension's (RFC 6650) field. A
	// report that names the same address in both (or twice) is one
	// complaint about it, not two.
	var rcpts []string
	for _, f := range fs {
		if f.Name != "Original-Rcpt-To" && f.Name != "Removal-Recipient" {
			continue
		}
		a := Address(f.Value)
		if a == "" || slices.ContainsFunc(rcpts, func(b string) bool { return strings.EqualFold(a, b) }) {
			continue
		}
		if len(rcpts) == MaxRecipients {
			r.AddNote("more than the maximum number of recipients: the rest not read")
			break
		}
		rcpts = append(rcpts, a)
	}
	if len(rcpts) == 0 {
		// Microsoft's JMRP names the complainer only in the header it adds
		// to the returned message, also when the report is in ARF
		// (sisimai/p5-sisimai:lib/Sisimai/ARF.pm); the original's To may be
		// a list's or undisclosed-recipients.
		if a := Address(m.OriginalFields().Get(jmrpRecipientField)); a != "" {
			rcpts = append(rcpts, a)
		}
	}
	if len(rcpts) == 0 && r.Original.To != "" {
		rcpts = append(rcpts, r.Original.To)
	}
	if len(rcpts) == 0 {
		// RFC 5965 makes Original-Rcpt-To optional, and providers often
		// redact it: the complaint still counts, for an unnamed recipient.
		r.AddNote("feedback report names no recipient")
		rcpts = append(rcpts, "")
	}
	text := mailtext.Truncate(mailtext.FoldSpace(m.TextBody()), 1024)
	for _, a := range rcpts {
		// No Action: a complaint reports what a recipient did with a
		// delivered message, not a delivery attempt (RFC 3464's actions).
		r.Recipients = append(r.Recipients, Recipient{
			Recipient:      a,
			DiagnosticCode: text,
			Fields:         fs,
		})
	}
	return r
}

// jmrpRecipientField is the header field Microsoft's Junk Mail Reporting
// Program adds to a reported message to name the complaining address.
const jmrpRecipientField = "X-HmXmrOriginalRecipient"

// Marks returns the header evidence of a feedback report: its
// Content-Type's report-type (RFC 5965 section 2).
func (ARFDecoder) Marks() []Mark {
	return []Mark{{Field: "Content-Type", Test: MarkContains, Value: "feedback-report"}}
}
