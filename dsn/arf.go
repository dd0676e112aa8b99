package dsn

import (
	"slices"
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// ARFDecoder reads Abuse Reporting Format feedback reports (RFC 5965): a
// multipart/report with report-type=feedback-report and a
// message/feedback-report part.
type ARFDecoder struct{}

func (ARFDecoder) Name() DecoderName { return ARF }

// Match reports whether m is a feedback report or has a feedback-report part.
func (ARFDecoder) Match(m *Message) bool {
	return strings.EqualFold(m.Param("report-type"), "feedback-report") ||
		m.FindPart("message/feedback-report") != nil
}

// Decode reads the feedback-report part of m.
func (ARFDecoder) Decode(m *Message) *Report {
	p := m.FindPart("message/feedback-report")
	if p == nil {
		return nil
	}
	groups := ParseFields(p.Body, 4)
	var fs Fields
	for _, g := range groups {
		fs = append(fs, g...)
	}
	r := &Report{Kind: FeedbackReport, Fields: fs}
	r.FeedbackType = strings.ToLower(mailtext.TrimSpace(fs.Get("Feedback-Type")))
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

// Marks returns the header evidence of a feedback report: its
// Content-Type's report-type (RFC 5965 section 2).
func (ARFDecoder) Marks() []Mark {
	return []Mark{{Field: "Content-Type", Test: MarkContains, Value: "feedback-report"}}
}
