// The file is named after dma, not "dragonfly": a _dragonfly.go suffix
// would make it a GOOS=dragonfly-only file.

package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// dragonFlyDecoder reads the failure reports of the DragonFly Mail Agent
// (dma), the small MTA of DragonFly BSD and other systems. dma writes one
// report per failed recipient:
//
//	This is the DragonFly Mail Agent v0.13 at mx.example.org.
//
//	There was an error delivering your mail to <user@example.org>.
//
//	mx.example.net [192.0.2.1] did not like our RCPT TO:
//	550 5.1.1 <user@example.org>: Recipient address rejected: User unknown
//
//	Original message follows.
//
// The error is either the remote host's reply after "did not like our
// COMMAND:" or dma's own text ("DNS lookup failure: ...", "Could not
// deliver for the last N seconds. Giving up."). The separator is
// "Original message follows." or "Message headers follow.". The bounce
// comes From "MAILER-DAEMON <>" with the Subject "Mail delivery failed"
// and a Received field naming dma.
type dragonFlyDecoder struct{}

func (dragonFlyDecoder) Name() dsn.DecoderName { return DragonFly }

func (dragonFlyDecoder) Match(m *dsn.Message) bool {
	return headerContains(m, "Received", "DragonFly Mail Agent") ||
		subjectHasPrefix(m, "Mail delivery failed") && fromDaemon(m)
}

var dragonFlyCopyMarkers = []string{"Original message follows.", "Message headers follow."}

// dragonFlyRecipient matches dma's sentence naming the recipient.
var dragonFlyRecipient = lazyRegexp(`(?i)^There was an error delivering your mail to <([^>]*)>`)

func (dragonFlyDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := lineIndex(lines, 0, "This is the DragonFly Mail Agent")
	if start < 0 {
		return nil
	}
	end := lineIndex(lines, start, dragonFlyCopyMarkers...)
	if end < 0 {
		end = len(lines)
	}
	r := &dsn.Report{ReportingMTA: hostAfter(lines[start], " at ")}
	var cur *dsn.Recipient
	var body []string
	flush := func() {
		if cur == nil {
			return
		}
		dragonFlyExplain(cur, body)
		addRecipient(r, *cur)
		cur, body = nil, nil
	}
	for i := start + 1; i < end; i++ {
		l := strings.TrimSpace(lines[i])
		if sm := dragonFlyRecipient().FindStringSubmatch(l); sm != nil {
			flush()
			cur = &dsn.Recipient{Recipient: dsn.Address("<" + dragonFlyQualify(sm[1], r.ReportingMTA) + ">")}
			continue
		}
		if cur != nil && l != "" {
			body = append(body, l)
		}
	}
	flush()
	if len(r.Recipients) == 0 {
		return nil
	}
	r.Original = originalFromMessage(m, text, dragonFlyCopyMarkers...)
	return deliveryReport(r)
}

// dragonFlyExplain reads dma's explanation: "host [address] did not like
// our COMMAND:" and the reply on the lines below, or dma's own error.
func dragonFlyExplain(rc *dsn.Recipient, body []string) {
	for i, l := range body {
		k := mailtext.IndexFold(l, " did not like our ")
		if k < 0 {
			continue
		}
		rc.RemoteMTA = findRemoteHost(l[:k])
		rc.Command = findMTACommand(l[k:])
		rc.DiagnosticCode = unfoldReply(body[i+1:])
		return
	}
	rc.DiagnosticCode = joinLines(body)
}
