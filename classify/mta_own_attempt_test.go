package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// sendmailNotice writes Sendmail's failure notice (savemail.c: the
// "----- The following addresses had permanent fatal errors -----" and
// "----- Transcript of session follows -----" text, and a delivery-status
// part) for one recipient whose Diagnostic-Code is diag.
func sendmailNotice(status, diag string) string {
	return "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.com>\nTo: <sender@example.com>\n" +
		"Subject: Returned mail: see transcript for details\nAuto-Submitted: auto-generated (failure)\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"m15\"\n\n" +
		"--m15\n\nThe original message was received at Fri, 20 Nov 2026 11:59:02 +0200\nfrom client.example.com [192.0.2.9]\n\n" +
		"   ----- The following addresses had permanent fatal errors -----\n<rcpt@example.org>\n    (reason: " + diag + ")\n\n" +
		"   ----- Transcript of session follows -----\n" + diag + "\n\n" +
		"--m15\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\n" +
		"Final-Recipient: RFC822; rcpt@example.org\nAction: failed\nStatus: " + status + "\n" +
		"Remote-MTA: DNS; mx.example.org\nDiagnostic-Code: SMTP; " + diag + "\n\n--m15--\n"
}

// TestSendmailConfigError: Sendmail's "config error: mail loops
// back to me (MX problem?)" is a 5.3.5 configuration fault (usersmtp.c
// records it as EX_CONFIG "system config error") - mta_own_attempt.tsv.
func TestSendmailConfigError(t *testing.T) {
	cases := []struct {
		name, status, diag string
		want               classify.Reason
	}{
		{"transcript line", "5.3.5", "553 5.3.5 mx.example.org. config error: mail loops back to me (MX problem?)", classify.SystemError},
		{"recorded status", "5.3.5", "553 5.3.5 system config error", classify.SystemError},
		{"old sendmail without enhanced code", "5.0.0", "553 mx.example.org config error: mail loops back to me (MX problem?)", classify.SystemError},
		// Near misses: loops that are routing loops keep their reason.
		{"postfix own loop 5.4.6", "5.4.6", "mail for example.org loops back to myself", classify.NetworkError},
		{"sendmail too many hops", "5.4.6", "554 5.4.6 Too many hops 26 (25 max): from <sender@example.com> via localhost, to <rcpt@example.org>", classify.NetworkError},
		{"qmail looping", "5.4.6", "This message is looping: it already has my Delivered-To line. (#5.4.6)", classify.NetworkError},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertReason(t, verdicts(t, sendmailNotice(c.status, c.diag)), "rcpt@example.org", c.want)
		})
	}
}
