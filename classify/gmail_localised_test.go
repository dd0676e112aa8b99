package classify_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// gmailLocalised is Google's notice in the account's language with the
// empty delivery-status part Gmail and Google Workspace send at times, as
// classify/texts/ndrlang9.tsv's sources quote it.
func gmailLocalised(rcpt, title, sentence, reply string) string {
	text := "\n** " + title + " **\n\n" + sentence + "\n"
	if reply != "" {
		text += "\n" + reply + "\n"
	}
	return "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\nTo: sender@example.com\n" +
		"Subject: Delivery Status Notification (Failure)\nX-Failed-Recipients: " + rcpt + "\n" +
		"Auto-Submitted: auto-replied\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; boundary=\"B\"; report-type=delivery-status\n\n" +
		"--B\nContent-Type: text/plain; charset=\"UTF-8\"\n\n" + text +
		"--B\nContent-Type: message/delivery-status\n\n\n" +
		"--B\nContent-Type: text/rfc822-headers\n\nFrom: Sender <sender@example.com>\nTo: " + rcpt +
		"\nSubject: hello\n\n--B--\n"
}

// TestGmailLocalisedSentences: in Google's notice with an empty
// delivery-status part, a remote reply decides as in English; without
// one, Google's own sentence is heard as its own words (no remote
// answer), so user-unknown words in it are the mailbox lookup's answer,
// not a filter's refusal. The German sentence is Sisimai's UserUnknown row
// (deltachat/deltachat-core-rust:test-data/message/gmail_ndn.eml has the
// notice whole).
func TestGmailLocalisedSentences(t *testing.T) {
	const de = "Ihre Nachricht wurde nicht an anna@example.de zugestellt, weil die Adresse nicht gefunden wurde oder keine E-Mails empfangen kann."
	cases := []struct {
		name, msg string
		want      classify.Reason
	}{
		{"de, no reply: Google's words", gmailLocalised("anna@example.de", "Die Adresse wurde nicht gefunden", de, ""), classify.UserUnknown},
		{"de, a remote reply decides", gmailLocalised("anna@example.de", "Die Adresse wurde nicht gefunden", de,
			"Antwort:\n\n552 5.2.2 <anna@example.de>: mailbox full"), classify.MailboxFull},
		{"de, the remote's user-unknown reply", gmailLocalised("anna@example.de", "Die Adresse wurde nicht gefunden", de,
			"Antwort:\n\n550 5.1.1 <anna@example.de>: Recipient address rejected: User unknown in virtual mailbox table"), classify.UserUnknown},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(tc.msg), lhost.Registry())
			require.NoError(t, err)
			require.Len(t, r.Recipients, 1)
			assert.Equal(t, string(lhost.Gmail), r.Decoder)
			v := classify.Classify(r)[0]
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
