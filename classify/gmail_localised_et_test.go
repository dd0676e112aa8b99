package classify_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// TestGmailEstonianNotice: Google's notice to an Estonian account
// (postalsys/emailengine:test/fixtures/bounces/gmail.eml, 2022). Without a
// reply, Google's sentence is its own mailbox lookup's words: userunknown
// (texts/gmail_localised.tsv). With the reply on the line after "Vastus
// kaugserverist oli järgmine:", the reply decides. Near misses: the
// sentence cut before its reason, and the same words in a notice that is
// not Google's, do not decide by the row.
func TestGmailEstonianNotice(t *testing.T) {
	const et = "Teie kirja kontole mart@example.ee ei saadetud, kuna aadressi ei leitud või see ei saa meile vastu võtta."
	const intro = "Vastus kaugserverist oli järgmine:\n"
	cases := []struct {
		name, msg string
		want      classify.Reason
	}{
		{"no reply: Google's words", gmailLocalised("mart@example.ee", "Aadressi ei leitud", et, ""), classify.UserUnknown},
		{"the reply on the next line decides: mailbox full", gmailLocalised("mart@example.ee", "Aadressi ei leitud", et,
			intro+"552 5.2.2 <mart@example.ee>: Recipient address rejected: Mailbox full"), classify.MailboxFull},
		{"the reply on the next line decides: not RCPT, no address status", gmailLocalised("mart@example.ee", "Aadressi ei leitud", et,
			intro+"550 5.2.0 No such mailbox"), classify.Filtered},
		{"near miss: the sentence cut before its reason", gmailLocalised("mart@example.ee", "Aadressi ei leitud",
			"Teie kirja kontole mart@example.ee ei saadetud.", ""), classify.OnHold},
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
	t.Run("near miss: the sentence in another MTA's notice", func(t *testing.T) {
		msg := "From: MAILER-DAEMON@mx.example.org\nTo: sender@example.com\nSubject: Undelivered Mail Returned to Sender\n" +
			"MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n\n" +
			"<mart@example.ee>: " + et + "\n"
		r, err := dsn.ParseBytes([]byte(msg), lhost.Registry())
		require.NoError(t, err)
		for _, v := range classify.Classify(r) {
			assert.NotContains(t, v.Rule, "aadressi ei leitud", v.Rule)
		}
	})
}
