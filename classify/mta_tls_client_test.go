package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// postfixTLSDelayDSN is a Postfix delay notice (bounce(8)'s default delay
// template) whose reason is the smtp client's own text, as smtp_connect.c
// leaves it when the TLS policy of the destination cannot be met.
func postfixTLSDelayDSN(rcpt, status, diag string) string {
	return "From: MAILER-DAEMON@mail.example.com (Mail Delivery System)\n" +
		"To: sender@example.com\nSubject: Delayed Mail (still being retried)\n" +
		"Date: Tue, 1 Dec 2026 14:10:02 +0100 (CET)\nMIME-Version: 1.0\nAuto-Submitted: auto-replied\n" +
		"Content-Type: multipart/report; report-type=delivery-status;\n\tboundary=\"B7C1D2A3E4.1764594602/mail.example.com\"\n" +
		"Message-Id: <20261201131002.B7C1D2A3E4@mail.example.com>\n\n" +
		"This is a MIME-encapsulated message.\n\n" +
		"--B7C1D2A3E4.1764594602/mail.example.com\nContent-Description: Notification\nContent-Type: text/plain; charset=utf-8\n\n" +
		"This is the mail system at host mail.example.com.\n\n" +
		"####################################################################\n" +
		"# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n" +
		"####################################################################\n\n" +
		"Your message could not be delivered for more than 4 hour(s).\nIt will be retried until it is 5 day(s) old.\n\n" +
		"                   The mail system\n\n" +
		"<" + rcpt + ">: " + diag + "\n\n" +
		"--B7C1D2A3E4.1764594602/mail.example.com\nContent-Description: Delayed Mail\nContent-Type: message/delivery-status\n\n" +
		"Reporting-MTA: dns; mail.example.com\nX-Postfix-Queue-ID: B7C1D2A3E4\n" +
		"Arrival-Date: Tue, 1 Dec 2026 09:58:40 +0100 (CET)\n\n" +
		"Final-Recipient: rfc822; " + rcpt + "\nOriginal-Recipient: rfc822;" + rcpt + "\nAction: delayed\nStatus: " + status + "\n" +
		"Diagnostic-Code: X-Postfix; " + diag + "\nWill-Retry-Until: Sun, 6 Dec 2026 09:58:40 +0100 (CET)\n\n" +
		"--B7C1D2A3E4.1764594602/mail.example.com--\n"
}

// eximWarning is Exim's delay warning (deliver.c send_warning_message)
// with a "Delay reason: " line for one recipient.
func eximWarning(rcpt, reason string) string {
	return "From: Mail Delivery System <Mailer-Daemon@mail.example.com>\nTo: sender@example.com\n" +
		"Auto-Submitted: auto-replied\nSubject: Warning: message 1wQx7a-000123-Lk delayed 24 hours\n" +
		"Message-Id: <E1wQx7a-000123-Lk@mail.example.com>\nDate: Wed, 02 Dec 2026 10:15:31 +0100\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=1764666931-eximdsn-123456789\nMIME-Version: 1.0\n\n" +
		"--1764666931-eximdsn-123456789\nContent-type: text/plain; charset=us-ascii\n\n" +
		"This message was created automatically by mail delivery software.\n\n" +
		"A message that you sent has not yet been delivered to one or more of its\n" +
		"recipients after more than 24 hours on the queue on mail.example.com.\n\n" +
		"The address to which the message has not yet been delivered is:\n\n" +
		"  " + rcpt + "\n    host mx.example.org [192.0.2.7]\n    Delay reason: " + reason + "\n\n" +
		"No action is required on your part. Delivery attempts will continue for\n" +
		"some time, and this warning may be repeated at intervals if the message\n" +
		"remains undelivered. Eventually the mail delivery software will give up,\n" +
		"and when that happens, the message will be returned to you.\n\n" +
		"--1764666931-eximdsn-123456789\nContent-type: message/delivery-status\n\n" +
		"Reporting-MTA: dns; mail.example.com\n\nAction: delayed\nFinal-Recipient: rfc822;" + rcpt + "\nStatus: 4.0.0\n\n" +
		"--1764666931-eximdsn-123456789--\n"
}

// TestPostfixDANEOnlyTexts: the reasons Postfix's smtp_tls_policy.c gives
// when a dane-only destination cannot be authenticated are TLS failures,
// not the bare X.7.5 ("cryptographic failure") securityerror; near misses
// keep their own reading.
func TestPostfixDANEOnlyTexts(t *testing.T) {
	cases := []struct {
		name, status, diag string
		want               classify.Reason
	}{
		{"no TLSA records", "4.7.5", "no TLSA records found", classify.FailedSTARTTLS},
		{"non DNSSEC destination", "4.7.5", "non DNSSEC destination", classify.FailedSTARTTLS},
		{"TLSA records unusable", "4.7.5", "TLSA records unusable", classify.FailedSTARTTLS},
		{"insecure MX RRset", "4.7.5", "Verification not possible, MX RRset is insecure", classify.FailedSTARTTLS},
		{"TLSA lookup error still", "4.7.5", "TLSA lookup error for mx.example.org:25", classify.FailedSTARTTLS},
		// Near misses.
		{"bare X.7.5 with other words", "4.7.5", "cryptographic failure", classify.SecurityError},
		{"connect timeout", "4.4.1", "connect to mx.example.org[192.0.2.7]:25: Connection timed out", classify.NetworkError},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, postfixTLSDelayDSN("ops@example.org", tc.status, tc.diag))
			assertReason(t, got, "ops@example.org", tc.want)
		})
	}
}

// TestEximTLSSessionText: Exim's "TLS session: (SSL_connect): ..." (a failed
// TLS handshake of its smtp transport) is a TLS failure in a delay warning;
// other delay reasons are not taken.
func TestEximTLSSessionText(t *testing.T) {
	cases := []struct {
		name, reason string
		want         classify.Reason
	}{
		{"ssl_connect verify", "TLS session: (SSL_connect): error:0A000086:SSL routines::certificate verify failed", classify.FailedSTARTTLS},
		{"ssl_connect alert", "TLS session: (SSL_connect): error:0A000410:SSL routines::sslv3 alert handshake failure", classify.FailedSTARTTLS},
		// Near misses.
		{"mailbox full", "SMTP error from remote mail server after RCPT TO:<ops@example.org>: 452 4.2.2 Mailbox full", classify.MailboxFull},
		{"connection refused", "Connection refused", classify.NetworkError},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, eximWarning("ops@example.org", tc.reason))
			assertReason(t, got, "ops@example.org", tc.want)
		})
	}
}
