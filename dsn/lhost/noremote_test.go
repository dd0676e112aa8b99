package lhost

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestNoRemoteAnswer checks which recipients the decoders mark as failed
// where no server answered (dsn.Recipient.NoRemoteAnswer), from the
// report's own form: a delivery-status group without Remote-MTA and
// Diagnostic-Code, an Exim item without a host, Exchange Online's summary
// without "Message rejected by".
func TestNoRemoteAnswer(t *testing.T) {
	const dsnHead = "From: MAILER-DAEMON@mx.example.net\nTo: alice@example.com\nSubject: Delivery Status Notification (Failure)\n" +
		"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=b1\n\n" +
		"--b1\nContent-Type: text/plain\n\nYour message could not be delivered.\n\n" +
		"--b1\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n" +
		"Final-Recipient: rfc822; bob@example.net\nAction: failed\nStatus: 5.1.1\n"
	const eximHead = "From: Mail Delivery System <Mailer-Daemon@mx.example.net>\nTo: alice@example.com\n" +
		"Subject: Mail delivery failed: returning message to sender\nX-Failed-Recipients: bob@example.net\n\n" +
		"This message was created automatically by mail delivery software.\n\n" +
		"A message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n" +
		"  bob@example.net\n"
	const o365Head = "From: postmaster@contoso.onmicrosoft.com\nTo: alice@example.com\nSubject: Undeliverable: Minutes\n" +
		"Content-Type: text/plain; charset=\"us-ascii\"\n\n" +
		"Your message to bob@example.net couldn't be delivered.\nbob wasn't found at example.net.\n"
	tests := []struct {
		name, decoder, msg string
		want               bool
	}{
		{"DSN: neither Remote-MTA nor Diagnostic-Code", "RFC3464", dsnHead + "\n--b1--\n", true},
		{"DSN: a Diagnostic-Code", "RFC3464", dsnHead + "Diagnostic-Code: smtp; 550 5.1.1 unknown user\n\n--b1--\n", false},
		{"DSN: a Remote-MTA", "RFC3464", dsnHead + "Remote-MTA: dns; mx.example.org\n\n--b1--\n", false},
		{"DSN: an X-Remote-MTA", "RFC3464", dsnHead + "X-Remote-MTA: dns; mx.example.org\n\n--b1--\n", false},
		{"Exim: the router's words", "Exim", eximHead + "    Unknown user\n", true},
		{"Exim: a host named", "Exim", eximHead + "    host mx.example.net [192.0.2.1]\n    Unknown user\n", false},
		{"Exim: a remote reply", "Exim", eximHead +
			"    SMTP error from remote mail server after RCPT TO:<bob@example.net>:\n    550 unknown user\n", false},
		{"Office365: its own result", "Office365", o365Head, true},
		{"Office365: another server refused", "Office365", o365Head +
			"\nError Details\nError: 550 5.1.1 unknown user\nMessage rejected by: mx.example.net\n", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(tc.msg), Registry())
			require.NoError(t, err)
			require.Equal(t, tc.decoder, r.Decoder)
			require.Len(t, r.Recipients, 1)
			assert.Equal(t, "bob@example.net", strings.ToLower(r.Recipients[0].Recipient))
			assert.Equal(t, tc.want, r.Recipients[0].NoRemoteAnswer)
		})
	}
}
