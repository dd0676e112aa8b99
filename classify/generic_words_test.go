package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// postfixLocalDSN is a Postfix DSN whose Diagnostic-Code has the given
// type (X-Postfix for the MTA's own words, smtp for a remote reply), as
// iCloud's relay sends it (mikel/mail's original_recipient.eml fixture).
func postfixLocalDSN(rcpt, status, dtype, diag string) string {
	return "From: MAILER-DAEMON@mx.example.com (Mail Delivery System)\nTo: <sender@example.net>\n" +
		"Subject: Undelivered Mail Returned to Sender\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\n\n" +
		"--b1\nContent-Description: Notification\nContent-Type: text/plain\n\n" +
		"This is the mail system at host mx.example.com.\n\n<" + rcpt + ">: " + diag + "\n\n" +
		"--b1\nContent-Description: Delivery report\nContent-Type: message/delivery-status\n\n" +
		"Reporting-MTA: dns; mx.example.com\n\n" +
		"Final-Recipient: rfc822; " + rcpt + "\nAction: failed\nStatus: " + status + "\n" +
		"Diagnostic-Code: " + dtype + "; " + diag + "\n\n" +
		"--b1\nContent-Type: text/rfc822-headers\n\nFrom: <sender@example.net>\nTo: <" + rcpt + ">\nSubject: Hello\n\n--b1--\n"
}

// TestDeliveryFailedNamesNoReason: "delivery failed" alone is the word of
// any failure (iCloud's "Message delivery failed" under 5.2.0), so the
// status decides; IMail Server's "Delivery failed <n> attempts" keeps
// expired, and longer phrases holding the words keep their own reasons.
func TestDeliveryFailedNamesNoReason(t *testing.T) {
	cases := []struct {
		name, status, dtype, diag string
		want                      classify.Reason
	}{
		{"iCloud, 5.2.0", "5.2.0", "X-Postfix", "Message delivery failed", classify.Filtered},
		{"generic words, 5.2.2", "5.2.2", "smtp", "552 5.2.2 Message delivery failed", classify.MailboxFull},
		{"generic words, 5.1.1", "5.1.1", "smtp", "550 5.1.1 Delivery failed", classify.UserUnknown},
		// Near misses: longer phrases that hold the words.
		{"over quota", "5.2.0", "smtp", "522 5.2.0 Delivery failed: Over quota", classify.MailboxFull},
		{"exim pipe", "5.0.0", "X-Postfix", "local delivery failed", classify.MailerError},
		{"mda", "5.0.0", "X-Postfix", "MDA delivery failed: exit status 1", classify.MailerError},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, postfixLocalDSN("user@example.com", tc.status, tc.dtype, tc.diag))
			assertReason(t, got, "user@example.com", tc.want)
		})
	}
}

// TestIMailDeliveryFailedAttempts: IMail Server's line for a recipient
// whose retries ran out (Sisimai's IMailServer decoder reads "Delivery
// failed " as expired) keeps expired after the generic words are masked.
func TestIMailDeliveryFailedAttempts(t *testing.T) {
	msg := "From: Postmaster <postmaster@mail.example.org>\nTo: sender@example.net\n" +
		"Subject: Undeliverable Mail\nX-Mailer: <SMTP32 v8.22>\nMIME-Version: 1.0\n" +
		"Content-Type: text/plain\n\n" +
		"Delivery failed 20 attempts: user@example.com\n\n" +
		"Original message follows.\n\nFrom: sender@example.net\nTo: user@example.com\nSubject: Hello\n\nHi\n"
	got := verdicts(t, msg)
	assertReason(t, got, "user@example.com", classify.Expired)
}
