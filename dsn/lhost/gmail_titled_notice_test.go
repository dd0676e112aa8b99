package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// gmailNotice builds Google's current notice (multipart/report: the text,
// then a delivery-status part, then the returned headers) from its text
// and its delivery-status fields ("" for the empty part Gmail and Google
// Workspace send at times).
func gmailNotice(from, subject, failed, text, fields string) string {
	h := "From: " + from + "\nTo: sender@example.com\nSubject: " + subject + "\n"
	if failed != "" {
		h += "X-Failed-Recipients: " + failed + "\n"
	}
	return h + "Auto-Submitted: auto-replied\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; boundary=\"B\"; report-type=delivery-status\n\n" +
		"--B\nContent-Type: text/plain; charset=\"UTF-8\"\n\n" + text + "\n" +
		"--B\nContent-Type: message/delivery-status\n\n" + fields + "\n" +
		"--B\nContent-Type: text/rfc822-headers\n\nFrom: Sender <sender@example.com>\nTo: " + failed +
		"\nSubject: hello\nMessage-ID: <orig-1@example.com>\n\n--B--\n"
}

// TestGmailTitledNotice: Google's notice in the account's language, with
// an empty delivery-status part, is read by the Gmail decoder, whatever
// the language: the recipient, the remote reply after its own line ending
// in a colon, or Google's sentence (its own words, no remote answer) when
// no server answered. The texts are Gmail's as quoted in
// deltachat/deltachat-core-rust:test-data/message/gmail_ndn.eml (de) and
// in the notices classify/texts/ndrlang9.tsv cites.
func TestGmailTitledNotice(t *testing.T) {
	const google = "Mail Delivery Subsystem <mailer-daemon@googlemail.com>"
	const failure = "Delivery Status Notification (Failure)"
	for _, tc := range []struct {
		name, msg  string
		decoder    dsn.DecoderName
		recipient  string
		diagnostic string // the whole diagnostic
		noAnswer   bool
		action     dsn.Action
	}{
		{
			name: "de, the reply after 'Antwort:'",
			msg: gmailNotice(google, failure, "anna@example.net",
				"\n** Die Adresse wurde nicht gefunden **\n\n"+
					"Ihre Nachricht wurde nicht an anna@example.net zugestellt, weil die Adresse nicht gefunden wurde oder keine E-Mails empfangen kann.\n\n"+
					"Hier erfahren Sie mehr: https://support.google.com/mail/?p=NoSuchUser\n\nAntwort:\n\n"+
					"550 5.1.1 <anna@example.net>: Recipient address rejected: User unknown in virtual mailbox table\n", ""),
			decoder: Gmail, recipient: "anna@example.net",
			diagnostic: "550 5.1.1 <anna@example.net>: Recipient address rejected: User unknown in virtual mailbox table",
			action:     dsn.ActionFailed,
		},
		{
			name: "it, the reply after 'La risposta del server remoto è:', over two lines",
			msg: gmailNotice(google, failure, "bruno@example.it",
				"\n** Indirizzo non trovato **\n\n"+
					"Il tuo messaggio non è stato recapitato a bruno@example.it perché l'indirizzo risulta inesistente o non può ricevere email.\n\n"+
					"La risposta del server remoto è:\n\n550 5.1.1 <bruno@example.it> sorry, no mailbox\nhere by that name. #5.5.1\n", ""),
			decoder: Gmail, recipient: "bruno@example.it",
			diagnostic: "550 5.1.1 <bruno@example.it> sorry, no mailbox here by that name. #5.5.1",
			action:     dsn.ActionFailed,
		},
		{
			name: "ru, no reply: Google's sentence, no remote answer",
			msg: gmailNotice(google, failure, "pavel@example.ru",
				"\n** Адрес не найден **\n\n"+
					"Сообщение не доставлено, так как адрес pavel@example.ru не найден или не принимает входящие письма.\n", ""),
			decoder: Gmail, recipient: "pavel@example.ru",
			diagnostic: "Сообщение не доставлено, так как адрес pavel@example.ru не найден или не принимает входящие письма.",
			noAnswer:   true, action: dsn.ActionFailed,
		},
		{
			name: "fr, no X-Failed-Recipients: the sentence's address",
			msg: gmailNotice(google, failure, "",
				"\n** Adresse introuvable **\n\n"+
					"Votre message n'a pas pu être envoyé à jean@example.fr, car l'adresse est introuvable ou ne peut pas recevoir de messages.\n", ""),
			decoder: Gmail, recipient: "jean@example.fr",
			diagnostic: "Votre message n'a pas pu être envoyé à jean@example.fr, car l'adresse est introuvable ou ne peut pas recevoir de messages.",
			noAnswer:   true, action: dsn.ActionFailed,
		},
		{
			name: "a link paragraph ending in a URL is not the reply's heading",
			// Google's notice for a "Send mail as" refusal (its help
			// link, support.google.com/mail/?p=CustomFromDenied), cut
			// before its reply.
			msg: gmailNotice(google, failure, "kim@example.kr",
				"\n** Message not delivered **\n\n"+
					"You're sending this from a different address or alias using the 'Send mail as' feature.\n\n"+
					"Learn more here: https://support.google.com/mail/?p=CustomFromDenied\n", ""),
			decoder: Gmail, recipient: "kim@example.kr",
			diagnostic: "You're sending this from a different address or alias using the 'Send mail as' feature.",
			noAnswer:   true, action: dsn.ActionFailed,
		},
		{
			name: "fields in the delivery-status part: the RFC 3464 decoder's as before",
			msg: gmailNotice(google, failure, "anna@example.net",
				"\n** Die Adresse wurde nicht gefunden **\n\nIhre Nachricht wurde nicht an anna@example.net zugestellt.\n",
				"Reporting-MTA: dns; googlemail.com\n\nFinal-Recipient: rfc822; anna@example.net\nAction: failed\nStatus: 5.1.1\n"+
					"Diagnostic-Code: smtp; 550 5.1.1 The email account that you tried to reach does not exist.\n"),
			decoder: dsn.RFC3464, recipient: "anna@example.net",
			diagnostic: "550 5.1.1 The email account that you tried to reach does not exist.",
			action:     dsn.ActionFailed,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(tc.msg), Registry())
			require.NoError(t, err)
			assert.Equal(t, string(tc.decoder), r.Decoder)
			require.Len(t, r.Recipients, 1)
			rc := r.Recipients[0]
			assert.Equal(t, tc.recipient, rc.Recipient)
			assert.Equal(t, tc.action, rc.Action)
			assert.Equal(t, tc.diagnostic, rc.DiagnosticCode)
			assert.Equal(t, tc.noAnswer, rc.NoRemoteAnswer)
		})
	}
}

// TestGmailTitledNoticeNearMisses: the headline between asterisks is read
// only in a notice from Google's mailer-daemon under its Subject, and
// only as the first paragraphs' headline.
func TestGmailTitledNoticeNearMisses(t *testing.T) {
	text := "\n** Adresse introuvable **\n\nVotre message n'a pas pu être envoyé à jean@example.fr, car l'adresse est introuvable.\n"
	for _, tc := range []struct{ name, msg string }{
		{"another sender's notice", gmailNotice("MAILER-DAEMON@mx.example.org", "Undelivered Mail Returned to Sender", "jean@example.fr", text, "")},
		{"Google's daemon under another Subject", gmailNotice("Mail Delivery Subsystem <mailer-daemon@googlemail.com>", "Re: hello", "jean@example.fr", text, "")},
		{"a headline far down the text", gmailNotice("Mail Delivery Subsystem <mailer-daemon@googlemail.com>", "Delivery Status Notification (Failure)", "jean@example.fr",
			"Hello.\n\nA first paragraph.\n\nA second one.\n\nA third one.\n"+text, "")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(tc.msg), Registry())
			require.NoError(t, err)
			assert.NotEqual(t, string(Gmail), r.Decoder)
		})
	}
	for _, p := range []string{"** Note", "**  **", "** two\nlines **", "Note: ** bold **"} {
		assert.False(t, gmailTitle(p), p)
	}
}
