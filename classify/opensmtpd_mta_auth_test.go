package classify_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
)

// openSMTPDDelayNotice writes the delay notice OpenSMTPD's bounce.c sends
// (notice_warning: "A message is delayed for more than 4 hours ...", a
// message/delivery-status part with Action delayed, Status 4.0.0) for one
// recipient whose envelope carries errText, the text mta_session.c's
// mta_error() wrote.
func openSMTPDDelayNotice(errText string) string {
	return fmt.Sprintf("Return-Path: <>\nFrom: Mailer Daemon <MAILER-DAEMON@relay.example.net>\n"+
		"To: ops@example.net\nSubject: Delivery status notification: Delayed\n"+
		"Date: Wed, 2 Dec 2026 07:48:13 +0900\nMIME-Version: 1.0\n"+
		"Content-Type: multipart/mixed;boundary=\"1234567890123456/relay.example.net\"\n\n"+
		"This is a MIME-encapsulated message.\n\n"+
		"--1234567890123456/relay.example.net\nContent-Description: Notification\n"+
		"Content-Type: text/plain; charset=us-ascii\n\n"+
		"    Hi!\n\n    This is the MAILER-DAEMON, please DO NOT REPLY to this email.\n\n"+
		"    A message is delayed for more than 4 hours for the following\n    list of recipients:\n\n"+
		"user@example.org: %s\n\n"+
		"    Please note that this is only a temporary failure report.\n"+
		"    The message is kept in the queue for up to 4 days.\n"+
		"    You DO NOT NEED to re-send the message to these recipients.\n\n"+
		"    Below is a copy of the original message:\n\n"+
		"--1234567890123456/relay.example.net\nContent-Description: Delivery Report\n"+
		"Content-Type: message/delivery-status\n\nReporting-MTA: dns; relay.example.net\n\n"+
		"Final-Recipient: rfc822; user@example.org\nAction: delayed\nStatus: 4.0.0\n\n"+
		"--1234567890123456/relay.example.net\nContent-Description: Message headers\n"+
		"Content-Type: text/rfc822-headers\n\nFrom: ops@example.net\nTo: user@example.org\nSubject: report\n\n"+
		"--1234567890123456/relay.example.net--\n", errText)
}

// TestOpenSMTPDRelayAuthTexts: the texts OpenSMTPD's smtp client writes when
// its relay's SMTP AUTH fails (classify/texts/opensmtpd_mta_auth.tsv) are
// security errors, not the delay notice's default; session texts that are
// not about AUTH keep their own reason.
func TestOpenSMTPDRelayAuthTexts(t *testing.T) {
	cases := []struct {
		name, errText string
		want          classify.Reason
	}{
		{"AUTH not advertised", "AUTH not advertised", classify.SecurityError},
		{"no supported AUTH method", "no supported AUTH method", classify.SecurityError},
		{"insecure channel (7.x)", "Refuse to AUTH over insecure channel", classify.SecurityError},
		{"insecure channel (6.x)", "Refuse to AUTH over unsecure channel", classify.SecurityError},
		{"AUTH rejected, Postfix", "AUTH rejected: 535 5.7.8 Error: authentication failed: authentication failure", classify.SecurityError},
		// near misses: other mta_session.c texts keep their reasons
		{"TLS required", "TLS required but not supported by remote host", classify.FailedSTARTTLS},
		{"STARTTLS rejected", "STARTTLS rejected: 454 4.7.0 TLS not available due to local problem", classify.FailedSTARTTLS},
		{"connection timeout", "Connection timeout", classify.NetworkError},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, openSMTPDDelayNotice(tc.errText))
			assert.Len(t, got, 1)
			assertReason(t, got, "user@example.org", tc.want)
		})
	}
}
