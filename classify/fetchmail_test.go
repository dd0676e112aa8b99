package classify_test

import (
	"fmt"
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// fetchmailNotice writes a one-recipient bounce as fetchmail's
// send_bouncemail does (vcrhonek/fetchmail sink.c): "Reason: " + its
// reason line, the address with "   SMTP error: REPLY", and a
// delivery-status part naming no command, its Status faked "5.0.0" when
// the reply has no enhanced code.
func fetchmailNotice(reason, rcpt, reply, status string) string {
	const b = "foo-mani-padme-hum-4410-1-1678785164"
	return fmt.Sprintf("Subject: Mail delivery failed: returning message to sender\n"+
		"From: Mail Delivery System <MAILER-DAEMON@gw.example.net>\nTo: ann@example.com\nMIME-Version: 1.0\n"+
		"Content-Type: multipart/report; report-type=delivery-status;\n\tboundary=%q\n\n"+
		"--%s\nContent-Type: text/plain\n\n"+
		"This message was created automatically by mail delivery software.\n\n"+
		"A message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error.\n\n"+
		"Reason: %s\n\nThe following address(es) failed:\n%s\n   SMTP error: %s\n\n"+
		"--%s\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; gw.example.net\n\n"+
		"Final-Recipient: rfc822; %s\nLast-Attempt-Date: Tue, 14 Mar 2023 09:12:44 +0000\nAction: failed\n"+
		"Status: %s\nDiagnostic-Code: %s\n\n"+
		"--%s\nContent-Type: text/rfc822-headers\n\nFrom: ann@example.com\nTo: %s\nSubject: hello\n\n--%s--\n",
		b, b, reason, rcpt, reply, b, rcpt, status, reply, b, rcpt, b)
}

// TestFetchmailReasons: a user-unknown reply without an X.1.1 status is
// userunknown when fetchmail's Reason line says the address was refused
// at RCPT, and stays filtered (Sisimai's reading of user-unknown words
// with no command and no X.1.x status) under its reasons that name no
// command; replies with their own status keep their reasons either way.
func TestFetchmailReasons(t *testing.T) {
	const rcptReason = "Some addresses were rejected by the MDA fetchmail forwards to."
	cases := []struct {
		name   string
		reason string
		reply  string
		status string
		want   classify.Reason
	}{
		{"sendmail's User unknown at RCPT", rcptReason, "550 <claire@example.org>... User unknown", "5.0.0", classify.UserUnknown},
		{"Exim's Unrouteable address at RCPT", rcptReason, "550 Unrouteable address", "5.0.0", classify.HostUnknown},
		{"Postfix's local table at RCPT", rcptReason,
			"550 5.1.1 <claire@example.org>: Recipient address rejected: User unknown in local recipient table", "5.1.1", classify.UserUnknown},
		{"Dovecot's quota over LMTP", "LMTP partial delivery failure.",
			"552 5.2.2 <claire@example.org> Quota exceeded (mailbox for user is full)", "5.2.2", classify.MailboxFull},
		// Near miss: the same words under a reason that names no command.
		{"User unknown, no command named", "General SMTP/ESMTP error.", "550 <claire@example.org>... User unknown", "5.0.0", classify.Filtered},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, fetchmailNotice(tc.reason, "claire@example.org", tc.reply, tc.status))
			assertReason(t, got, "claire@example.org", tc.want)
		})
	}
}
