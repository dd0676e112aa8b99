package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// This file reads the reports of MTAs whose software is not known by
// name, only by their report layout, numbered X1 to X6 as Sisimai numbers
// them.

// x1Decoder reads the reports of an MTA (Mail2000-based gateways) that
// lists each address with its reason in brackets:
//
//	---The following addresses had delivery errors---
//
//	user@example.org [User unknown]
//
// Its From is "Mail Deliver System" and its Subject "Returned Mail: ..." or
// "Mail Delivery Failure" (sisimai/p5-sisimai lib/Sisimai/Lhost/X1.pm).
type x1Decoder struct{}

func (x1Decoder) Name() dsn.DecoderName { return X1 }

func (x1Decoder) Match(m *dsn.Message) bool {
	return subjectHasPrefix(m, "Returned Mail: ", "Mail Delivery Failure") && fromContains(m, "mail deliver system")
}

// x1Line matches an address and its bracketed reason.
var x1Line = lazyRegexp(`^(\S+@\S+)\s+\[(.*)\]$`)

func (x1Decoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := lineIndex(lines, 0, "---The following addresses had delivery errors---")
	if start < 0 {
		return nil
	}
	r := &dsn.Report{}
	for _, l := range lines[start+1:] {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "--") {
			break
		}
		if sm := x1Line().FindStringSubmatch(t); sm != nil {
			addRecipient(r, dsn.Recipient{Recipient: dsn.Address(sm[1]), DiagnosticCode: mailtext.FoldSpace(sm[2])})
		}
	}
	if i := lineIndex(lines, 0, "from "); i >= 0 && i < start {
		r.ReceivedFromMTA = strings.TrimSpace(lines[i][len("from "):])
	}
	r.Original = originalFromMessage(m, text)
	return deliveryReport(r)
}

// x2Decoder reads the reports of a qmail-based MTA (the one of a large
// web mail provider) that keeps qmail's address layout under its own
// intro:
//
//	Message from example.org.
//	Unable to deliver message to the following address(es).
//
//	<user@example.org>:
//	This user doesn't have a example.org account (user@example.org) [-9]
//
//	--- Original message follows.
type x2Decoder struct{}

func (x2Decoder) Name() dsn.DecoderName { return X2 }

func (x2Decoder) Match(m *dsn.Message) bool {
	return fromDaemon(m) && subjectHasPrefix(m, "Delivery failure", "failed delivery", "failure delivery", "Permanent Delivery Failure", "Delivery Status Notification", "failure notice")
}

func (x2Decoder) Decode(m *dsn.Message) *dsn.Report {
	r := decodeQmailStyle(m, []string{"Unable to deliver message to the following address"}, "")
	if r == nil {
		return nil
	}
	lines := textLines(reportText(m))
	if i := lineIndex(lines, 0, "Message from "); i >= 0 {
		r.ReportingMTA = hostAfter(lines[i], "Message from ")
	}
	return r
}

// x4Decoder reads the reports of qmail clones that replace qmail-send's
// intro with "Your mail message to the following address(es) could not be
// delivered." and keep the rest of its layout and Subject.
type x4Decoder struct{}

func (x4Decoder) Name() dsn.DecoderName { return X4 }

func (x4Decoder) Match(m *dsn.Message) bool { return qmailDecoder{}.Match(m) }

func (x4Decoder) Decode(m *dsn.Message) *dsn.Report {
	return decodeQmailStyle(m, []string{
		"Your mail message to the following address",
		"This is the mail delivery agent at",
		"Sorry, we were unable to deliver your message to the following address",
	}, " agent at ")
}

// x3Decoder reads the reports of an MTA known only by its layout, a list
// of failed addresses each marked with "*" and the remote reply under
// "Technical details:". It writes
//
//	This is an automatically generated Delivery Status Notification.
//
//	Delivery to the following recipients failed permanently:
//
//	   * user@example.org
//
//	Technical details:
//
//	SMTP:RCPT host 192.0.2.1: 553 5.3.0 <user@example.org>... No such user
//
// (its "Delevery" misspelt), From "Mail Delivery System
// <Mail.Delivery.System@...>".
type x3Decoder struct{}

func (x3Decoder) Name() dsn.DecoderName { return X3 }

// Match wants X3's Subject from "Mail Delivery System": Sisimai's decoder
// tests the From field's start, the display name, not the address
// (sisimai/p5-sisimai lib/Sisimai/Lhost/X3.pm), and Decode wants X3's own
// intro, which Exim's and OpenSMTPD's reports under that name do not have.
func (x3Decoder) Match(m *dsn.Message) bool {
	return subjectHasPrefix(m, "Delivery status notification") &&
		(strings.HasPrefix(strings.ToLower(m.Header.Address("From")), "mail.delivery.system@") ||
			mailtext.HasPrefixFold(mailtext.TrimSpace(m.Header.Text("From")), "Mail Delivery System"))
}

func (x3Decoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := lineContaining(lines, 0, "This is an automatically generated Delivery Status Notification")
	if start < 0 {
		return nil
	}
	r := &dsn.Report{}
	var addrs []string
	delayed := false
	var details []string
	inDetails := false
	for _, l := range lines[start+1:] {
		t := strings.TrimSpace(l)
		lower := strings.ToLower(t)
		switch {
		case strings.HasPrefix(t, "====="):
			if inDetails && len(details) > 0 {
				inDetails = false
			}
		case inDetails:
			if t != "" {
				details = append(details, x3Detail(t))
			}
		case strings.HasPrefix(t, "* "):
			if a := dsn.Address(t[2:]); a != "" {
				addrs = append(addrs, a)
			}
		case strings.HasPrefix(lower, "technical details"):
			inDetails = true
		case strings.Contains(lower, "has been delayed") || strings.Contains(lower, "will be retried"):
			delayed = true
		}
	}
	diag := joinLines(details)
	host := ""
	if i := mailtext.IndexFold(diag, " host "); i >= 0 && mailtext.HasPrefixFold(diag, "smtp:") {
		rest := diag[i+len(" host "):]
		if j := strings.Index(rest, ": "); j > 0 {
			host = rest[:j]
		}
		// "SMTP:RCPT host 192.0.2.1: 553 ..." keeps the command in the
		// text for the command scanner; the reply follows the host.
	}
	for _, a := range addrs {
		rc := dsn.Recipient{Recipient: a, DiagnosticCode: diag, RemoteMTA: host}
		if delayed {
			rc.Action = dsn.ActionDelayed
		}
		addRecipient(r, rc)
	}
	r.Original = originalFromMessage(m, text)
	return deliveryReport(r)
}

// x3Detail strips the labels X3 puts before a reply that is not an SMTP
// session's, "Diagnostic-Code: smtp; 552 5.2.2 Over quota" and "Routing:
// Could not find a gateway for ..." (sisimai/p5-sisimai
// lib/Sisimai/Lhost/X3.pm), so that the reply is the diagnostic.
func x3Detail(t string) string {
	switch {
	case mailtext.HasPrefixFold(t, "Diagnostic-Code:"):
		v := mailtext.TrimSpace(t[len("Diagnostic-Code:"):])
		if i := strings.IndexByte(v, ';'); i >= 0 && i < 12 {
			v = mailtext.TrimSpace(v[i+1:])
		}
		return v
	case mailtext.HasPrefixFold(t, "Routing:"):
		return mailtext.TrimSpace(t[len("Routing:"):])
	}
	return t
}

// x6Decoder reads the reports of a gateway known only by its layout, a
// count of errors and, for each, the remote server's reply in brackets.
// It writes
//
//	We had trouble delivering your message. Full details follow:
//
//	1 error(s):
//
//	SMTP Server <mx.example.org> rejected recipient <user@example.org>
//	(Error following RCPT command). It responded as follows: [550 5.1.1
//	User unknown]
//
// or "The following recipients returned permanent errors: user@example.org.
// Reason: ... with the following error message: [554 ...]", and attaches
// the original's header as a text file.
type x6Decoder struct{}

func (x6Decoder) Name() dsn.DecoderName { return X6 }

func (x6Decoder) Match(m *dsn.Message) bool {
	return subjectHasPrefix(m, "There was an error sending your mail")
}

// x6Rejected matches the per-recipient sentence of X6's first form.
var x6Rejected = lazyRegexp(`(?i)SMTP Server <([^>]*)> rejected recipient <([^>]+)>(.*?)It responded as follows: \[(.*?)\]`)

// x6Permanent matches X6's second form.
var x6Permanent = lazyRegexp(`(?i)recipients returned (?:permanent|temporary) errors: (.+?)\. Reason: (.*?)(?:with the following error message: \[(.*?)\]|$)`)

// x6Paragraphs joins each run of non-blank lines into one line.
func x6Paragraphs(lines []string) []string {
	var out []string
	var cur []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			if len(cur) > 0 {
				out = append(out, strings.Join(cur, " "))
				cur = cur[:0]
			}
			continue
		}
		cur = append(cur, t)
	}
	if len(cur) > 0 {
		out = append(out, strings.Join(cur, " "))
	}
	return out
}

// x6Host matches the server named in the reason.
var x6Host = lazyRegexp(`SMTP Server <([^>]*)>`)

func (x6Decoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := lineIndex(lines, 0, "We had trouble delivering your message")
	if start < 0 {
		return nil
	}
	r := &dsn.Report{}
	// A sentence may be wrapped over lines (the continuation indented, as
	// Sisimai's X6.pm quotes it): read the text a paragraph at a time.
	for _, t := range x6Paragraphs(lines[start+1:]) {
		if sms := x6Rejected().FindAllStringSubmatch(t, -1); sms != nil {
			for _, sm := range sms {
				addRecipient(r, dsn.Recipient{Recipient: sm[2], RemoteMTA: sm[1], Command: findMTACommand(sm[3]), DiagnosticCode: mailtext.FoldSpace(sm[4])})
			}
			continue
		}
		if sm := x6Permanent().FindStringSubmatch(t); sm != nil {
			rc := dsn.Recipient{DiagnosticCode: mailtext.FoldSpace(sm[3]), Command: findMTACommand(sm[2])}
			if rc.DiagnosticCode == "" {
				rc.DiagnosticCode = mailtext.FoldSpace(sm[2])
			}
			if hm := x6Host().FindStringSubmatch(sm[2]); hm != nil {
				rc.RemoteMTA = hm[1]
			}
			if strings.Contains(strings.ToLower(t), "temporary errors") {
				rc.Action = dsn.ActionDelayed
			}
			for _, a := range strings.Split(sm[1], ",") {
				rc.Recipient = dsn.Address(a)
				addRecipient(r, rc)
			}
		}
	}
	r.Original = originalFromMessage(m, text)
	if r.Original == (dsn.Original{}) {
		// The header comes as a text/plain attachment.
		for _, p := range m.Parts {
			if p.MediaType == "text/plain" && strings.HasPrefix(strings.ToLower(p.Params["name"]), "mailheaders") {
				r.Original = dsn.ParseOriginal(p.Body)
			}
		}
	}
	return deliveryReport(r)
}
