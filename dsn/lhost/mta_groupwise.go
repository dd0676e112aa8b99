package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// groupWiseDecoder reads the failure reports of Novell GroupWise's
// Internet Agent (GWIA; X-Mailer "Novell GroupWise Internet Agent 7.0.1",
// Subject "Message status - undeliverable"):
//
//	The message that you sent was undeliverable to the following:
//
//		user@example.org (user not found)
//		jdoe (User not on post office)
//
//	Possibly truncated original message follows:
//
// (Mail::DeliveryStatus::BounceParser 1.543 t/corpus/novell-with-rhs.msg;
// its p_novell_groupwise reads the same lines). GroupWise often names only
// the local part of a recipient of its own post office; the address is
// completed from the returned message's To when it has the same local
// part, else with the domain of the bounce's From, as BounceParser does.
type groupWiseDecoder struct{}

func (groupWiseDecoder) Name() dsn.DecoderName { return GroupWise }

// Match wants GroupWise's X-Mailer on a report (groupWiseMarks: its
// users' every message has it), or its Subject from a mail system.
func (groupWiseDecoder) Match(m *dsn.Message) bool {
	return headerContains(m, "X-Mailer", "GroupWise") && m.HasAnyMark(groupWiseMarks) ||
		subjectHasPrefix(m, "Message status - undeliverable") && fromDaemon(m)
}

const groupWiseIntro = "The message that you sent was undeliverable to the following"

// groupWiseEnds end the list of recipients.
var groupWiseEnds = []string{"Possibly truncated original message follows", "Information about your message", "Original message follows"}

// groupWiseItem matches a recipient line: the address or local part, then
// the reason in parentheses.
var groupWiseItem = lazyRegexp(`^(\S+)\s+\((.+)\)$`)

func (groupWiseDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := lineIndex(lines, 0, groupWiseIntro)
	if start < 0 {
		return nil
	}
	r := &dsn.Report{}
	orig, _ := m.Original()
	for _, l := range lines[start+1:] {
		if lineIndex([]string{l}, 0, groupWiseEnds...) == 0 {
			break
		}
		t := mailtext.TrimSpace(l)
		if t == "" {
			continue
		}
		sm := groupWiseItem().FindStringSubmatch(t)
		if sm == nil {
			// A line that is not a recipient ends the list.
			if len(r.Recipients) > 0 {
				break
			}
			continue
		}
		addr := strings.Trim(sm[1], "<>\"'")
		if !strings.Contains(addr, "@") {
			addr = completeLocalPart(r, addr, orig.To, fromDomain(m))
		}
		if addr == "" {
			continue
		}
		addRecipient(r, dsn.Recipient{Recipient: addr, DiagnosticCode: mailtext.FoldSpace(sm[2])})
	}
	return deliveryReport(r)
}

// completeLocalPart turns a bare local part, as some reports name a
// recipient of their own system, into an address: the candidate with the
// same local part when there is one, else local@domain, with a note on r
// that the domain is the reporting system's. It returns "" when neither
// is there.
func completeLocalPart(r *dsn.Report, local, candidate, domain string) string {
	if a := qualifyAddress(local, []string{candidate}); a != "" {
		return a
	}
	if domain == "" || local == "" {
		return ""
	}
	r.AddNote("recipient named by its local part only: domain taken from the bounce's From")
	return local + "@" + domain
}
