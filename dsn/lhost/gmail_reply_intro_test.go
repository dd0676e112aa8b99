package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestGmailReplyOnTheIntroLine: Gmail's notices of 2022 and later put the
// remote reply on the line right after its intro, with no blank line and
// no "Learn more" line (the Estonian notice in
// postalsys/emailengine:test/fixtures/bounces/gmail.eml); with an empty
// delivery-status part the reply is then read from there, not lost to
// Google's sentence. Near misses: a link line ending in a URL, a colon
// inside a line, and a notice with no reply at all.
func TestGmailReplyOnTheIntroLine(t *testing.T) {
	const google = "Mail Delivery Subsystem <mailer-daemon@googlemail.com>"
	const failure = "Delivery Status Notification (Failure)"
	const et = "\n** Aadressi ei leitud **\n\n" +
		"Teie kirja kontole mart@example.ee ei saadetud, kuna aadressi ei leitud või see ei saa meile vastu võtta.\n\n\n\n"
	for _, tc := range []struct {
		name, text, diagnostic string
		noAnswer               bool
	}{
		{"et: the reply on the line after the intro", et +
			"Vastus kaugserverist oli järgmine:\n550 5.1.1 <mart@example.ee>: Recipient address rejected: User unknown in relay recipient table\n",
			"550 5.1.1 <mart@example.ee>: Recipient address rejected: User unknown in relay recipient table", false},
		{"et: a reply over two lines", et +
			"Vastus kaugserverist oli järgmine:\n550 5.2.0 No such\nmailbox\n",
			"550 5.2.0 No such mailbox", false},
		{"de: the older layout, a blank line after the intro", "\n** Die Adresse wurde nicht gefunden **\n\n" +
			"Ihre Nachricht wurde nicht an mart@example.ee zugestellt, weil die Adresse nicht gefunden wurde oder keine E-Mails empfangen kann.\n\n" +
			"Hier erfahren Sie mehr: https://support.google.com/mail/?p=NoSuchUser\n\nAntwort:\n\n550 5.2.0 No such mailbox\n",
			"550 5.2.0 No such mailbox", false},
		{"near miss: a link line whose next line is text", et +
			"Learn more here: https://support.google.com/mail/?p=NoSuchUser\nGmail will not retry.\n",
			"Teie kirja kontole mart@example.ee ei saadetud, kuna aadressi ei leitud või see ei saa meile vastu võtta.", true},
		{"near miss: a colon inside the first line, not at its end", et +
			"Note: the server closed the connection\nbefore it answered.\n",
			"Teie kirja kontole mart@example.ee ei saadetud, kuna aadressi ei leitud või see ei saa meile vastu võtta.", true},
		{"near miss: no reply at all", et,
			"Teie kirja kontole mart@example.ee ei saadetud, kuna aadressi ei leitud või see ei saa meile vastu võtta.", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(gmailNotice(google, failure, "mart@example.ee", tc.text, "")), Registry())
			require.NoError(t, err)
			assert.Equal(t, string(Gmail), r.Decoder)
			require.Len(t, r.Recipients, 1)
			rc := r.Recipients[0]
			assert.Equal(t, "mart@example.ee", rc.Recipient)
			assert.Equal(t, tc.diagnostic, rc.DiagnosticCode)
			assert.Equal(t, tc.noAnswer, rc.NoRemoteAnswer)
		})
	}
}
