package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// ldaNotice writes a Postfix delivery-status notice for one recipient whose
// local delivery agent failed: dtype is the Diagnostic-Code type (x-unix for
// a pipe(8) command's output, lmtp or smtp for a store's reply), line the
// text of the human part.
func ldaNotice(action, status, dtype, line, diag string) string {
	return "From: MAILER-DAEMON@mx.example.com (Mail Delivery System)\nTo: sender@example.com\n" +
		"Subject: Undelivered Mail Returned to Sender\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"l18\"\n\n" +
		"--l18\nContent-Type: text/plain; charset=us-ascii\n\nThis is the mail system at host mx.example.com.\n\n" +
		"<rcpt@example.org>: " + line + "\n\n" +
		"--l18\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\n" +
		"Final-Recipient: rfc822; rcpt@example.org\nAction: " + action + "\nStatus: " + status + "\n" +
		"Diagnostic-Code: " + dtype + "; " + diag + "\n\n--l18--\n"
}

// TestLDATexts: lda.tsv's store-side faults (Dovecot's critical error text,
// Cyrus lmtpd's replies, mail.local's spool-file refusals) decide over the
// X-Unix exit and over a bare X.2.0 status.
func TestLDATexts(t *testing.T) {
	cases := []struct {
		name, action, status, dtype, diag string
		want                              classify.Reason
	}{
		{"dovecot-lda -e critical error", "delayed", "4.3.0", "x-unix",
			"Internal error occurred. Refer to server log for more information. [2026-11-26 07:02:55]", classify.SystemError},
		{"cyrus no space", "delayed", "4.3.1", "lmtp", "451 4.3.1 cannot create file: out of space", classify.SystemFull},
		{"cyrus bad format", "delayed", "4.2.0", "lmtp", "451 4.2.0 Mailbox has an invalid format", classify.SystemError},
		{"cyrus i/o", "delayed", "4.3.0", "lmtp", "451 4.3.0 System I/O error", classify.SystemError},
		{"cyrus unexpected", "delayed", "4.3.0", "lmtp", "451 4.3.0 Unexpected internal error", classify.SystemError},
		{"mail.local ownership", "failed", "5.2.0", "smtp", "550 5.2.0 /var/mail/dirac: wrong ownership (1017)", classify.SystemError},
		{"mail.local irregular", "failed", "5.2.0", "smtp", "550 5.2.0 /var/mail/dirac: irregular file", classify.SystemError},
		{"mail.local changed", "failed", "5.2.0", "smtp", "550 5.2.0 /var/mail/dirac: fstat: file changed after open", classify.SystemError},
		{"mail.local lock", "delayed", "4.3.0", "smtp", "451 4.3.0 lockmailbox /var/mail/dirac failed; error code 75", classify.SystemError},
		{"mail.local tmp write", "delayed", "4.3.0", "smtp", "451 4.3.0 Temporary file write error", classify.SystemError},
		{"cyrus spool quota", "delayed", "4.3.1", "lmtp", "451 4.3.1 cannot create temporary file: Disk quota exceeded", classify.SystemFull},
		{"cyrus spool full", "delayed", "4.3.1", "lmtp", "451 4.3.1 cannot create temporary file: No space left on device", classify.SystemFull},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertReason(t, verdicts(t, ldaNotice(c.action, c.status, c.dtype, c.diag, c.diag)), "rcpt@example.org", c.want)
		})
	}
	// Near misses: the same layouts where the words are the recipient's quota,
	// a bare command exit, or an ownership that is not a file's.
	nearMisses := []struct {
		name, action, status, dtype, diag string
		want                              classify.Reason
	}{
		{"dovecot-lda quota", "failed", "5.7.0", "x-unix", "Quota exceeded (mailbox for user is full)", classify.MailboxFull},
		{"bare exit", "failed", "5.3.0", "x-unix", "internal software error", classify.MailerError},
		{"internal error alone", "delayed", "4.3.0", "x-unix", "Internal error occurred", classify.MailerError},
		{"cyrus over quota", "failed", "5.2.2", "lmtp", "552 5.2.2 Over quota", classify.MailboxFull},
		{"mail.local mailbox quota", "failed", "5.2.2", "smtp", "552 5.2.2 /var/mail/dirac: Disk quota exceeded", classify.MailboxFull},
	}
	for _, c := range nearMisses {
		t.Run("near miss "+c.name, func(t *testing.T) {
			assertReason(t, verdicts(t, ldaNotice(c.action, c.status, c.dtype, c.diag, c.diag)), "rcpt@example.org", c.want)
		})
	}
}
