package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// postfixDecoder reads the reports of Postfix that carry no
// delivery-status part: the bounces of old releases, and the "Postfix SMTP
// server: errors from ..." notices Postfix sends the postmaster
// (notify_classes) with the transcript of a failed SMTP session.
//
// An old bounce (before Postfix 2.3) reads
//
//	This is the Postfix program at host mx.example.org.
//
//	I'm sorry to have to inform you that the message returned
//	below could not be delivered to one or more destinations.
//	...
//				The Postfix program
//
//	<user@example.net>: host mx.example.net[192.0.2.1] said: 550 5.1.1
//	    User unknown (in reply to RCPT TO command)
//
// ("This is the mail system at host ..." and "The mail system" in later
// releases), each recipient as "<address>: text" with its continuation
// lines indented, optionally between "--- Delivery error report follows
// ---" and "--- Undelivered message follows ---".
type postfixDecoder struct{}

func (postfixDecoder) Name() dsn.DecoderName { return Postfix }

func (postfixDecoder) Match(m *dsn.Message) bool {
	if !fromDaemon(m) && !headerContains(m, "Received", "(Postfix)") {
		return false
	}
	return subjectHasPrefix(m, "Undelivered Mail Returned to Sender", "Delayed Mail (still being retried)",
		"Postfix SMTP server: errors from", "Mail Delivery Status Report", "Undeliverable mail", "Returned mail")
}

// postfixIntro returns the index of the line that opens a Postfix
// report, or -1: "This is the mail system at host mx.example.org." in the
// current built-in template (src/bounce/bounce_templates.c, Postfix 3.7),
// and in older releases "This is the $mail_name program at host
// mx.example.org." (the template RELEASE_NOTES-2.3 shows, and the fixed
// text before it), where mail_name is "Postfix" unless the administrator
// renamed it (postconf(5) mail_name: "The mail system name that is
// displayed ... in bounced mail"): "This is the Postfix on SuSE Linux 6.4
// (i386) program at host ...", say.
func postfixIntro(lines []string) int {
	for i, l := range lines {
		l = strings.TrimLeft(l, " \t")
		if !mailtext.HasPrefixFold(l, "This is the ") {
			continue
		}
		if mailtext.HasPrefixFold(l, "This is the mail system at host ") || mailtext.ContainsFold(l, " program at host ") {
			return i
		}
	}
	return -1
}

var postfixEnds = []string{"--- Undelivered message follows ---", "--- Enclosed is a copy of the message", "Content-Description: Undelivered Message"}

// postfixRecipient matches the start of a recipient's entry.
var postfixRecipient = lazyRegexp(`^<([^<>\s]+@[^<>\s]+|[^<>\s]+)>(?: \(expanded from <([^<>]*)>\))?: (.*)$`)

// postfixWrappedRecipient matches the first line of a recipient's entry
// that Postfix's line wrapping cut inside "(expanded from <address>)":
// bounce_recipient_log writes the entry with bounce_print_wrap, which
// breaks the whole "<%s> (expanded from <%s>): %s" at white space
// (vdukhovni/postfix:postfix/src/bounce/bounce_notify_util.c), so a
// long address leaves "<address>", "<address> (expanded" or "<address>
// (expanded from" alone on its line and the rest on the next.
var postfixWrappedRecipient = lazyRegexp(`^<[^<>\s]+>(?: \(expanded(?: from)?)?$`)

// postfixEntryStart reports whether lines[i] opens a recipient's entry,
// joining the one or two lines below it when the wrapping cut the
// entry's head (postfixWrappedRecipient); it returns the match and the
// number of lines used.
func postfixEntryStart(lines []string, i int) ([]string, int) {
	if sm := postfixRecipient().FindStringSubmatch(lines[i]); sm != nil {
		return sm, 1
	}
	if !postfixWrappedRecipient().MatchString(strings.TrimRight(lines[i], " \t")) {
		return nil, 0
	}
	head := strings.TrimRight(lines[i], " \t")
	for n := 1; n <= 2 && i+n < len(lines); n++ {
		next := strings.TrimSpace(lines[i+n])
		if next == "" {
			break
		}
		head += " " + next
		if sm := postfixRecipient().FindStringSubmatch(head); sm != nil {
			return sm, n + 1
		}
	}
	return nil, 0
}

// postfixHostSaid matches Postfix's naming of the remote host.
var postfixHostSaid = lazyRegexp(`(?i)^host ([^\s\[]+)\[([^\]]*)\] (?:said|refused to talk to me):\s*`)

func (postfixDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	if subjectHasPrefix(m, "Postfix SMTP server: errors from") {
		return postfixTranscript(m, lines)
	}
	start := postfixIntro(lines)
	if start < 0 {
		return nil
	}
	r := &dsn.Report{ReportingMTA: hostAfter(lines[start], " at host ")}
	action := dsn.ActionFailed
	if lineContaining(lines, start, "THIS IS A WARNING ONLY") >= 0 {
		action = dsn.ActionDelayed
	}
	var cur *dsn.Recipient
	var body []string
	flush := func() {
		if cur == nil {
			return
		}
		diag := joinLines(body)
		if sm := postfixHostSaid().FindStringSubmatch(diag); sm != nil {
			cur.RemoteMTA = sm[1]
			if strings.Contains(strings.ToLower(sm[0]), "refused to talk") {
				cur.Command = dsn.CommandCONN
			}
			diag = diag[len(sm[0]):]
		} else if h := findRemoteHost(diag); h != "" && strings.Contains(strings.ToLower(diag), "connect to ") {
			cur.RemoteMTA = h
		}
		cur.DiagnosticCode = diag
		cur.DiagnosticType = "SMTP"
		if cur.RemoteMTA == "" {
			cur.DiagnosticType = "X-Postfix"
		}
		addRecipient(r, *cur)
		cur, body = nil, nil
	}
	for i := start + 1; i < len(lines); i++ {
		l := lines[i]
		if lineIndex([]string{l}, 0, postfixEnds...) == 0 {
			break
		}
		if sm, used := postfixEntryStart(lines, i); sm != nil {
			flush()
			cur = &dsn.Recipient{Recipient: sm[1], Action: action, OriginalRecipient: sm[2]}
			body = []string{sm[3]}
			i += used - 1
			continue
		}
		if cur != nil && l != "" && indentOf(l) > 0 {
			body = append(body, strings.TrimSpace(l))
			continue
		}
		flush()
	}
	flush()
	r.Original = originalFromMessage(m, text, postfixEnds...)
	return deliveryReport(r)
}

// postfixTranscript reads a "Postfix SMTP server: errors from" notice: the
// recipient is the last RCPT TO the client gave, the error the last
// 4XX/5XX reply the server sent and the command the one it answered.
func postfixTranscript(m *dsn.Message, lines []string) *dsn.Report {
	if lineIndex(lines, 0, "Transcript of session follows") < 0 {
		return nil
	}
	r := &dsn.Report{ReportingMTA: dsn.DomainOf(m.Header.Address("From"))}
	rcpt, command, reply := "", "", ""
	lastIn := ""
	for _, l := range postfixTranscriptLines(lines) {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "In:"):
			lastIn = strings.TrimSpace(t[3:])
			if mailtext.HasPrefixFold(lastIn, "RCPT TO:") {
				rcpt = dsn.Address(lastIn[len("RCPT TO:"):])
			}
		case strings.HasPrefix(t, "Out:"):
			out := strings.TrimSpace(t[4:])
			if out != "" && (out[0] == '4' || out[0] == '5') {
				reply, command = out, dsn.CommandAt(lastIn)
			}
		}
	}
	if rcpt == "" || reply == "" {
		return nil
	}
	addRecipient(r, dsn.Recipient{Recipient: rcpt, Command: command, DiagnosticCode: reply, DiagnosticType: "SMTP"})
	return deliveryReport(r)
}
