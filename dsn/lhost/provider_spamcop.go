package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// spamCopDecoder reads the spam reports SpamCop sends to the abuse
// contacts of a network it found a spam came from. They are complaints,
// in SpamCop's own plain text, not ARF (RFC 5965): SpamCop's FAQ
// (https://www.spamcop.net/fom-serve/cache/338.html, and Validity's
// https://knowledge.validity.com/hc/en-us/articles/220227588) says an
// authentic report comes from ####@reports.spamcop.net, names the issue in
// its Subject, "[SpamCop (192.0.2.1) id:1234]...", is plain text, and
// quotes the reported message whole after "Offending message:":
//
//	From: Some User <1234@reports.spamcop.net>
//	Subject: [SpamCop (192.0.2.1) id:1234]PC Home Worker
//
//	- SpamCop V1.3.3 -
//	...
//	Email from 192.0.2.1 / Sun, 11 Aug 2002 00:11:15 -0700
//
//	Offending message:
//	Received: from [192.0.2.1] by ...
//	From: "work at home" <solary@example.net>
//	To: <x>
//
// SpamCop hides the reporter's addresses ("To: <x>") unless the reporter
// agreed to reveal them (https://www.spamcop.net/fom-serve/cache/266.html),
// so the complaint is reported for the quoted To only when it is an
// address, else for no address. It is a feedback report of type abuse;
// the IP address in the Subject is the source SpamCop blames.
type spamCopDecoder struct{}

func (spamCopDecoder) Name() dsn.DecoderName { return SpamCop }

const (
	// spamCopSubject starts the Subject of every SpamCop report (FAQ 338).
	spamCopSubject = "[SpamCop"
	// spamCopOffending introduces the quoted reported message (FAQ 338).
	spamCopOffending = "Offending message:"
)

// spamCopSenders is the domain SpamCop's reports come from (FAQ 338).
var spamCopSenders = []string{"reports.spamcop.net"}

func (spamCopDecoder) Match(m *dsn.Message) bool {
	return domainIn(fromDomain(m), spamCopSenders...) && subjectHasPrefix(m, spamCopSubject)
}

// spamCopSourceIP matches the address in a report's Subject, "[SpamCop
// (192.0.2.1) id:1234]".
var spamCopSourceIP = lazyRegexp(`(?i)\[SpamCop\s*\(([0-9A-Fa-f.:]+)\)`)

func (spamCopDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	i := strings.Index(text, spamCopOffending)
	if i < 0 {
		return nil
	}
	quoted := text[i+len(spamCopOffending):]
	// The quoted message starts at its first header line; SpamCop may
	// put a line of its own (an mbox "From " line) before it.
	if j := strings.Index(quoted, "\nReceived:"); j >= 0 && !strings.Contains(quoted[:j], "\nFrom:") {
		quoted = quoted[j+1:]
	}
	orig := dsn.ParseOriginalText(quoted)
	r := &dsn.Report{Kind: dsn.FeedbackReport, FeedbackType: "abuse", Original: orig}
	r.Fields = dsn.Fields{{Name: "Feedback-Type", Value: "abuse"}}
	subject := mailtext.TrimSpace(m.Header.Text("Subject"))
	if sm := spamCopSourceIP().FindStringSubmatch(subject); sm != nil {
		r.Fields = append(r.Fields, dsn.Field{Name: "Source-Ip", Value: sm[1]})
	}
	rcpt := quotedRecipient(orig)
	if rcpt == "" {
		r.AddNote("SpamCop report with the reporter's address hidden")
	}
	r.Recipients = append(r.Recipients, dsn.Recipient{Recipient: rcpt, DiagnosticCode: mailtext.Truncate(subject, 512), Fields: r.Fields})
	return r
}

// quotedRecipient returns the address of the To of a message a complaint
// quotes, or "" when the To is no address (hidden, as SpamCop's "<x>", or
// a group such as "undisclosed-recipients:;").
func quotedRecipient(orig dsn.Original) string {
	if a := dsn.Address(orig.To); strings.Contains(a, "@") {
		return a
	}
	return ""
}
