package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// inlineDSNDecoder reads delivery status notifications whose RFC 3464
// fields (Reporting-MTA, Final-Recipient, Action, Status, Diagnostic-Code)
// were written into the text part instead of a message/delivery-status
// part: by MTAs and gateways that flatten a multipart/report, and by
// services that copy the fields into their own notice.
//
//	<user@example.com>: connect to mx.example.com[192.0.2.2]:25: No route to host
//
//	Reporting-MTA: dns; smtp.example.org
//
//	Final-Recipient: rfc822; user@example.com
//	Action: delayed
//	Status: 4.4.1
//
// It is the last provider decoder: any sender may write this, and the
// specific formats say more when they apply.
type inlineDSNDecoder struct{}

func (inlineDSNDecoder) Name() dsn.DecoderName { return InlineRFC3464 }

func (inlineDSNDecoder) Match(m *dsn.Message) bool {
	if m.DeliveryStatusPart() != nil {
		return false
	}
	return dsn.IsMailerDaemon(m.Header.Address("From")) || m.Header.Has("X-Failed-Recipients")
}

// inlineDSNStarts are the fields that open the inline report.
var inlineDSNStarts = []string{"Reporting-MTA:", "Final-Recipient:", "Original-Recipient:"}

// inlineDSNStart returns the offset of the first line of text that opens
// the inline report, or -1.
func inlineDSNStart(text string) int {
	start := -1
	for _, f := range inlineDSNLineStarts {
		i := -1
		if mailtext.HasPrefixFold(text, f[1:]) {
			i = 0
		} else if j := mailtext.IndexFold(text, f); j >= 0 {
			i = j + 1
		}
		if i >= 0 && (start < 0 || i < start) {
			start = i
		}
	}
	return start
}

// inlineDSNLineStarts are inlineDSNStarts at the start of a line.
var inlineDSNLineStarts = func() []string {
	out := make([]string, len(inlineDSNStarts))
	for i, f := range inlineDSNStarts {
		out[i] = "\n" + f
	}
	return out
}()

// inlineDSNMessageFields are the per-message fields of RFC 3464 section
// 2.2 (and the X- fields MTAs add there), which mark a group of fields as
// part of the report.
var inlineDSNMessageFields = map[string]bool{
	"Reporting-Mta": true, "Received-From-Mta": true, "Arrival-Date": true,
	"Original-Envelope-Id": true, "Dsn-Gateway": true,
}

func (inlineDSNDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	start := inlineDSNStart(text)
	if start < 0 {
		return nil
	}
	r := &dsn.Report{Kind: dsn.DeliveryReport}
	saidSomething := false
	for _, g := range dsn.ParseFieldsText(fieldText(text[start:]), dsn.MaxRecipients+2) {
		if !inlineDSNGroup(g) {
			break
		}
		for _, f := range g {
			if f.Name == "Action" || f.Name == "Status" || f.Name == "Diagnostic-Code" {
				saidSomething = true
			}
		}
		r.AddFieldGroup(g)
	}
	// An address alone is not a report: some notices merely quote a
	// Final-Recipient line.
	if len(r.Recipients) == 0 || !saidSomething {
		return nil
	}
	for i := range r.Recipients {
		if r.Recipients[i].Action == "" {
			r.Recipients[i].Action = dsn.ActionFailed
		}
	}
	r.SupplementFromText(text[:start])
	if len(r.Recipients) == 1 && r.Recipients[0].DiagnosticCode == "" {
		r.Recipients[0].DiagnosticCode = inlineTranscriptReplies(text[:start])
	}
	r.Original, _ = originalAtField(text, start, "Return-Path:", "Received:", "Message-ID:", "Message-Id:")
	return r
}

// inlineDSNGroup reports whether a group of fields belongs to the report:
// it has a per-message or per-recipient field of RFC 3464.
func inlineDSNGroup(g dsn.Fields) bool {
	for _, f := range g {
		if dsn.IsRecipientField(f.Name) || inlineDSNMessageFields[f.Name] || strings.HasPrefix(f.Name, "X-Postfix-") {
			return true
		}
	}
	return false
}

// inlineTranscript is Sendmail's heading of the session transcript in the
// human-readable part.
const inlineTranscript = "----- Transcript of session follows -----"

// inlineReplyLine is a reply line of a transcript: "554 ...", "<<< 550-...".
var inlineReplyLine = lazyRegexp(`^(?:<<<\s*)?[245][0-9][0-9][ -]`)

// inlineTranscriptReplies returns the remote replies of the transcript in
// text, joined, or "". Only a report about one recipient may use it: the
// transcript does not say which recipient a reply is about.
func inlineTranscriptReplies(text string) string {
	t, ok := textSection(text, []string{inlineTranscript}, nil)
	if !ok {
		return ""
	}
	var replies []string
	n := 0
	for _, l := range textLines(t) {
		l = mailtext.TrimSpace(l)
		if !inlineReplyLine().MatchString(l) || n > dsn.MaxDiagnosticBytes {
			continue
		}
		l = mailtext.TrimSpace(strings.TrimPrefix(l, "<<<"))
		replies = append(replies, l)
		n += len(l) + 1
	}
	return strings.Join(replies, " ")
}
