package lhost

import (
	"slices"
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// Sendmail's verdict on a conversation that names no address. When a
// server refuses DATA (or a RCPT, on the only address of that host),
// Sendmail's transcript ends the conversation with its own code and the
// exit status's text, with no "<address>..." before it:
//
//	... while talking to mta.example.org.:
//	>>> DATA
//	<<< 550 Unknown user recipient@example.jp
//	554 5.0.0 Service unavailable
//
// (the transcript quoted in sisimai/p5-sisimai:lib/Sisimai/Lhost/Sendmail.pm
// and, after "<<< 554 5.7.1 <kijitora@example.org>: Relay access denied",
// in lib/Sisimai/Reason/NoRelaying.pm). The server's reply belongs to the
// addresses of that conversation, which the report's list names with
// their "(reason: ...)" lines; it must not be carried to the next
// verdict, which Sendmail gives on another address (often a local one,
// after the conversation is over).
var sendmailUnnamedVerdictLine = lazyRegexp(`^[245][0-9][0-9] [245]\.[0-9]{1,3}\.[0-9]{1,3} [A-Za-z]`)

// closeSendmailConversation reports whether t is Sendmail's verdict with
// no address on the conversation ctx, after the server replied; it then
// marks the conversation's reply as given.
func closeSendmailConversation(ctx *sendmailContext, t string) bool {
	if ctx == nil || ctx.used || len(ctx.reply) == 0 || strings.Contains(t, "...") {
		return false
	}
	if !sendmailUnnamedVerdictLine().MatchString(t) {
		return false
	}
	ctx.used, ctx.closed = true, true
	return true
}

// closedConversationFor returns the conversation, ended by Sendmail's
// verdict with no address, whose server reply the "(reason: ...)" line
// of a listed address quotes: Sendmail 8 writes there the reply's last
// line only (savemail.c, q_rstatus), so a multi-line reply ("552-5.2.3
// ... / 552 5.2.3 ... - gsmtp") is whole only in the transcript, with
// the host and the command it answered.
func closedConversationFor(closed []*sendmailContext, reason string) *sendmailContext {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil
	}
	for _, c := range closed {
		if last := strings.TrimSpace(c.reply[len(c.reply)-1]); strings.EqualFold(last, reason) {
			return c
		}
	}
	return nil
}

// sendmailRcptCommand returns the command of a ">>> RCPT To:<addr>"
// transcript line ("RCPT To:<addr>", a slice of t), or "" for another
// command.
func sendmailRcptCommand(t string) string {
	t = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t), ">>>"))
	if !mailtext.HasPrefixFold(t, "RCPT TO:") {
		return ""
	}
	return t
}

// sendmailCommandRecipient returns the address a ">>> RCPT To:<addr>"
// transcript line names, or "".
func sendmailCommandRecipient(t string) string {
	if t = sendmailRcptCommand(t); t == "" {
		return ""
	}
	return dsn.Address(t[len("RCPT TO:"):])
}

// closedConversationNaming returns the conversation, ended by Sendmail's
// verdict with no address, that was about addr: its RCPT command named
// it, or the server's reply did. Sendmail 8.9 lists the failed addresses
// with no "(reason: ...)" line, so the transcript alone says which reply
// was whose.
func closedConversationNaming(closed []*sendmailContext, addr string) *sendmailContext {
	for _, c := range closed {
		if c.rcpt != "" && strings.EqualFold(sendmailCommandRecipient(c.rcpt), addr) {
			return c
		}
	}
	for _, c := range closed {
		if c.rcpt == "" && mailtext.ContainsFold(strings.Join(c.reply, " "), addr) {
			return c
		}
	}
	return nil
}

// completeFromSendmailText mends the recipients of a delivery status
// notification Sendmail sent whose groups have no Diagnostic-Code field:
// Sendmail writes one only where it kept the server's reply for that
// address (savemail.c, q_rstatus), so after a refused DATA, or for a
// local verdict, the words stand only in the transcript. The generic
// reading of the text (dsn's SupplementFromText) takes what follows the
// address wherever it first stands, which in a transcript may be inside
// another reply, and the paragraph's first command, which may be another
// address's; the Sendmail reading (decodeSendmailStyle) knows whose each
// conversation and verdict is. A recipient with a Diagnostic-Code field
// of its own keeps it.
func completeFromSendmailText(r *dsn.Report, m *dsn.Message) {
	// Only a recipient with no field of its own and whose generic reading
	// found no reply to start its text with needs the transcript read.
	needs := func(rc dsn.Recipient) bool {
		return rc.Fields.Get("Diagnostic-Code") == "" && !replyPrefix().MatchString(rc.DiagnosticCode)
	}
	// Every report with a delivery-status part comes here: the header
	// test, cheaper than a pattern per recipient, first.
	if r == nil || !sendmailHeader(m) || !slices.ContainsFunc(r.Recipients, needs) {
		return
	}
	// Only a transcript with a server's replies in it ("<<< ") can have
	// put another address's words next to this one.
	if !strings.Contains(reportText(m), "\n<<< ") {
		return
	}
	text, _ := decodeSendmailText(m, false)
	if text == nil {
		return
	}
	for i := range r.Recipients {
		rc := &r.Recipients[i]
		if !needs(*rc) {
			continue
		}
		for _, t := range text.Recipients {
			if !strings.EqualFold(t.Recipient, rc.Recipient) || t.DiagnosticCode == "" {
				continue
			}
			rc.DiagnosticCode, rc.Command = t.DiagnosticCode, t.Command
			if rc.RemoteMTA == "" {
				rc.RemoteMTA = t.RemoteMTA
			}
			if t.NoRemoteAnswer {
				rc.ReplyCode = 0
			}
			break
		}
	}
}
