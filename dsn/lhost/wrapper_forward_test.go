package lhost

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// The notices below are the MTAs' own layouts (Postfix 3.7
// bounce_template.c and bounce_notify_util.c, Exim 4.96's
// deliver.c, qmail-send.c, Exchange 2007's NDR text) as mail
// clients forward them inline; each client's header lines are its own.
const (
	forwardedPostfix = `This is the mail system at host mx.example.org.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

For further assistance, please send mail to postmaster.

If you do so, please include this problem report. You can
delete your own text from the attached returned message.

                   The mail system

<bob@example.net>: host mx.example.net[192.0.2.7] said: 550 5.1.1
    <bob@example.net>: Recipient address rejected: User unknown in virtual
    mailbox table (in reply to RCPT TO command)
`
	forwardedExim = `This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  carol@example.net
    host mx.example.net [192.0.2.7]
    SMTP error from remote mail server after end of data:
    552 5.2.2 Mailbox full
`
	forwardedQmail = `Hi. This is the qmail-send program at mx.example.org.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<dave@example.net>:
Sorry, I couldn't find any host named example.net. (#5.1.2)
`
	forwardedExchange = `Delivery has failed to these recipients or groups:

erin@example.net
The e-mail address you entered couldn't be found. Please check the recipient's e-mail address and try to resend the message.

Diagnostic information for administrators:

Generating server: EX01.example.org

erin@example.net
mx.example.net #550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##
`
)

// quote quotes every line of text with "> ", as Apple Mail and others
// quote a forwarded message.
func quote(text string) string {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	for i, l := range lines {
		if l == "" {
			lines[i] = ">"
		} else {
			lines[i] = "> " + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// forwardMessage is a person's forward: their header, a line of their
// own, then what the client wrote.
func forwardMessage(subject, body string) string {
	return "From: Jane Roe <jane@example.org>\nTo: help@example.com\nSubject: " + subject +
		"\nDate: Tue, 3 Nov 2026 10:00:00 +0000\nMessage-ID: <fwd@example.org>\nMIME-Version: 1.0\n" +
		"Content-Type: text/plain; charset=utf-8\n\nCould you look at this?\n\n" + body
}

func TestPersonForward(t *testing.T) {
	tests := []struct {
		name, raw string
		by        dsn.DecoderName
		rcpt      string
		diag      string // a part of the recipient's diagnostic
	}{
		{"Gmail's forward of Postfix's notice", forwardMessage("Fwd: Undelivered Mail Returned to Sender",
			"---------- Forwarded message ---------\nFrom: Mail Delivery System <MAILER-DAEMON@mx.example.org>\n"+
				"Date: Tue, 3 Nov 2026 at 09:58\nSubject: Undelivered Mail Returned to Sender\nTo: <jane@example.org>\n\n\n"+forwardedPostfix),
			Postfix, "bob@example.net", "User unknown in virtual"},
		{"Outlook's forward of Exim's notice, quoted below a plain header", forwardMessage("FW: Mail delivery failed: returning message to sender",
			"-----Original Message-----\nFrom: Mail Delivery System <Mailer-Daemon@mx.example.org>\n"+
				"Sent: Tuesday, November 3, 2026 9:58 AM\nTo: jane@example.org\nSubject: Mail delivery failed: returning message to sender\n\n"+quote(forwardedExim)),
			Exim, "carol@example.net", "Mailbox full"},
		{"Apple Mail's quoted forward of qmail's notice", forwardMessage("Fwd: failure notice",
			"Begin forwarded message:\n\n> From: MAILER-DAEMON@mx.example.org\n> Subject: failure notice\n"+
				"> Date: 3 Nov 2026 09:58:01 -0000\n> To: jane@example.org\n>\n"+quote(forwardedQmail)),
			Qmail, "dave@example.net", "couldn't find any host"},
		{"Thunderbird's forward, Subject first", forwardMessage("Fwd: Undelivered Mail Returned to Sender",
			"-------- Forwarded Message --------\nSubject: \tUndelivered Mail Returned to Sender\n"+
				"Date: \tTue, 3 Nov 2026 09:58:01 +0000 (UTC)\nFrom: \tMail Delivery System <MAILER-DAEMON@mx.example.org>\nTo: \tjane@example.org\n\n\n"+forwardedPostfix),
			Postfix, "bob@example.net", "User unknown"},
		{"Outlook in German, the sender shown by name only", forwardMessage("WG: Unzustellbar: Angebot",
			"________________________________\nVon: Microsoft Outlook\nGesendet: Dienstag, 3. November 2026 09:58\n"+
				"An: Jane Roe\nBetreff: Unzustellbar: Angebot\n\n"+forwardedExchange),
			// Without Exchange's own header fields, the generic decoder
			// reads the text.
			Generic, "erin@example.net", "5.1.1"},
	}
	// Outlook's HTML-only forward: its header in bold names, the notice's
	// lines broken by <br>. The text it becomes keeps the words, not
	// Postfix's layout, so the generic decoder reads it.
	html := strings.NewReplacer("\n", "<br>\n", "<", "&lt;", ">", "&gt;").Replace(forwardedPostfix)
	tests = append(tests, struct {
		name, raw string
		by        dsn.DecoderName
		rcpt      string
		diag      string
	}{"Outlook's HTML forward", "From: Jane Roe <jane@example.org>\nTo: help@example.com\nSubject: FW: Undelivered Mail Returned to Sender\n" +
		"MIME-Version: 1.0\nContent-Type: text/html; charset=us-ascii\n\n<html><body><p>See below.</p>\n" +
		"<div><p><b>From:</b> Mail Delivery System &lt;MAILER-DAEMON@mx.example.org&gt;<br>\n<b>Sent:</b> Tuesday, November 3, 2026 9:58 AM<br>\n" +
		"<b>To:</b> jane@example.org<br>\n<b>Subject:</b> Undelivered Mail Returned to Sender</p></div>\n<p>" + html + "</p></body></html>\n",
		Generic, "bob@example.net", "User unknown in virtual"})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := dsn.ReadMessage([]byte(tt.raw))
			require.NoError(t, err)
			r := dsn.Decode(m, Registry())
			require.Equal(t, dsn.DeliveryReport, r.Kind, "notes: %v", r.Notes)
			assert.Equal(t, string(tt.by), r.Decoder)
			require.Len(t, r.Recipients, 1)
			assert.Equal(t, tt.rcpt, r.Recipients[0].Recipient)
			assert.Contains(t, r.Recipients[0].DiagnosticCode, tt.diag)
			assert.Contains(t, strings.Join(r.Notes, "\n"), "jane@example.org forwarded inline")
		})
	}
}

// TestPersonForwardNotANotice: forwards that carry no mail system's
// notice stay what they are.
func TestPersonForwardNotANotice(t *testing.T) {
	tests := []struct{ name, raw string }{
		{"a person's message forwarded", forwardMessage("Fwd: lunch",
			"---------- Forwarded message ---------\nFrom: Bob <bob@example.net>\nDate: Tue, 3 Nov 2026 at 09:58\n"+
				"Subject: lunch\nTo: <jane@example.org>\n\nThe user bob@example.net was not found at lunch.\n")},
		{"a person quoting a notice's words without its header", forwardMessage("Fwd: why?",
			"My mail to carol@example.net came back saying: 552 5.2.2 Mailbox full. Why?\n")},
		{"an auto-reply forwarded", forwardMessage("Fwd: Out of office",
			"---------- Forwarded message ---------\nFrom: Bob <bob@example.net>\nSubject: Out of office\n"+
				"To: <jane@example.org>\n\nI am away until Monday.\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := dsn.ReadMessage([]byte(tt.raw))
			require.NoError(t, err)
			assert.Nil(t, personForwardDecoder{}.Decode(m))
			assert.False(t, dsn.Decode(m, Registry()).IsBounce())
		})
	}
}

// TestPersonForwardMatch: the decoder asks for a forward's Subject prefix
// from someone who is not a mail system.
func TestPersonForwardMatch(t *testing.T) {
	tests := []struct {
		from, subject string
		want          bool
	}{
		{"jane@example.org", "Fwd: Undelivered Mail Returned to Sender", true},
		{"jane@example.org", "TR: Undeliverable: offre", true},
		{"jane@example.org", "Undelivered Mail Returned to Sender", false},
		{"MAILER-DAEMON@mx.example.org", "Fwd: Undelivered Mail Returned to Sender", false},
		{"jane@example.org", "Re: Fwd: lunch", false},
	}
	for _, tt := range tests {
		m, err := dsn.ReadMessage([]byte("From: " + tt.from + "\nSubject: " + tt.subject + "\n\nx\n"))
		require.NoError(t, err)
		assert.Equal(t, tt.want, personForwardDecoder{}.Match(m), tt.subject)
	}
}
