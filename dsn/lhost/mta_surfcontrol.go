package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// SurfControl names the decoder of WebSense SurfControl E-mail Filter's
// notices (surfControlDecoder).
const SurfControl dsn.DecoderName = "SurfControl"

// surfControlDecoder reads the notices of WebSense SurfControl E-mail
// Filter (X-Mailer: SurfControl E-mail Filter, with X-SEF-Processed), a
// transcript of its attempts per recipient:
//
//	Your message could not be sent.
//	A transcript of the attempts to send the message follows.
//	The number of attempts made: 1
//	Addressed To: user@example.com
//
//	Thu 29 Apr 2010 23:34:45 +0900
//	Failed to send to identified host,
//	user@example.com: [192.0.2.5], 550 user@example.com... No such user
//	--- Message non-deliverable.
//
// (sisimai/p5-sisimai lib/Sisimai/Lhost/SurfControl.pm quotes it.) The
// "address: [ip], reply" line gives the remote host and its reply.
type surfControlDecoder struct{}

func (surfControlDecoder) Name() dsn.DecoderName { return SurfControl }

func (surfControlDecoder) Marks() []dsn.Mark {
	return []dsn.Mark{holding("X-Mailer", "SurfControl E-mail Filter")}
}

func (surfControlDecoder) Match(m *dsn.Message) bool {
	return headerContains(m, "X-Mailer", "SurfControl E-mail Filter")
}

func (surfControlDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := lineIndex(lines, 0, "Your message could not be sent.")
	if start < 0 {
		return nil
	}
	r := &dsn.Report{}
	var cur *dsn.Recipient
	var found []dsn.Recipient
	for _, l := range lines[start+1:] {
		t := strings.TrimSpace(l)
		if mailtext.HasPrefixFold(t, "Addressed To:") {
			if a := dsn.Address(t[len("Addressed To:"):]); a != "" {
				found = append(found, dsn.Recipient{Recipient: a})
				cur = &found[len(found)-1]
			}
			continue
		}
		if cur == nil {
			continue
		}
		// "user@example.com: [192.0.2.5], 550 user@example.com... No such user"
		i := strings.Index(t, ": [")
		j := strings.Index(t, "],")
		if i > 0 && j > i && strings.IndexByte(t[:i], '@') > 0 {
			cur.RemoteMTA = t[i+3 : j]
			cur.DiagnosticCode = mailtext.FoldSpace(strings.TrimSpace(t[j+2:]))
		}
	}
	for _, rc := range found {
		addRecipient(r, rc)
	}
	r.Original = originalFromMessage(m, text)
	return deliveryReport(r)
}
