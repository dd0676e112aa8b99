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
	r.Original = originalFromMessage(m, text, "------- Returned Message")
	if len(addrs) == 0 && len(reasons) > 0 {
		addrs = notesFallbackRecipient(r.Original)
	}
	for _, a := range addrs {
		addRecipient(r, dsn.Recipient{Recipient: a, DiagnosticCode: joinLines(reasons)})
	}
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
	r := &dsn.Report{}
	// A report names each recipient it failed in a block of its own, "was
	// not delivered to:" then "because:" (Sisimai's Domino decoder reads
	// them all: sisimai/p5-sisimai:lib/Sisimai/Lhost/Domino.pm, "There
	// are multiple recipient addresses in the message body").
	for start := lineIndex(lines, 0, "was not delivered to:"); start >= 0; {
		because := lineIndex(lines, start+1, "because:")
		if because < 0 {
			break
		}
		var addrs, reasons []string
		for _, l := range lines[start+1 : because] {
			if a := dsn.Address(l); a != "" {
				addrs = append(addrs, a)
			}
		}
		next := -1
		for i := because + 1; i < len(lines); i++ {
			if lineIndex(lines[i:i+1], 0, "was not delivered to:") == 0 {
				next = i
				break
			}
			t := strings.TrimSpace(lines[i])
			if t == "" {
				if len(reasons) > 0 {
					break
				}
				continue
			}
			reasons = append(reasons, t)
		}
		for _, a := range addrs {
			addRecipient(r, dsn.Recipient{Recipient: a, DiagnosticCode: dominoReason(m, joinLines(reasons))})
		}
		if next < 0 {
			next = lineIndex(lines, because+1, "was not delivered to:")
		}
		start = next
	}
	if len(r.Recipients) == 0 {
		return nil
	}
	r.Original = originalFromMessage(m, text)
	return deliveryReport(r)
}
