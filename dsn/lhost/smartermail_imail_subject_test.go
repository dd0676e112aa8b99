package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestSmarterMailUnderIMailSubject reads SmarterMail's notice ("Could not
// deliver message to the following recipient(s): Failed Recipient: ...
// Reason: ...", the layout hosting providers' knowledge bases quote) under
// the Subject IMail also uses: its "Failed Recipient:" line names the
// address, not an IMail error, so the generic decoder reads it and the
// "Reason:" line is the diagnostic. An IMail error line under the same
// Subject stays IMail's.
func TestSmarterMailUnderIMailSubject(t *testing.T) {
	const head = "Return-Path: <>\nFrom: postmaster@mail.example.nl\nTo: info@example.nl\n" +
		"Subject: Undeliverable Mail\nDate: Fri, 6 Jul 2018 10:12:00 +0200\n" +
		"MIME-Version: 1.0\nContent-Type: text/plain; charset=\"utf-8\"\n\n"
	cases := []struct {
		name, body string
		by         dsn.DecoderName
		addr, diag string
	}{
		{"smartermail", "Could not deliver message to the following recipient(s):\n\n" +
			"Failed Recipient: anna@example.com\n" +
			"Reason: Remote host said: 550 5.1.1 The email account that you tried to reach does not exist.\n\n" +
			"   --- Below this line is a copy of the message.\n\nFrom: info@example.nl\nTo: anna@example.com\nSubject: Test\n\nTest\n",
			Generic, "anna@example.com", "Reason: Remote host said: 550 5.1.1"},
		{"smartermail/mailbox-full", "Could not deliver message to the following recipient(s):\n" +
			"Failed Recipient: bert@example-domain.com\nReason: The mailbox is full\n",
			Generic, "bert@example-domain.com", "The mailbox is full"},
		// IMail's own line, "error text: address", under the same Subject.
		{"imail", "Unknown user: carl@example.org\n\nOriginal message follows.\n\nFrom: info@example.nl\nSubject: Test\n\nTest\n",
			IMailServer, "carl@example.org", "Unknown user"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := dsn.ReadMessage([]byte(head + tc.body))
			require.NoError(t, err)
			r := dsn.Decode(m, registry)
			require.Len(t, r.Recipients, 1, "recipients: %+v", r.Recipients)
			assert.Equal(t, string(tc.by), r.Decoder)
			assert.Equal(t, tc.addr, r.Recipients[0].Recipient)
			assert.Contains(t, r.Recipients[0].DiagnosticCode, tc.diag)
		})
	}
}
