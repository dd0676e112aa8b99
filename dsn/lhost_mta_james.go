package dsn

import "strings"

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
// "Failed recipient(s):" and "Error message:" sections.
type apacheJamesDecoder struct{}

func (apacheJamesDecoder) Name() string { return "ApacheJames" }

func (apacheJamesDecoder) Match(m *Message) bool {
	return strings.Contains(m.Header.Get("Message-Id"), ".JavaMail.") ||
		headerContains(m, "Received", "JAMES SMTP Server") ||
		strings.HasPrefix(strings.ToLower(m.Header.Address("From")), "post_master@")
}

func (apacheJamesDecoder) Decode(m *Message) *Report { return decodeJames(m) }

// decodeJames reads James's notification layouts.
func decodeJames(m *Message) *Report {
	text := reportText(m)
	lines := textLines(text)
	r := &Report{}
	if i := lineIndex(lines, 0, "Hi. This is the James mail server at"); i >= 0 {
		r.ReportingMTA = hostAfter(lines[i], " server at ")
	}
	errStart := lineIndex(lines, 0, "Error message below:", "Error message:")
	if errStart < 0 {
		return nil
	}
	var reason []string
	for _, l := range lines[errStart+1:] {
		t := strings.TrimSpace(l)
		if t == "" && len(reason) > 0 || hasPrefixFold(t, "Message details:") {
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
			if a := Address(t); a != "" {
				addrs = append(addrs, a)
			}
		}
	}
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if hasPrefixFold(t, "RCPT TO:") {
			for _, f := range strings.Split(t[len("RCPT TO:"):], ",") {
				if a := Address(f); a != "" {
					addrs = append(addrs, a)
				}
			}
		}
	}
	for _, a := range addrs {
		r.addRecipient(Recipient{Recipient: a, DiagnosticCode: diag})
	}
	r.Original = originalFromMessage(m, text)
	return deliveryReport(r)
}

// verizonDecoder reads the reports of Verizon Wireless's gateways: the
// MMS relay's "Message could not be delivered to mobile." notice (From
// "MMSC NDR Administrator"), which names the recipient only in the copy of
// the original under "Original Message:", and the SMS gateway's, which
// uses Apache James's layout.
type verizonDecoder struct{}

func (verizonDecoder) Name() string { return "Verizon" }

func (verizonDecoder) Match(m *Message) bool {
	d := fromDomain(m)
	return d == "vtext.com" || d == "vzwpix.com" || strings.HasSuffix(d, ".vzwpix.com") || strings.HasSuffix(d, ".vtext.com")
}

func (verizonDecoder) Decode(m *Message) *Report {
	text := reportText(m)
	lines := textLines(text)
	start := lineIndex(lines, 0, "Message could not be delivered to mobile")
	if start < 0 {
		return decodeJames(m)
	}
	r := &Report{}
	diag := ""
	if i := lineIndex(lines, start, "Error:"); i >= 0 {
		diag = foldSpace(strings.TrimSpace(lines[i])[len("Error:"):])
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
		if hasPrefixFold(t, "To:") {
			for _, f := range strings.Split(t[3:], ",") {
				if a := Address(f); a != "" {
					r.addRecipient(Recipient{Recipient: a, DiagnosticCode: diag})
				}
			}
		}
	}
	r.Original, _ = OriginalAfter(text, "Original Message:")
	return deliveryReport(r)
}
