package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// Mimecast names the decoder of the failure alerts Mimecast's gateway
// sends when it cannot deliver a message it accepted.
const Mimecast dsn.DecoderName = "Mimecast"

// mimecastDecoder reads the failure alert of Mimecast's email gateway (its
// Subject "[Postmaster] Email Delivery Failure", its Message-ID at a host
// under mimecast.lan), as Sisimai's Mimecast module describes it
// (sisimai/go-sisimai:lhost/via-mimecast.go): each item of the alert
// stands on a line of its own after "-- ", first the failed address, then
// under "The problem appears to be :" Mimecast's summary and under
// "Additional information follows :" the next hop's reply (the sentence
// before the items differs between versions of the alert: see
// mimecastStart):
//
//	An email that you attempted to send to the following address could not be delivered:
//	-- user@example.org
//
//	The problem appears to be :
//	-- Recipient email address is possibly incorrect
//
//	Additional information follows :
//	-- 5.1.1 User unknown
//
// The alert is one a failed recipient ("you will receive one of these
// messages for each one which failed delivery"); several address items
// before the problem are read as several recipients sharing it. The alert
// returns no copy of the message.
type mimecastDecoder struct{}

func (mimecastDecoder) Name() dsn.DecoderName { return Mimecast }

// mimecastMarks are the header evidence of Mimecast's alert: its Subject
// and the host of its Message-ID.
var mimecastMarks = []dsn.Mark{
	holding("Subject", "Email Delivery Failure"),
	holding("Message-Id", ".mimecast.lan>"),
}

func (mimecastDecoder) Marks() []dsn.Mark { return mimecastMarks }

func (mimecastDecoder) Match(m *dsn.Message) bool {
	return subjectContains(m, "Email Delivery Failure") ||
		strings.HasSuffix(strings.TrimSpace(m.Header.Get("Message-Id")), ".mimecast.lan>")
}

// The headings of the alert's sections.
const (
	mimecastAddresses = "following address could not be delivered"
	mimecastProblem   = "The problem appears to be"
	mimecastMore      = "Additional information follows"
)

// mimecastStart returns the index of the line where the alert's address
// items begin, -1 if lines are not an alert. The sentence before
// the items is worded differently from one version of the alert to
// another; Sisimai's module reads from the first "-- " item whatever
// precedes it. Without the sentence this decoder knows, the items are
// read only when the problem's heading follows them.
func mimecastStart(lines []string) int {
	if i := lineContaining(lines, 0, mimecastAddresses); i >= 0 {
		return i + 1
	}
	problem := lineContaining(lines, 0, mimecastProblem)
	for i := 0; i < problem; i++ {
		if strings.HasPrefix(mailtext.TrimSpace(lines[i]), "-- ") {
			return i
		}
	}
	return -1
}

func (mimecastDecoder) Decode(m *dsn.Message) *dsn.Report {
	lines := textLines(reportText(m))
	start := mimecastStart(lines)
	if start < 0 {
		return nil
	}
	var addrs, problem, more []string
	section := &addrs
	inItem := false // the line before continued an item
	for _, l := range lines[start:] {
		t := mailtext.TrimSpace(l)
		switch {
		case mailtext.HasPrefixFold(t, mimecastProblem):
			section, inItem = &problem, false
		case mailtext.HasPrefixFold(t, mimecastMore):
			section, inItem = &more, false
		case strings.HasPrefix(t, "-- "):
			*section = append(*section, mailtext.TrimSpace(t[3:]))
			inItem = true
		case t != "" && inItem && section != &addrs:
			// A wrapped item goes on without the "-- " up to a blank line.
			(*section)[len(*section)-1] += " " + t
		default:
			inItem = false
		}
	}
	diag := mailtext.FoldSpace(strings.Join(append(problem, more...), " "))
	r := &dsn.Report{}
	for _, a := range addrs {
		if addr := dsn.Address(a); addr != "" {
			addRecipient(r, dsn.Recipient{Recipient: addr, Action: dsn.ActionFailed, DiagnosticCode: diag})
		}
	}
	if len(r.Recipients) == 0 {
		return nil
	}
	return deliveryReport(r)
}
