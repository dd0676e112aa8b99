package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// notesDecoder reads the reports of the Lotus Notes SMTP MTA:
//
//	------- Failure Reasons  --------
//
//	User not listed in public Name & Address Book
//	user@example.org
//
//	------- Returned Message --------
//
// The reason lines (often in the server's language) and the failed
// addresses stand between the two rulers.
type notesDecoder struct{}

func (notesDecoder) Name() dsn.DecoderName { return Notes }

func (notesDecoder) Match(m *dsn.Message) bool {
	return subjectHasPrefix(m, "Undeliverable message") && fromDaemon(m)
}

func (notesDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := lineIndex(lines, 0, "------- Failure Reasons")
	if start < 0 {
		return nil
	}
	end := lineIndex(lines, start, "------- Returned Message")
	if end < 0 {
		end = len(lines)
	}
	var reasons, addrs []string
	for _, l := range lines[start+1 : end] {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if a := dsn.Address(t); a != "" && !strings.Contains(t, " ") {
			addrs = append(addrs, a)
			continue
		}
		reasons = append(reasons, t)
	}
	r := &dsn.Report{}
	for _, a := range addrs {
		addRecipient(r, dsn.Recipient{Recipient: a, DiagnosticCode: joinLines(reasons)})
	}
	r.Original = originalFromMessage(m, text, "------- Returned Message")
	return deliveryReport(r)
}

// dominoDecoder reads the reports of Lotus (HCL) Domino:
//
//	Your message
//
//	  Subject: Hello
//
//	was not delivered to:
//
//	  user@example.org
//
//	because:
//
//	  User user (user@example.org) not listed in Domino Directory
//
// with the Subject "DELIVERY FAILURE: <reason>" (or DELIVERY_FAILURE).
type dominoDecoder struct{}

func (dominoDecoder) Name() dsn.DecoderName { return Domino }

func (dominoDecoder) Match(m *dsn.Message) bool {
	return subjectHasPrefix(m, "DELIVERY FAILURE:", "DELIVERY_FAILURE:", "DELIVERY FAILURE ")
}

func (dominoDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := lineIndex(lines, 0, "was not delivered to:")
	if start < 0 {
		return nil
	}
	because := lineIndex(lines, start, "because:")
	if because < 0 {
		return nil
	}
	var addrs, reasons []string
	for _, l := range lines[start+1 : because] {
		if a := dsn.Address(l); a != "" {
			addrs = append(addrs, a)
		}
	}
	for _, l := range lines[because+1:] {
		t := strings.TrimSpace(l)
		if t == "" {
			if len(reasons) > 0 {
				break
			}
			continue
		}
		reasons = append(reasons, t)
	}
	r := &dsn.Report{}
	for _, a := range addrs {
		addRecipient(r, dsn.Recipient{Recipient: a, DiagnosticCode: joinLines(reasons)})
	}
	r.Original = originalFromMessage(m, text)
	return deliveryReport(r)
}
