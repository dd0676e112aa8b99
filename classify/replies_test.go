package classify_test

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// The agreement with the providers' own reading of their replies this
// code has reached, in percent of all wrapped replies and of each MTA's
// wrapping. Raise them when the classifier improves, never lower them to
// make a change pass.
const (
	floorRepliesAll      = 97.5
	floorRepliesPostfix  = 97.5
	floorRepliesText     = 97.5
	floorRepliesExim     = 97.5
	floorRepliesEximText = 97.5
	floorRepliesSendmail = 97.5
)

// providerReply is one row of testdata/provider-replies.tsv: a reply a
// provider's MX host sends, and the reason the provider's own
// documentation gives for it.
type providerReply struct {
	line      int
	provider  string // short name, as the provider tables name it
	mx        string // the MX host that sends the reply
	recipient string
	command   string // CONNECT, HELO, MAIL, RCPT or DATA (end of data)
	lines     []string
	reason    classify.Reason
	source    string
}

func loadProviderReplies(t *testing.T) []providerReply {
	t.Helper()
	f, err := os.Open("testdata/provider-replies.tsv")
	require.NoError(t, err)
	defer f.Close()
	var out []providerReply
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		c := strings.Split(l, "\t")
		require.Len(t, c, 7, "line %d", n)
		reason, ok := classify.ParseReason(c[5])
		require.True(t, ok, "line %d: reason %q", n, c[5])
		require.NotEmpty(t, c[6], "line %d: every row names its source", n)
		require.Contains(t, []string{"CONNECT", "HELO", "MAIL", "RCPT", "DATA"}, c[3], "line %d", n)
		out = append(out, providerReply{
			line: n, provider: c[0], mx: c[1], recipient: c[2], command: c[3],
			lines: strings.Split(c[4], `\n`), reason: reason, source: c[6],
		})
	}
	require.NoError(t, sc.Err())
	return out
}

// replyWrapper writes a reply into the bounce an MTA sends for it.
type replyWrapper struct {
	name string
	wrap func(r providerReply) []byte
}

var replyWrappers = []replyWrapper{
	{"postfix-dsn", postfixDSNBounce},
	{"postfix-text", postfixTextBounce},
	{"exim", eximBounce},
	{"exim-text", eximTextBounce},
	{"sendmail", sendmailBounce},
}

const (
	replySender = "sender@example.net"
	replyMTA    = "mx.example.net"
	replyIP     = "192.0.2.25"
)

// replyStatus is the enhanced status code at the start of a reply line
// after its reply code, "" if none: "550-5.1.1 text" gives "5.1.1".
func replyStatus(line string) string {
	if len(line) < 5 {
		return ""
	}
	s := strings.TrimLeft(line[4:], " ")
	end := strings.IndexAny(s, " \t")
	if end < 0 {
		end = len(s)
	}
	st, err := dsn.ParseStatus(s[:end])
	if err != nil || st.Class == 0 || s[0] != line[0] {
		return ""
	}
	return s[:end]
}

func (r providerReply) temporary() bool { return r.lines[0][0] == '4' }

// postfixStatus is the Status Postfix writes: the enhanced code of the
// reply's last line, else the reply code's class with 0.0 (smtp_chat.c).
func (r providerReply) postfixStatus() string {
	if s := replyStatus(r.lines[len(r.lines)-1]); s != "" {
		return s
	}
	return r.lines[0][:1] + ".0.0"
}

// postfixReason is the text Postfix's SMTP client gives for the failure:
// the reply lines joined with spaces (smtp_proto.c translit "\n" " ").
func (r providerReply) postfixReason() string {
	reply := strings.Join(r.lines, " ")
	host := r.mx + "[192.0.2.1]"
	switch r.command {
	case "CONNECT":
		return "host " + host + " refused to talk to me: " + reply
	case "HELO":
		return "host " + host + " said: " + reply + " (in reply to EHLO command)"
	case "MAIL":
		return "host " + host + " said: " + reply + " (in reply to MAIL FROM command)"
	case "DATA":
		return "host " + host + " said: " + reply + " (in reply to end of DATA command)"
	}
	return "host " + host + " said: " + reply + " (in reply to RCPT TO command)"
}

// postfixWrap folds s as Postfix's line_wrap does: lines of at most 79
// characters broken at blanks, continuation lines indented by 4.
func postfixWrap(s string) string {
	const length, indent = 79, 4
	var b strings.Builder
	line, cur := "", length
	for _, w := range strings.Split(s, " ") {
		switch {
		case line == "":
			line = w // blanks at the start of a line are dropped
		case len(line)+1+len(w) > cur:
			b.WriteString(strings.TrimRight(line, " "))
			b.WriteString("\n" + strings.Repeat(" ", indent))
			cur = length - indent
			line = w
		default:
			line += " " + w
		}
	}
	b.WriteString(strings.TrimRight(line, " "))
	return b.String()
}

const postfixIntroText = `This is the mail system at host ` + replyMTA + `.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

For further assistance, please send mail to postmaster.

If you do so, please include this problem report. You can
delete your own text from the attached returned message.

                   The mail system

`

const returnedMessage = `Received: by ` + replyMTA + ` (Postfix, from userid 1000)
	id 4Tq7x80VZ3z9rxB; Mon,  4 Mar 2024 10:00:00 +0000 (UTC)
From: Sender <` + replySender + `>
Subject: Quarterly report
Message-Id: <20240304100000.4Tq7x80VZ3z9rxB@` + replyMTA + `>
Date: Mon, 4 Mar 2024 10:00:00 +0000

Hello.
`

// endReport ends a multipart report with the returned message, in a part
// with the given header, and returns the report.
func endReport(b *strings.Builder, boundary, header string) []byte {
	fmt.Fprintf(b, "--%s\n%s\n\n", boundary, header)
	b.WriteString(returnedMessage)
	fmt.Fprintf(b, "\n--%s--\n", boundary)
	return []byte(b.String())
}

// postfixDSNBounce writes the multipart/report Postfix 3 sends.
func postfixDSNBounce(r providerReply) []byte {
	var b strings.Builder
	const boundary = "4Tq7x80VZ3z9rxB.1709546405/" + replyMTA
	fmt.Fprintf(&b, "From: MAILER-DAEMON@%s (Mail Delivery System)\n", replyMTA)
	fmt.Fprintf(&b, "To: %s\nSubject: Undelivered Mail Returned to Sender\n", replySender)
	b.WriteString("Date: Mon,  4 Mar 2024 10:00:05 +0000 (UTC)\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\n")
	fmt.Fprintf(&b, "Content-Type: multipart/report; report-type=delivery-status;\n\tboundary=\"%s\"\n", boundary)
	b.WriteString("Content-Transfer-Encoding: 7bit\n\nThis is a MIME-encapsulated message.\n\n")
	fmt.Fprintf(&b, "--%s\nContent-Description: Notification\nContent-Type: text/plain; charset=us-ascii\n\n", boundary)
	b.WriteString(postfixIntroText)
	b.WriteString(postfixWrap("<"+r.recipient+">: "+r.postfixReason()) + "\n\n")
	fmt.Fprintf(&b, "--%s\nContent-Description: Delivery report\nContent-Type: message/delivery-status\n\n", boundary)
	fmt.Fprintf(&b, "Reporting-MTA: dns; %s\nX-Postfix-Queue-ID: 4Tq7x80VZ3z9rxB\nX-Postfix-Sender: rfc822; %s\n", replyMTA, replySender)
	b.WriteString("Arrival-Date: Mon,  4 Mar 2024 10:00:00 +0000 (UTC)\n\n")
	fmt.Fprintf(&b, "Final-Recipient: rfc822; %s\nOriginal-Recipient: rfc822;%s\nAction: failed\nStatus: %s\n",
		r.recipient, r.recipient, r.postfixStatus())
	b.WriteString(postfixWrap("Remote-MTA: dns; "+r.mx) + "\n")
	b.WriteString(postfixWrap("Diagnostic-Code: smtp; "+strings.Join(r.lines, " ")) + "\n\n")
	return endReport(&b, boundary, "Content-Description: Undelivered Message\nContent-Type: message/rfc822\nContent-Transfer-Encoding: 7bit")
}

// postfixTextBounce writes the bounce as a single text part, as Postfix
// writes it without a delivery-status part (before 2.3, or a report that
// lost its parts on the way): the human-readable reason alone.
func postfixTextBounce(r providerReply) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: MAILER-DAEMON@%s (Mail Delivery System)\n", replyMTA)
	fmt.Fprintf(&b, "To: %s\nSubject: Undelivered Mail Returned to Sender\n", replySender)
	b.WriteString("Date: Mon,  4 Mar 2024 10:00:05 +0000 (UTC)\nMIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\n")
	b.WriteString(postfixIntroText)
	b.WriteString(postfixWrap("<"+r.recipient+">: "+r.postfixReason()) + "\n\n")
	b.WriteString("--- Undelivered message follows ---\n\n")
	b.WriteString(returnedMessage)
	return []byte(b.String())
}

// eximMessage is the failure text Exim's smtp transport records
// (transports/smtp.c: "SMTP error from remote mail server after <command>:
// <reply>", the reply's lines joined by a literal "\n"); retry.c appends
// ": retry timeout exceeded" when a temporary failure outlived its retries.
func (r providerReply) eximMessage() string {
	var after string
	switch r.command {
	case "CONNECT":
		after = "initial connection"
	case "HELO":
		after = "EHLO " + replyMTA
	case "MAIL":
		after = "MAIL FROM:<" + replySender + "> SIZE=1864"
	case "DATA":
		after = "end of data"
	default:
		after = "RCPT TO:<" + r.recipient + ">"
	}
	m := "SMTP error from remote mail server after " + after + ": " + strings.Join(r.lines, `\n`)
	if r.temporary() {
		m += ": retry timeout exceeded"
	}
	return m
}

// eximError prints a failure text as deliver.c's print_address_error
// does: "\n" starts a new line indented by 4, and a colon followed by a
// blank past column 45 breaks the line.
func eximError(s string) string {
	var b strings.Builder
	b.WriteString("\n    ")
	count := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && s[i+1] == 'n' {
			b.WriteString("\n    ")
			i++
			count = 0
			continue
		}
		b.WriteByte(s[i])
		count++
		if s[i] == ':' && i+1 < len(s) && s[i+1] == ' ' && count > 45 {
			b.WriteString("\n   ")
			count = 0
		}
	}
	return b.String()
}

// eximText is the human-readable part of Exim's bounce (deliver.c).
func eximText(r providerReply) string {
	var b strings.Builder
	b.WriteString("This message was created automatically by mail delivery software.\n\n")
	b.WriteString("A message that you sent could not be delivered to one or more of its\n")
	b.WriteString("recipients. This is a permanent error. The following address(es) failed:\n\n")
	fmt.Fprintf(&b, "  %s\n    host %s [192.0.2.1]", r.recipient, r.mx)
	b.WriteString(eximError(r.eximMessage()) + "\n\n")
	return b.String()
}

// eximBounce writes the multipart/report Exim 4.96 sends (deliver.c): the
// text part, then a delivery-status part whose Status is always 5.0.0 and
// whose Diagnostic-Code continues each reply line on a line of its own.
func eximBounce(r providerReply) []byte {
	var b strings.Builder
	const boundary = "1709546405-eximdsn-1804289383"
	fmt.Fprintf(&b, "From: Mail Delivery System <Mailer-Daemon@%s>\nTo: %s\n", replyMTA, replySender)
	fmt.Fprintf(&b, "Content-Type: multipart/report; report-type=delivery-status; boundary=%s\n", boundary)
	b.WriteString("MIME-Version: 1.0\nSubject: Mail delivery failed: returning message to sender\n")
	fmt.Fprintf(&b, "Message-Id: <E1rh5Xx-000123-AB@%s>\nDate: Mon, 04 Mar 2024 10:00:05 +0000\n", replyMTA)
	fmt.Fprintf(&b, "X-Failed-Recipients: %s\nAuto-Submitted: auto-replied\n\n", r.recipient)
	fmt.Fprintf(&b, "--%s\nContent-type: text/plain; charset=us-ascii\n\n", boundary)
	b.WriteString(eximText(r))
	fmt.Fprintf(&b, "--%s\nContent-type: message/delivery-status\n\nReporting-MTA: dns; %s\n\n", boundary, replyMTA)
	fmt.Fprintf(&b, "Action: failed\nFinal-Recipient: rfc822;%s\nStatus: 5.0.0\nRemote-MTA: dns; %s\n", r.recipient, r.mx)
	msg := r.eximMessage()
	diag := msg[strings.Index(msg, ": ")+2:]
	b.WriteString("Diagnostic-Code: smtp; " + strings.ReplaceAll(diag, `\n`, "\n ") + "\n\n")
	return endReport(&b, boundary, "Content-type: message/rfc822")
}

// eximTextBounce writes the bounce Exim sent before it added a
// delivery-status part (4.8x and older): the text and the returned
// message, in one text part.
func eximTextBounce(r providerReply) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: Mail Delivery System <Mailer-Daemon@%s>\nTo: %s\n", replyMTA, replySender)
	b.WriteString("Subject: Mail delivery failed: returning message to sender\n")
	fmt.Fprintf(&b, "Message-Id: <E1rh5Xx-000123-AB@%s>\nDate: Mon, 04 Mar 2024 10:00:05 +0000\n", replyMTA)
	fmt.Fprintf(&b, "X-Failed-Recipients: %s\nAuto-Submitted: auto-replied\n\n", r.recipient)
	b.WriteString(eximText(r))
	b.WriteString("------ This is a copy of the message, including all the headers. ------\n\n")
	b.WriteString(returnedMessage)
	return []byte(b.String())
}

// sendmailBounce writes the multipart/report Sendmail 8 sends. Sendmail
// keeps only the first line of a multi-line reply for the reason and the
// Diagnostic-Code; its transcript shows every line. A refused recipient
// gets Sendmail's own "... User unknown" line and, for 550, 551 and 553,
// the status 5.1.1, 5.1.6 or 5.1.3 unless the reply gave one
// (usersmtp.c); a temporary failure that outlived the queue time is
// reported with 4.4.7.
func sendmailBounce(r providerReply) []byte {
	var b strings.Builder
	const boundary = "424A0005B9.1709546405/" + replyMTA
	first := r.lines[0]
	code := first[:3]
	status := replyStatus(first)
	subject := "Returned mail: see transcript for details"
	var said []string
	switch r.command {
	case "CONNECT":
	case "HELO":
		said = append(said, ">>> EHLO "+replyMTA)
	case "MAIL":
		said = append(said, ">>> MAIL From:<"+replySender+"> SIZE=1864")
	case "DATA":
		said = append(said, ">>> DATA")
	default:
		said = append(said, ">>> RCPT To:<"+r.recipient+">")
	}
	for _, l := range r.lines {
		said = append(said, "<<< "+l)
	}
	switch {
	case r.temporary():
		said = append(said, "<"+r.recipient+">... Deferred: "+first, "Message could not be delivered for 5 days", "Message will be deleted from queue")
		subject = "Returned mail: Cannot send message for 5 days"
		status = "4.4.7"
	case r.command == "RCPT" && (code == "550" || code == "551" || code == "553"):
		if status == "" {
			status = map[string]string{"550": "5.1.1", "551": "5.1.6", "553": "5.1.3"}[code]
		}
		said = append(said, code+" "+status+" <"+r.recipient+">... User unknown")
	default:
		if status == "" {
			status = "5.0.0"
		}
		said = append(said, "554 5.0.0 Service unavailable")
	}
	fmt.Fprintf(&b, "From: Mail Delivery Subsystem <MAILER-DAEMON@%s>\nTo: <%s>\n", replyMTA, replySender)
	fmt.Fprintf(&b, "Message-Id: <202403041000.424A0005B9@%s>\nDate: Mon, 4 Mar 2024 10:00:05 +0000\nMIME-Version: 1.0\n", replyMTA)
	fmt.Fprintf(&b, "Content-Type: multipart/report; report-type=delivery-status;\n\tboundary=\"%s\"\n", boundary)
	fmt.Fprintf(&b, "Subject: %s\nAuto-Submitted: auto-generated (failure)\n\nThis is a MIME-encapsulated message\n\n", subject)
	fmt.Fprintf(&b, "--%s\n\nThe original message was received at Mon, 4 Mar 2024 10:00:00 +0000\nfrom localhost [127.0.0.1]\n\n", boundary)
	b.WriteString("   ----- The following addresses had permanent fatal errors -----\n")
	fmt.Fprintf(&b, "<%s>\n    (reason: %s)\n\n", r.recipient, first)
	fmt.Fprintf(&b, "   ----- Transcript of session follows -----\n... while talking to %s.:\n", r.mx)
	b.WriteString(strings.Join(said, "\n") + "\n\n")
	fmt.Fprintf(&b, "--%s\nContent-Type: message/delivery-status\n\n", boundary)
	fmt.Fprintf(&b, "Reporting-MTA: dns; %s\nReceived-From-MTA: DNS; localhost\nArrival-Date: Mon, 4 Mar 2024 10:00:00 +0000\n\n", replyMTA)
	fmt.Fprintf(&b, "Final-Recipient: RFC822; %s\nAction: failed\nStatus: %s\nRemote-MTA: DNS; %s\n", r.recipient, status, r.mx)
	fmt.Fprintf(&b, "Diagnostic-Code: SMTP; %s\nLast-Attempt-Date: Mon, 4 Mar 2024 10:00:05 +0000\n\n", first)
	return endReport(&b, boundary, "Content-Type: message/rfc822")
}

// replyVerdict parses a wrapped reply and classifies the recipient's fact.
func replyVerdict(t *testing.T, msg []byte, rcpt string) (classify.Verdict, bool) {
	t.Helper()
	rep, err := dsn.ParseBytes(msg, lhost.Registry())
	require.NoError(t, err)
	verdicts := classify.Classify(rep)
	for i := range rep.Recipients {
		if strings.EqualFold(rep.Recipients[i].Recipient, rcpt) {
			return verdicts[i], true
		}
	}
	return classify.Verdict{}, false
}

type tally struct{ right, all int }

func (s tally) pct() float64 {
	if s.all == 0 {
		return 0
	}
	return 100 * float64(s.right) / float64(s.all)
}

// TestProviderReplies wraps every documented provider reply as Postfix
// (with and without a delivery-status part), Exim (likewise) and Sendmail
// write it,
// classifies each bounce, and compares the reason with the one the
// provider's own documentation gives. Every disagreement is logged.
func TestProviderReplies(t *testing.T) {
	replies := loadProviderReplies(t)
	require.GreaterOrEqual(t, len(replies), 150)
	perWrap := map[string]*tally{}
	perProvider := map[string]*tally{}
	var all tally
	for _, r := range replies {
		for _, w := range replyWrappers {
			v, found := replyVerdict(t, w.wrap(r), r.recipient)
			ok := found && v.Reason == r.reason
			for _, s := range []*tally{&all, get(perWrap, w.name), get(perProvider, r.provider)} {
				s.all++
				if ok {
					s.right++
				}
			}
			if !ok {
				t.Logf("line %d %s %s: want %s, got %s (%s); %q", r.line, r.provider, w.name, r.reason, v.Reason, v.Rule, r.lines[0])
			}
		}
	}
	names := make([]string, 0, len(perProvider))
	for p := range perProvider {
		names = append(names, p)
	}
	sort.Strings(names)
	for _, p := range names {
		s := perProvider[p]
		t.Logf("%-12s %3d/%3d %5.1f%%", p, s.right, s.all, s.pct())
	}
	for _, w := range replyWrappers {
		s := perWrap[w.name]
		t.Logf("%-12s %3d/%3d %5.1f%%", w.name, s.right, s.all, s.pct())
	}
	t.Logf("%-12s %3d/%3d %5.1f%% (%d replies, %d providers)", "all", all.right, all.all, all.pct(), len(replies), len(perProvider))

	assert.GreaterOrEqual(t, all.pct(), floorRepliesAll, "all wrappings")
	assert.GreaterOrEqual(t, perWrap["postfix-dsn"].pct(), floorRepliesPostfix, "Postfix DSN")
	assert.GreaterOrEqual(t, perWrap["postfix-text"].pct(), floorRepliesText, "Postfix text")
	assert.GreaterOrEqual(t, perWrap["exim"].pct(), floorRepliesExim, "Exim")
	assert.GreaterOrEqual(t, perWrap["exim-text"].pct(), floorRepliesEximText, "Exim text")
	assert.GreaterOrEqual(t, perWrap["sendmail"].pct(), floorRepliesSendmail, "Sendmail")
}

func get(m map[string]*tally, k string) *tally {
	if m[k] == nil {
		m[k] = &tally{}
	}
	return m[k]
}

// TestProviderReplyWrappers checks that the wrappers write what the MTAs
// write: Postfix's folding, Exim's line breaks, Sendmail's first line.
func TestProviderReplyWrappers(t *testing.T) {
	r := providerReply{
		provider: "google", mx: "gmail-smtp-in.l.google.com", recipient: "user@gmail.com", command: "RCPT",
		lines: []string{
			"550-5.1.1 The email account that you tried to reach does not exist. Please try",
			"550 5.1.1  https://support.google.com/mail/?p=NoSuchUser x1si123.456 - gsmtp",
		},
		reason: classify.UserUnknown,
	}
	pf := string(postfixDSNBounce(r))
	assert.Contains(t, pf, "Status: 5.1.1\n")
	assert.Contains(t, pf, "Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does\n    not exist.")
	assert.Contains(t, pf, "\n<user@gmail.com>: host gmail-smtp-in.l.google.com[192.0.2.1] said: 550-5.1.1\n    The email")
	for _, l := range strings.Split(pf, "\n") {
		assert.LessOrEqual(t, len(l), 79, l)
	}
	ex := string(eximBounce(r))
	assert.Contains(t, ex, "    SMTP error from remote mail server after RCPT TO:<user@gmail.com>:\n    550-5.1.1 The email")
	assert.Contains(t, ex, "Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does not exist. Please try\n 550 5.1.1  https://")
	sm := string(sendmailBounce(r))
	assert.Contains(t, sm, "Diagnostic-Code: SMTP; 550-5.1.1 The email account that you tried to reach does not exist. Please try\nLast-Attempt-Date")
	assert.Contains(t, sm, "<<< 550 5.1.1  https://")
	assert.Contains(t, sm, "550 5.1.1 <user@gmail.com>... User unknown")

	for _, w := range replyWrappers {
		v, found := replyVerdict(t, w.wrap(r), r.recipient)
		require.True(t, found, w.name)
		assert.Equal(t, classify.UserUnknown, v.Reason, w.name)
		assert.Equal(t, "google", v.Provider, w.name)
	}
}
