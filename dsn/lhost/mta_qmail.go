package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// qmailDecoder reads the failure reports of qmail's qmail-send (and of
// netqmail and the qmail patches that keep its wording):
//
//	Hi. This is the qmail-send program at mx.example.org.
//	I'm afraid I wasn't able to deliver your message to the following addresses.
//	This is a permanent error; I've given up. Sorry it didn't work out.
//
//	<user@example.org>:
//	192.0.2.1 does not like recipient.
//	Remote host said: 550 5.1.1 <user@example.org>... User unknown
//	Giving up on 192.0.2.1.
//
//	--- Below this line is a copy of the message.
//
// Each address stands alone on a line in angle brackets with a colon, its
// explanation below it up to a blank line. The explanation is qmail-remote's
// (or qmail-local's) text: "Remote host said:" quotes the remote reply,
// and codes of its own come as "(#5.1.1)". Its Subject is "failure notice".
type qmailDecoder struct{}

func (qmailDecoder) Name() dsn.DecoderName { return Qmail }

func (qmailDecoder) Match(m *dsn.Message) bool {
	return subjectHasPrefix(m, "failure notice") && (fromDaemon(m) || m.Header.Get("From") == "") ||
		headerContains(m, "Received", "invoked for bounce")
}

// qmailIntros open qmail-send's report.
var qmailIntros = []string{
	"Hi. This is the qmail-send program at",
	"Hi. This is the qmail program at",
	"This is the qmail-send program at",
	"Hi. This is the Netqmail program at",
}

// qmailCopyMarkers are qmail-send's separators before the returned message
// ("Below this line is a copy of the message." or, with bounce truncation
// patches, "Below this line is the original message" and "Enclosed are
// the original headers").
var qmailCopyMarkers = []string{
	"--- Below this line is a copy of the message",
	"--- Below this line is the original",
	"--- Enclosed are the original headers of the message",
	"--- Original message follows",
	"--- Below the next line is a copy of the message",
}

func (qmailDecoder) Decode(m *dsn.Message) *dsn.Report {
	if r := decodeQmailStyle(m, qmailIntros, " program at "); r != nil {
		return r
	}
	return decodeHarakaNotice(m)
}

// Haraka's plain failure notice (haraka/Haraka:config/outbound.bounce_message,
// filled in by outbound/hmail.js) copies qmail-send's Subject ("failure
// notice"), its "Received: (... invoked for bounce)" and its intro, but
// lists the recipients on one line and the reason on the next instead of
// in qmail's address paragraphs:
//
//	Hi. This is the Haraka Mailer program at mx.example.org.
//	I'm afraid I wasn't able to deliver your message to the following addresses.
//	This is a permanent error; I've given up. Sorry it didn't work out.
//
//	Intended Recipients: <user@example.net>, <other@example.net>
//	Failure Reason: 550 5.1.1 <user@example.net>: User unknown
//
// Newer Haraka releases send the same text as the first part of a
// multipart/report, which the RFC 3464 decoder reads.
const (
	harakaIntro      = "Hi. This is the Haraka Mailer program at"
	harakaRecipients = "Intended Recipients"
	harakaReason     = "Failure Reason"
)

// decodeHarakaNotice reads Haraka's plain notice: every intended recipient
// failed, for the one reason given.
func decodeHarakaNotice(m *dsn.Message) *dsn.Report {
	lines := textLines(reportText(m))
	start := lineIndex(lines, 0, harakaIntro)
	if start < 0 {
		return nil
	}
	var addrs []string
	var reason []string
	for i := start + 1; i < len(lines) && i < start+maxIntroLines; i++ {
		t := mailtext.TrimSpace(lines[i])
		if v, ok := exchangeLabelled(t, harakaRecipients); ok {
			addrs = splitAddressList(v)
			continue
		}
		if v, ok := exchangeLabelled(t, harakaReason); ok {
			// The reason is the error's text, wrapped or not.
			reason = append(reason, v)
			for i+1 < len(lines) && mailtext.TrimSpace(lines[i+1]) != "" && len(reason) < maxItemLines {
				i++
				reason = append(reason, mailtext.TrimSpace(lines[i]))
			}
			break
		}
	}
	r := &dsn.Report{ReportingMTA: hostAfter(lines[start], " program at ")}
	for _, a := range addrs {
		addRecipient(r, dsn.Recipient{Recipient: a, DiagnosticCode: joinLines(reason)})
	}
	return deliveryReport(r)
}

// decodeQmailStyle reads a report laid out as qmail-send lays out its own:
// an intro, then each address in angle brackets followed by a colon on a
// line of its own, its explanation on the lines below up to a blank line
// or the next address, then a "--- ..." separator before the returned
// message. Several MTAs that copied qmail's layout differ only in the
// intro, so they share this reader. hostAfterText names the text that
// precedes the reporting host's name in the intro line, or "".
func decodeQmailStyle(m *dsn.Message, intros []string, hostAfterText string) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	start := lineIndex(lines, 0, intros...)
	if start < 0 {
		return nil
	}
	end := lineIndex(lines, start, qmailCopyMarkers...)
	if end < 0 {
		end = len(lines)
	}
	r := readQmailRecipients(lines, start, end)
	if r == nil {
		return nil
	}
	if hostAfterText != "" {
		r.ReportingMTA = hostAfter(lines[start], hostAfterText)
	}
	r.Original = originalFromMessage(m, text, qmailCopyMarkers...)
	return r
}

// readQmailRecipients reads the recipient paragraphs between the intro
// line start and the line end: each address in angle brackets followed by
// a colon on a line of its own, its explanation on the lines below. It
// returns nil when they name no recipient.
func readQmailRecipients(lines []string, start, end int) *dsn.Report {
	r := &dsn.Report{}
	var cur *dsn.Recipient
	var body []string
	flush := func() {
		if cur != nil {
			qmailExplain(cur, body)
			addRecipient(r, *cur)
		}
		cur, body = nil, nil
	}
	for i := start + 1; i < end; i++ {
		l := strings.TrimSpace(lines[i])
		if isQmailAddressLine(l) {
			flush()
			cur = &dsn.Recipient{Recipient: dsn.Address(l[:len(l)-1])}
			continue
		}
		if cur == nil {
			continue
		}
		if l == "" {
			if len(body) > 0 {
				flush()
			}
			continue
		}
		body = append(body, l)
	}
	flush()
	return deliveryReport(r)
}

// qmailVariantDecoder reads the reports of qmail installations whose
// provider rewrote qmail-send's intro, and of mail systems that copied its
// layout under an intro of their own. What they keep is the structure of
// the qmail-send Bounce Message Format (QSBMF,
// http://qmail.org/qmail-manual-html/misc/RFCQSBMF.html, section 2): an
// intro paragraph, recipient paragraphs each beginning with a line
// "<address>:", and a break paragraph beginning with "-" before the
// returned message. Published examples of rewritten intros (flufl.bounce
// 4.0's tests/data and its qmail detector's introtags):
//
//	We're sorry. There's a problem with the e-mail address(es) you're trying
//	to send to. Please verify the address(es) and try again.   (GoDaddy, secureserver.net)
//	Hi. The MTA program at mta6-1.us4.outblaze.com was unable to deliver ...
//	Unfortunately, your mail was not delivered to the following address:  (untd.com)
//	This is the machine generated message from mail service.  (newmail.ru)
//	Su mensaje no pudo ser entregado - Sua mensagem nao pode ser enviada -
//	Your message could not be delivered.   (break: "--- Mensaje original adjunto.")
//
// vpopmail and qmail-ldap keep qmail-send's layout and change only the
// explanations ("Sorry, no mailbox here by that name. vpopmail (#5.1.1)").
// It runs after every decoder that knows its intro (qmail, X4, X2, Yahoo),
// and is named qmail: the layout is qmail-send's.
type qmailVariantDecoder struct{}

func (qmailVariantDecoder) Name() dsn.DecoderName { return Qmail }

// Match accepts a bounce from MAILER-DAEMON, as qmail-send signs its own
// (the QSBMF example; qmail-send.c), or without a From. The raw From is
// searched before the address parser runs, so that ordinary mail costs a
// substring search.
func (qmailVariantDecoder) Match(m *dsn.Message) bool {
	from := m.Header.Get("From")
	return from == "" || mailtext.ContainsFold(from, "mailer-daemon") && fromDaemon(m)
}

// maxIntroLines bounds the intro paragraph qsbmfBounds accepts: a
// provider's intro is a few sentences, in a few languages at most.
const maxIntroLines = 40

func (qmailVariantDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	first, brk := qsbmfBounds(lines)
	if first < 0 {
		return nil
	}
	r := readQmailRecipients(lines, first-1, brk)
	if r == nil {
		return nil
	}
	for _, l := range lines[:first] {
		if h := hostAfter(l, " program at "); h != "" {
			r.ReportingMTA = h
			break
		}
	}
	if brk < len(lines) {
		r.Original = originalFromMessage(m, text, strings.TrimSpace(lines[brk]))
	} else {
		r.Original = originalFromMessage(m, text)
	}
	return r
}

// qsbmfBounds finds the QSBMF structure in lines: the index of the first
// recipient paragraph's address line and of the break paragraph's first
// line, or -1, -1. The first recipient paragraph must follow an intro
// paragraph of at most maxIntroLines lines, and a break paragraph must
// follow the recipient paragraphs: without them, a line "<address>:" says
// nothing about the message. QSBMF asks only that the break paragraph
// begin with "-"; every variant writes "---" ("--- Below this line is a
// copy of the message."), which a signature separator ("-- ") is not.
// When the recipient paragraphs run past the lines the decoders read
// (maxReportLines), the break is taken to lie beyond them.
func qsbmfBounds(lines []string) (first, brk int) {
	first = -1
	intro := 0
	for i, l := range lines {
		t := strings.TrimSpace(l)
		paragraphStart := i == 0 || strings.TrimSpace(lines[i-1]) == ""
		switch {
		case t == "":
			continue
		case first < 0 && paragraphStart && intro > 0 && isQmailAddressLine(t):
			first = i
		case first < 0:
			if intro++; intro > maxIntroLines {
				return -1, -1
			}
		case paragraphStart && strings.HasPrefix(t, "---"):
			return first, i
		}
	}
	if first >= 0 && len(lines) >= maxReportLines {
		// The list is longer than the text the decoders read: its break
		// paragraph lies beyond.
		return first, len(lines)
	}
	return -1, -1
}

// isQmailAddressLine reports whether t, trimmed, is a recipient paragraph's
// first line: "<user@example.org>:".
func isQmailAddressLine(t string) bool {
	return strings.HasPrefix(t, "<") && strings.HasSuffix(t, ">:") && strings.Contains(t, "@")
}

// qmailSenderPrefix matches the "From: <sender> RCPT: <recipient> " that
// some qmail patches write before qmail-remote's text.
var qmailSenderPrefix = lazyRegexp(`(?i)^From:\s*<[^>]*>\s*RCPT:\s*<[^>]*>\s*`)

// qmailRemoteHost matches the host qmail-remote names in its explanation.
var qmailRemoteHost = lazyRegexp(`(?i)^(?:Connected to\s+)?([0-9a-f.:]+|[a-z0-9][a-z0-9.\-]*\.[a-z]{2,})\s+(?:does not like|failed|but )`)

// qmailExplain reads a qmail-style explanation into rc: the remote host
// and the command from qmail-remote's sentence, and as diagnostic text the
// remote reply (after "Remote host said:" or "remote host X said:") or,
// when there is none, the whole explanation.
func qmailExplain(rc *dsn.Recipient, body []string) {
	var pre, reply []string
	inReply := false
	for _, l := range body {
		l = qmailSenderPrefix().ReplaceAllString(l, "")
		lower := mailtext.LowerASCII(l) // byte for byte: indices in it are indices in l
		switch {
		case strings.HasPrefix(lower, "giving up on "), strings.HasPrefix(lower, "(other mxes tried:"):
			inReply = false
			continue
		case strings.HasPrefix(lower, "remote host said:"):
			inReply = true
			l = strings.TrimSpace(l[len("remote host said:"):])
		case strings.Contains(lower, " said: ") && strings.Contains(lower, "remote host "):
			// "Sorry, no SMTP connection got far enough; most
			// progress was RCPT TO response; remote host 192.0.2.1
			// said: 550 ..."
			i := strings.Index(lower, " said: ")
			pre = append(pre, l[:i])
			inReply = true
			l = strings.TrimSpace(l[i+len(" said: "):])
		}
		if inReply && l != "" {
			reply = append(reply, l)
			continue
		}
		pre = append(pre, l)
	}
	intro := joinLines(pre)
	if m := qmailRemoteHost().FindStringSubmatch(intro); m != nil {
		rc.RemoteMTA = m[1]
	} else if i := mailtext.IndexFold(intro, "remote host "); i >= 0 {
		if f := strings.Fields(intro[i+len("remote host "):]); len(f) > 0 {
			rc.RemoteMTA = strings.TrimSuffix(f[0], ".")
		}
	}
	rc.Command = findMTACommand(intro)
	if len(reply) == 0 {
		rc.DiagnosticCode = intro
		return
	}
	if positiveQuotedReply(reply[0]) {
		// qmail-remote's quit() quotes the last reply it read, whatever it
		// was: when qmail-remote itself gave up after a positive reply (the
		// EAI patch's "Connected to X but server does not support unicode
		// in email addresses" quotes the 250 EHLO reply), the reason is its
		// own sentence, not the quoted "250-...".
		rc.DiagnosticCode = intro
		return
	}
	rc.DiagnosticCode = unfoldReply(reply)
	// qmail's own trailer says the message expired in the queue; keep it.
	if strings.Contains(strings.ToLower(intro), "not going to try again") {
		rc.DiagnosticCode = mailtext.FoldSpace(rc.DiagnosticCode + " I'm not going to try again; this message has been in the queue too long.")
	}
}

// positiveQuotedReply reports whether l, the first line qmail-remote quotes
// after "Remote host said:", is a positive (2xx or 3xx) SMTP reply, which
// refuses nothing (arnt/qmail-smtputf8 qmail-remote.c: quit() then
// outsmtptext() prints the last reply read, e.g. the EHLO reply).
func positiveQuotedReply(l string) bool {
	c := leadingReplyClass(l)
	return c == '2' || c == '3'
}
