package classify_test

import (
	"fmt"
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// nullmailerBounce writes a failure notice as nullmailer-dsn does
// (bruceg/nullmailer src/dsn.cc): a multipart/report whose text part lists
// the recipients, a delivery-status part with Remote-MTA and the protocol
// module's last output as the Diagnostic-Code, then the original header.
func nullmailerBounce(status, diagnostic string) string {
	return fmt.Sprintf("From: Message Delivery Subsystem <MAILER-DAEMON@relay.example.net>\n"+
		"To: <sender@example.net>\n"+
		"Subject: Returned mail: Could not send message\n"+
		"Date: Mon, 4 Mar 2024 10:00:05 +0000\n"+
		"MIME-Version: 1.0\n"+
		"Content-Type: multipart/report; report-type=delivery-status;\n"+
		"\tboundary=\"1709546405.123.42\"\n\n"+
		"--1709546405.123.42\n"+
		"Content-Type: text/plain; charset=us-ascii\n\n"+
		"This is the nullmailer delivery system.  The message attached below\n"+
		"could not be delivered to one or more of the intended recipients:\n\n"+
		"\t<user@example.org>\n\n"+
		"--1709546405.123.42\n"+
		"Content-Type: message/delivery-status\n\n"+
		"Reporting-MTA: x-local-hostname; relay.example.net\n"+
		"Arrival-Date: Mon, 4 Mar 2024 10:00:00 +0000\n\n"+
		"Final-Recipient: rfc822; user@example.org\n"+
		"Action: failed\n"+
		"Status: %s\n"+
		"Last-Attempt-Date: Mon, 4 Mar 2024 10:00:05 +0000\n"+
		"Remote-MTA: dns; smarthost.example.net\n"+
		"Diagnostic-Code: %s\n\n"+
		"--1709546405.123.42\n"+
		"Content-Type: message/rfc822\n\n"+
		"From: sender@example.net\n"+
		"To: user@example.org\n"+
		"Subject: report\n\n"+
		"--1709546405.123.42--\n", status, diagnostic)
}

// TestNullmailerBounces: the words nullmailer's protocol modules write
// when there is no reply to quote name a network failure; a quoted reply
// keeps its own reason.
func TestNullmailerBounces(t *testing.T) {
	cases := []struct {
		name, status, diagnostic string
		want                     classify.Reason
	}{
		// protocols/protocol.cc, after queuelifetime with every connection refused
		{"connect failed", "5.0.0", "SMTP; Connect failed", classify.NetworkError},
		// protocols/smtp.cc, writing the body failed
		{"write failed", "5.0.0", "SMTP; Error sending message to remote", classify.NetworkError},
		// the smarthost's own reply, quoted by the smtp module
		{"quoted reply", "5.1.1", "SMTP; 550 5.1.1 <user@example.org>: Recipient address rejected: User unknown in virtual mailbox table", classify.UserUnknown},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, nullmailerBounce(tc.status, tc.diagnostic))
			assertReason(t, got, "user@example.org", tc.want)
		})
	}
}
