package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// yahooDecoder reads Yahoo! Mail's (and AOL's, on the same platform)
// "Failure Notice" bounces, a descendant of qmail's:
//
//	Sorry, we were unable to deliver your message to the following address.
//
//	<user@example.org>:
//	Remote host said: 550 5.1.1 <user@example.org>... User Unknown [RCPT_TO]
//
//	--- Below this line is a copy of the message.
//
// Newer ones write the reply as "550: 5.1.1 ..." without "Remote host
// said:". The bracketed token names the SMTP command the remote host
// answered.
type yahooDecoder struct{}

func (yahooDecoder) Name() dsn.DecoderName { return Yahoo }

// yahooHeaders are header fields Yahoo's mail platform adds.
var yahooHeaders = []string{"X-YMailISG", "X-Yahoo-Newman-Property", "X-Yahoo-Newman-Id", "X-YMail-OSG"}

// yahooDomains are mail domains of Yahoo's platform that are not
// yahoo.<tld>.
var yahooDomains = []string{"ymail.com", "rocketmail.com", "aol.com", "yahoodns.net"}

func (yahooDecoder) Match(m *dsn.Message) bool {
	if subjectHasPrefix(m, "Failure Notice") {
		return hasHeader(m, yahooHeaders...) || isYahooDomain(fromDomain(m))
	}
	// The layout that keeps the returned message's Subject: from Yahoo's
	// mailer daemon. Testing the raw From for the name first keeps the
	// address parser off ordinary mail.
	return fromContains(m, "yahoo") && fromDaemon(m) && isYahooDomain(fromDomain(m))
}

// isYahooDomain reports whether d is a Yahoo domain: one with a "yahoo"
// label (yahoo.com, yahoo.co.jp, mail.yahoo.fr) or one of yahooDomains.
func isYahooDomain(d string) bool {
	for _, label := range strings.Split(d, ".") {
		if label == "yahoo" {
			return true
		}
	}
	return domainIn(d, yahooDomains...)
}

const (
	yahooIntro      = "Sorry, we were unable to deliver your message to the following address"
	yahooCopyMarker = "--- Below this line is a copy of the message."
)

var (
	// yahooCommand is the trailing token naming the SMTP command.
	yahooCommand = lazyRegexp(`\s*\[(RCPT_TO|MAIL_FROM|DATA|BODY|EHLO|HELO|CONNECT)\]\s*$`)
	// yahooReplyCode is the reply code as newer bounces write it: "550: ...".
	yahooReplyCode = lazyRegexp(`^([245][0-5][0-9]):`)
)

// yahooCommands maps the bracketed tokens onto SMTP commands.
var yahooCommands = map[string]string{
	"RCPT_TO": dsn.CommandRCPT, "MAIL_FROM": dsn.CommandMAIL, "DATA": dsn.CommandDATA, "BODY": dsn.CommandDATA,
	"EHLO": dsn.CommandEHLO, "HELO": dsn.CommandHELO, "CONNECT": dsn.CommandCONN,
}

func (yahooDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	report, _ := textSection(text, nil, []string{yahooCopyMarker})
	body, ok := textSection(report, []string{yahooIntro}, nil)
	if !ok {
		return decodeYahooMessageList(text)
	}
	r := &dsn.Report{Kind: dsn.DeliveryReport}
	var cur *dsn.Recipient
	var details []string
	detailed := 0 // bytes in details
	flush := func() {
		if cur == nil {
			return
		}
		yahooFill(cur, strings.Join(details, " "))
		r.AddRecipient(*cur)
		cur, details, detailed = nil, nil, 0
	}
	lines := textLines(body)
	if len(lines) > 0 {
		lines = lines[1:] // the rest of the intro line
	}
	for _, l := range lines {
		t := mailtext.TrimSpace(l)
		if t == "" {
			continue
		}
		if a := addrLine(t); a != "" && strings.HasPrefix(t, "<") {
			flush()
			cur = &dsn.Recipient{Recipient: a, Action: dsn.ActionFailed}
			continue
		}
		if cur != nil && detailed < dsn.MaxDiagnosticBytes {
			details = append(details, t)
			detailed += len(t) + 1
		}
	}
	flush()
	if len(r.Recipients) == 0 {
		return nil
	}
	r.Original, _ = originalAfter(text, yahooCopyMarker)
	return r
}

// yahooFill sets rc's diagnostic facts from the text Yahoo gives for it.
func yahooFill(rc *dsn.Recipient, text string) {
	text = mailtext.FoldSpace(text)
	if mailtext.HasPrefixFold(text, "Remote host said:") {
		text = mailtext.TrimSpace(text[len("Remote host said:"):])
	}
	if sm := yahooCommand().FindStringSubmatch(text); sm != nil {
		rc.Command = yahooCommands[sm[1]]
		text = text[:len(text)-len(sm[0])]
	}
	if sm := yahooReplyCode().FindStringSubmatch(text); sm != nil {
		rc.ReplyCode = int(sm[1][0]-'0')*100 + int(sm[1][1]-'0')*10 + int(sm[1][2]-'0')
	}
	rc.DiagnosticCode = text
}

// Another Yahoo layout names no address of its own: under qmail's words it
// quotes the Subject and To of each message it returns, its Subject that
// of the returned message (flufl.bounce 4.0 tests/data/yahoo_12.txt, and
// its simplematch pattern for it):
//
//	I'm afraid I wasn't able to deliver the following message.
//	This is a permanent error; I've given up. Sorry it didn't work out.
//
//	Subject: Re: the returned message's Subject
//	To: user@yahoo.com
//
//	---Below this line is a copy of the message.
const (
	yahooListIntro      = "I'm afraid I wasn't able to deliver the following message"
	yahooListCopyMarker = "---Below this line is a copy of the message"
)

// decodeYahooMessageList reads that layout: each To line before the copy
// is a recipient, the intro's sentences its diagnostic text.
func decodeYahooMessageList(text string) *dsn.Report {
	lines := textLines(text)
	start := lineIndex(lines, 0, yahooListIntro)
	if start < 0 {
		return nil
	}
	end := lineIndex(lines, start, yahooListCopyMarker, yahooCopyMarker)
	if end < 0 {
		return nil
	}
	var intro []string
	for _, l := range lines[start:end] {
		if mailtext.TrimSpace(l) == "" {
			break
		}
		intro = append(intro, l)
	}
	diag := joinLines(intro)
	r := &dsn.Report{}
	for _, l := range lines[start:end] {
		t := mailtext.TrimSpace(l)
		if mailtext.HasPrefixFold(t, "To:") {
			for _, a := range strings.Split(t[len("To:"):], ",") {
				addRecipient(r, dsn.Recipient{Recipient: dsn.Address(a), DiagnosticCode: diag})
			}
		}
	}
	if len(r.Recipients) == 0 {
		return nil
	}
	r.Original, _ = originalAfter(text, yahooListCopyMarker, yahooCopyMarker)
	return deliveryReport(r)
}
