package lhost

import (
	"regexp"
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// exchange2003Decoder reads the plain-text non-delivery reports of
// Microsoft Exchange up to Exchange 2003 (its Internet Mail Service and
// Internet Mail Connector):
//
//	Your message
//
//	  To:      user@example.org
//	  Subject: Hello
//	  Sent:    Thu, 29 Apr 2010 00:00:00 -0000
//
//	did not reach the following recipient(s):
//
//	user@example.org on Thu, 29 Apr 2010 00:00:00 -0000
//	    The recipient name is not recognized
//	    MSEXCH:IMS:ORG:SITE:SERVER 0 (000C05A6) Unknown Recipient
//
// or "The following recipient(s) could not be reached:" with the same
// "address on date" lines. The explanation gives Exchange's error text and
// its MSEXCH diagnostic with the hexadecimal error code.
type exchange2003Decoder struct{}

func (exchange2003Decoder) Name() dsn.DecoderName { return Exchange2003 }

func (exchange2003Decoder) Match(m *dsn.Message) bool {
	if headerContains(m, "X-Mailer", "Internet Mail Service (", "Exchange Server Internet Mail Connector") || m.Header.Has("X-MS-Embedded-Report") {
		return true
	}
	return fromDaemon(m) && strings.Contains(strings.ToLower(m.Header.Get("From")), "system administrator")
}

// exchangeAddressLine matches "user@example.org on <date>".
var exchangeAddressLine = regexp.MustCompile(`^\s*(\S+@\S+) on \S`)

func (exchange2003Decoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := lineContaining(lines, 0, "did not reach the following recipient", "following recipient(s) could not be reached")
	if start < 0 {
		return nil
	}
	r := &dsn.Report{}
	var cur *dsn.Recipient
	var details []string
	inMTSID := false
	flush := func() {
		if cur != nil {
			cur.DiagnosticCode = joinLines(details)
			addRecipient(r, *cur)
		}
		cur, details = nil, nil
	}
	for _, l := range lines[start+1:] {
		if sm := exchangeAddressLine.FindStringSubmatch(l); sm != nil {
			flush()
			cur = &dsn.Recipient{Recipient: dsn.Address(sm[1])}
			continue
		}
		if cur == nil {
			continue
		}
		t := strings.TrimSpace(l)
		switch {
		case t == "":
			if len(details) > 0 {
				flush()
			}
		case mailtext.HasPrefixFold(t, "The MTS-ID of the original message is"):
			// An X.400 identifier, wrapped onto unindented lines.
			inMTSID = true
		case inMTSID && indentOf(l) == 0:
		default:
			inMTSID = false
			details = append(details, t)
		}
	}
	flush()
	r.Original = originalFromMessage(m, text)
	return deliveryReport(r)
}
