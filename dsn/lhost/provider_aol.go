package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// aolDecoder reads the notices AOL's own mail system (AIRmail, "Mailer:
// AIRmail [v110.15]") sent when an AOL member's mail controls refused a
// message, From "Mail Delivery Subsystem <MAILER-DAEMON@aol.com>",
// Subject "Mail Delivery Problem":
//
//	Sorry sender@example.com. Your mail to the following recipients could
//	not be delivered because they are not accepting mail from
//	sender@example.com:
//		screenname
//
// or "... because they are not accepting mail with attachments or
// embedded images:". Each recipient is an AOL screen name, one per line,
// indented; its address is the screen name at aol.com (published samples:
// Mail::DeliveryStatus::BounceParser 1.543 t/corpus/aol-senderblock.msg,
// aol.attachment.msg and its p_aol_senderblock; flufl.bounce 4.0
// tests/data/aol_01.txt and its AOL detector). Later AOL bounces came
// from Yahoo's platform (see yahooDecoder).
type aolDecoder struct{}

func (aolDecoder) Name() dsn.DecoderName { return Aol }

// aolDomains are the domains of AOL's own mail system.
var aolDomains = []string{"aol.com"}

func (aolDecoder) Match(m *dsn.Message) bool {
	return subjectHasPrefix(m, "Mail Delivery Problem") && fromDaemon(m) && domainIn(fromDomain(m), aolDomains...)
}

const aolIntro = "mail to the following recipients could not be delivered"

func (aolDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := lineContaining(lines, 0, aolIntro)
	if start < 0 {
		return nil
	}
	// The sentence runs to the colon that ends it.
	end := start
	for end < len(lines)-1 && !strings.HasSuffix(strings.TrimSpace(lines[end]), ":") && end-start < 4 {
		end++
	}
	reason := joinLines(lines[start : end+1])
	if i := mailtext.IndexFold(reason, "Your mail to the following"); i > 0 {
		reason = reason[i:] // without "Sorry sender@example.com."
	}
	reason = strings.TrimSuffix(reason, ":")
	domain := fromDomain(m)
	r := &dsn.Report{}
	for _, l := range lines[end+1:] {
		t := mailtext.TrimSpace(l)
		if t == "" {
			if len(r.Recipients) > 0 {
				break
			}
			continue
		}
		if strings.ContainsAny(t, " \t") || indentOf(l) == 0 {
			break
		}
		addr := t
		if !strings.Contains(addr, "@") {
			addr += "@" + domain
		}
		addRecipient(r, dsn.Recipient{Recipient: addr, DiagnosticCode: reason})
	}
	return deliveryReport(r)
}
