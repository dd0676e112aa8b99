package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// xmailDecoder reads the notices of XMail, Davide Libenzi's mail server
// (davidel/xmail). One notice covers one recipient; XMail writes it in
// QueueUtils.cpp (QueUtBuildErrorResponse) as a plain message without
// MIME, with numbered sections:
//
//	From: example.org PostMaster <postmaster@example.org>
//	Subject: Error sending message [SPOOLFILE] from [example.org]
//	X-MailerServer: XMail 1.27
//	X-SMTP-Mailer-Error: Message = [SPOOLFILE] Server = [example.org]
//
//	[<00>] XMail bounce: Rcpt=[user@example.net];Error=[REASON]
//
//	[<01>] Error sending message [SPOOLFILE] from [example.org].
//
//	ID:        <SMTP message id>
//	Mail From: <sender@example.org>
//	Rcpt To:   <user@example.net>
//	Server:    <mx.example.net> [192.0.2.25]
//
//	[<02>] The reason of the delivery failure was:
//
//	REASON
//
//	[<03>] Note:
//
//	TEXT
//
//	[<04>] Here is listed the message log file:
//	...
//	[<05>] Here is listed the initial part of the message:
//	...
//
// REASON is the remote server's reply, or XMail's own words ("The maximum
// number of delivery attempts has been reached" when QueUtResendMessage
// gives up); the Server line is there when a server answered. The same
// notice, with the Note "** This is a temporary error and you do not have
// to resend the message" (SMAILSvr.cpp), tells the sender that delivery is
// still being retried: a delay notice.
type xmailDecoder struct{}

func (xmailDecoder) Name() dsn.DecoderName { return XMail }

func (xmailDecoder) Match(m *dsn.Message) bool {
	return headerContains(m, "X-MailerServer", "XMail") || hasHeader(m, "X-SMTP-Mailer-Error") ||
		subjectHasPrefix(m, "Error sending message [")
}

func (xmailDecoder) Marks() []dsn.Mark {
	return []dsn.Mark{
		holding("X-MailerServer", "XMail"),
		present("X-SMTP-Mailer-Error"),
		holding("Subject", "Error sending message ["),
	}
}

// The section heads of an XMail notice.
const (
	xmailBounceLine = "[<00>] XMail bounce:"
	xmailReasonHead = "[<02>] The reason of the delivery failure was:"
	xmailNoteHead   = "[<03>] Note:"
	xmailCopyMarker = "[<05>] Here is listed the initial part of the message:"
)

// xmailTemporary is the opening of the Note of XMail's notice of a
// temporary error (SMAILSvr.cpp).
const xmailTemporary = "This is a temporary error and you do not have to resend the message"

// xmailBounce matches the machine-readable line of the notice: the
// recipient and the start of the reason, which may go on over the lines
// below when the remote reply had several.
var xmailBounce = lazyRegexp(`(?i)^\[<00>\] XMail bounce: Rcpt=\[([^\]]*)\];Error=\[(.*)$`)

func (xmailDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	at := lineIndex(lines, 0, xmailBounceLine)
	if at < 0 {
		return nil
	}
	sm := xmailBounce().FindStringSubmatch(strings.TrimSpace(lines[at]))
	if sm == nil {
		return nil
	}
	rcpt := dsn.Address("<" + strings.Trim(strings.TrimSpace(sm[1]), "<>") + ">")
	if rcpt == "" {
		return nil
	}
	end := lineIndex(lines, at, xmailCopyMarker)
	if end < 0 {
		end = len(lines)
	}
	rc := dsn.Recipient{Recipient: rcpt}
	rc.DiagnosticCode = unfoldReply(xmailSection(lines, end, xmailReasonHead))
	if rc.DiagnosticCode == "" {
		rc.DiagnosticCode = xmailErrorField(lines, at, end, sm[2])
	}
	if i := lineIndex(lines[:end], at, "Server:"); i >= 0 {
		rc.RemoteMTA = xmailServer(lines[i])
	}
	if mailtext.ContainsFold(joinLines(xmailSection(lines, end, xmailNoteHead)), xmailTemporary) {
		rc.Action = dsn.ActionDelayed
	}
	r := &dsn.Report{}
	if i := lineIndex(lines[:end], at, "[<01>] Error sending message"); i >= 0 {
		r.ReportingMTA = xmailLastBracket(lines[i])
	}
	addRecipient(r, rc)
	r.Original = originalFromMessage(m, text, xmailCopyMarker)
	return deliveryReport(r)
}

// xmailSection returns the lines of the section under head, up to the
// next section head ("[<NN>] ...") or line end, without blank lines at
// either end.
func xmailSection(lines []string, end int, head string) []string {
	i := lineIndex(lines[:end], 0, head)
	if i < 0 {
		return nil
	}
	var out []string
	for _, l := range lines[i+1 : end] {
		if strings.HasPrefix(strings.TrimSpace(l), "[<") && strings.Contains(l, ">] ") {
			break
		}
		out = append(out, l)
	}
	for len(out) > 0 && strings.TrimSpace(out[0]) == "" {
		out = out[1:]
	}
	for len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "" {
		out = out[:len(out)-1]
	}
	return out
}

// xmailErrorField returns the reason of the "[<00>]" line, Error=[...],
// from first (its part on that line) over the lines below up to the
// closing bracket or the next section head.
func xmailErrorField(lines []string, at, end int, first string) string {
	parts := []string{first}
	for i := at + 1; i < end && !strings.HasSuffix(strings.TrimSpace(parts[len(parts)-1]), "]"); i++ {
		l := strings.TrimSpace(lines[i])
		if strings.HasPrefix(l, "[<") {
			break
		}
		parts = append(parts, l)
	}
	s := strings.TrimSpace(joinLines(parts))
	return strings.TrimSpace(strings.TrimSuffix(s, "]"))
}

// xmailServer returns the host of the "Server:    <host> [address]" line:
// the name, or the address when XMail could not name it.
func xmailServer(l string) string {
	rest := strings.TrimSpace(l[strings.IndexByte(l, ':')+1:])
	if strings.HasPrefix(rest, "<") {
		if j := strings.IndexByte(rest, '>'); j > 1 {
			return strings.ToLower(strings.TrimSuffix(rest[1:j], "."))
		}
	}
	return findRemoteHost(rest)
}

// xmailLastBracket returns what the last "[...]" of a line holds: the
// domain in "Error sending message [FILE] from [example.org].".
func xmailLastBracket(l string) string {
	j := strings.LastIndexByte(l, ']')
	if j < 0 {
		return ""
	}
	i := strings.LastIndexByte(l[:j], '[')
	if i < 0 {
		return ""
	}
	return strings.ToLower(l[i+1 : j])
}
