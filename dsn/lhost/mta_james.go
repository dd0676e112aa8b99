package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// apacheJamesDecoder reads the reports of the Apache James mail server.
// Its notification mailets write
//
//	Error message below:
//	550 - Requested action not taken: no such user here
//
//	Message details:
//	  Subject: Hello
//	  MAIL FROM: sender@example.com
//	  RCPT TO: user@example.org
//
// and its Bounce mailet "Hi. This is the James mail server at host." with
// "Failed recipient(s):" and "Error message:" sections. James 2's
// RemoteDelivery bounced in an older layout of the same intro, the
// addresses and the error below it without headings (see jamesOldBlock).
type apacheJamesDecoder struct{}

func (apacheJamesDecoder) Name() dsn.DecoderName { return ApacheJames }

// Match wants James's Received field, the SMS gateways' post_master
// sender, or a Message-ID of JavaMail (the library James writes with) on
// a report a mail system sent: JavaMail's Message-IDs alone are on much
// ordinary mail, which the milter's pre-filter must not read (jamesMarks).
func (apacheJamesDecoder) Match(m *dsn.Message) bool {
	return m.HasAnyMark(jamesMarks[:2]) ||
		strings.Contains(m.Header.Get("Message-Id"), ".JavaMail.") && m.HasAnyMark(jamesMarks[2:])
}

func (apacheJamesDecoder) Decode(m *dsn.Message) *dsn.Report { return decodeJames(m) }

// decodeJames reads James's notification layouts.
func decodeJames(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	r := &dsn.Report{}
	if i := lineIndex(lines, 0, "Hi. This is the James mail server at"); i >= 0 {
		r.ReportingMTA = hostAfter(lines[i], " server at ")
	}
	errStart := lineIndex(lines, 0, "Error message below:", "Error message:")
	if errStart < 0 {
		addrs, diag := jamesOldBlock(lines)
		for _, a := range addrs {
			addRecipient(r, dsn.Recipient{Recipient: a, DiagnosticCode: diag})
		}
		if len(r.Recipients) == 0 {
			return nil
		}
		r.Original = originalFromMessage(m, text)
		return deliveryReport(r)
	}
	var reason []string
	for _, l := range lines[errStart+1:] {
		t := strings.TrimSpace(l)
		if t == "" && len(reason) > 0 || mailtext.HasPrefixFold(t, "Message details:") {
			break
		}
		if t != "" {
			reason = append(reason, t)
		}
	}
	diag := joinLines(reason)
	var addrs []string
	if i := lineIndex(lines, 0, "Failed recipient(s):"); i >= 0 {
		for _, l := range lines[i+1:] {
			t := strings.TrimSpace(l)
			if t == "" {
				break
			}
			if a := dsn.Address(t); a != "" {
				addrs = append(addrs, a)
			}
		}
	}
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if mailtext.HasPrefixFold(t, "RCPT TO:") {
			for _, f := range strings.Split(t[len("RCPT TO:"):], ",") {
				if a := dsn.Address(f); a != "" {
					addrs = append(addrs, a)
				}
			}
			addrs = append(addrs, jamesMoreRcpts(lines[i+1:])...)
		}
	}
	for _, a := range addrs {
		addRecipient(r, dsn.Recipient{Recipient: a, DiagnosticCode: diag})
	}
	r.Original = originalFromMessage(m, text)
	return deliveryReport(r)
}

// jamesMoreRcpts reads the recipients after the first under "Message
// details:": AbstractNotify.getMessage writes the first as "  RCPT TO: "
// and each further one alone on an indented line (apache/james
// AbstractNotify.java: out.println("           " + rcptTo.next())).
func jamesMoreRcpts(lines []string) []string {
	var addrs []string
	for _, l := range lines {
		if l == "" || (l[0] != ' ' && l[0] != '\t') {
			break
		}
		t := strings.TrimSpace(l)
		if t == "" || strings.ContainsAny(t, " \t:") {
			break
		}
		a := dsn.Address(t)
		if a == "" {
			break
		}
		addrs = append(addrs, a)
	}
	return addrs
}

// jamesGaveUp is the sentence before the addresses in James 2's bounce.
const jamesGaveUp = "This is a permanent error; I've given up."

// jamesOldBlock reads the layout of James 2's RemoteDelivery.bounce (James
// 2.1, and 2.3's "old style bounce"): after the intro and "This is a
// permanent error; I've given up. Sorry it didn't work out." (2.3 adds
// "Below I include the list of recipients and the reason why I was
// unable to deliver your message."), a blank line, the addresses one to a
// line, then the exception's message up to a blank line or "The original
// message is attached.":
//
//	Hi. This is the James mail server at mail.example.org.
//	I'm afraid I wasn't able to deliver your message to the following addresses.
//	This is a permanent error; I've given up. Sorry it didn't work out.
//
//	user@example.net
//	550 5.1.1 <user@example.net>: Recipient address rejected: User unknown
//
//	The original message is attached.
func jamesOldBlock(lines []string) (addrs []string, diag string) {
	i := lineIndex(lines, 0, "Hi. This is the James mail server at")
	if i < 0 {
		return nil, ""
	}
	k := -1
	for j := i + 1; j < len(lines) && j <= i+3; j++ {
		if mailtext.IndexFold(lines[j], jamesGaveUp) >= 0 {
			k = j
			break
		}
	}
	if k < 0 {
		return nil, ""
	}
	for k < len(lines) && strings.TrimSpace(lines[k]) != "" {
		k++
	}
	for k < len(lines) && strings.TrimSpace(lines[k]) == "" {
		k++
	}
	var reason []string
	for ; k < len(lines); k++ {
		t := strings.TrimSpace(lines[k])
		if t == "" || mailtext.HasPrefixFold(t, "The original message is attached") {
			break
		}
		if len(reason) == 0 && !strings.ContainsAny(t, " \t") {
			if a := dsn.Address(t); a != "" {
				addrs = append(addrs, a)
				continue
			}
		}
		reason = append(reason, t)
	}
	return addrs, joinLines(reason)
}

// verizonDecoder reads the reports of Verizon Wireless's gateways: the
// MMS relay's "Message could not be delivered to mobile." notice (From
// "MMSC NDR Administrator"), which names the recipient only in the copy of
// the original under "Original Message:", and the SMS gateway's, which
// uses Apache James's layout.
type verizonDecoder struct{}

func (verizonDecoder) Name() dsn.DecoderName { return Verizon }

// Match wants a report's sender (verizonMarks) at one of Verizon's
// domains: ordinary mail from a phone comes from the same domains.
func (verizonDecoder) Match(m *dsn.Message) bool {
	d := fromDomain(m)
	return m.HasAnyMark(verizonMarks) &&
		(d == "vtext.com" || d == "vzwpix.com" || strings.HasSuffix(d, ".vzwpix.com") || strings.HasSuffix(d, ".vtext.com"))
}

func (verizonDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := lineIndex(lines, 0, "Message could not be delivered to mobile")
	if start < 0 {
		return decodeJames(m)
	}
	r := &dsn.Report{}
	diag := ""
	if i := lineIndex(lines, start, "Error:"); i >= 0 {
		diag = mailtext.FoldSpace(strings.TrimSpace(lines[i])[len("Error:"):])
	}
	orig := lineIndex(lines, start, "Original Message:")
	if orig < 0 {
		return nil
	}
	for _, l := range lines[orig+1:] {
		t := strings.TrimSpace(l)
		if t == "" {
			break
		}
		if mailtext.HasPrefixFold(t, "To:") {
			for _, f := range strings.Split(t[3:], ",") {
				if a := dsn.Address(f); a != "" {
					addRecipient(r, dsn.Recipient{Recipient: a, DiagnosticCode: diag})
				}
			}
		}
	}
	r.Original, _ = originalAfter(text, "Original Message:")
	return deliveryReport(r)
}
