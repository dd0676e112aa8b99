package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// sendmailTextOnly writes Sendmail 8's failure notice without MIME
// (SendMimeErrors off: savemail.c errbody with no boundary, so no
// delivery-status part and "----- Original message follows -----").
func sendmailTextOnly(transcript string) string {
	return "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.com>\nTo: <sender@example.com>\n" +
		"Subject: Returned mail: see transcript for details\nAuto-Submitted: auto-generated (failure)\n\n" +
		"The original message was received at Fri, 20 Nov 2026 11:59:02 +0200\nfrom client.example.com [192.0.2.9]\n\n" +
		"   ----- The following addresses had permanent fatal errors -----\n<rcpt@example.org>\n\n" +
		"   ----- Transcript of session follows -----\n" + transcript + "\n" +
		"   ----- Original message follows -----\n\nFrom: sender@example.com\nTo: rcpt@example.org\nSubject: hello\n\nhi\n"
}

// TestSendmailMXPointsBack: domain.c's "MX list for %s points back to %s"
// is a configuration fault (EX_CONFIG, 5.3.5) - sendmail_own.tsv.
func TestSendmailMXPointsBack(t *testing.T) {
	cases := []struct {
		name, status, diag string
		want               classify.Reason
	}{
		{"syserr line", "5.3.5", "554 5.0.0 MX list for example.org. points back to mx.example.com", classify.SystemError},
		{"old sendmail without codes", "5.0.0", "MX list for example.org points back to mx.example.com", classify.SystemError},
		// Near misses: the other MX and DNS texts keep their reasons.
		{"host not found", "5.1.2", "550 5.1.2 <rcpt@example.org>... Host unknown (Name server: example.org: host not found)", classify.HostUnknown},
		{"host name lookup failure", "4.4.3", "Deferred: Name server: example.org.: host name lookup failure", classify.NetworkError},
		{"too many hops", "5.4.6", "554 5.4.6 Too many hops 26 (25 max): from <sender@example.com> via localhost, to <rcpt@example.org>", classify.NetworkError},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertReason(t, verdicts(t, sendmailNotice(c.status, c.diag)), "rcpt@example.org", c.want)
		})
	}
	t.Run("text-only notice", func(t *testing.T) {
		msg := sendmailTextOnly("554 5.0.0 MX list for example.org. points back to mx.example.com\n554 5.3.5 <rcpt@example.org>... Local configuration error\n")
		assertReason(t, verdicts(t, msg), "rcpt@example.org", classify.SystemError)
	})
}

// sendmailWarningNotice writes Sendmail's delay warning (savemail.c: the
// "THIS IS A WARNING MESSAGE ONLY" banner, "----- The following addresses
// had transient non-fatal errors -----", Action: delayed) for one
// recipient whose last deferral is line.
func sendmailWarningNotice(line string) string {
	return "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.com>\nTo: <sender@example.com>\n" +
		"Subject: Warning: could not send message for past 4 hours\nAuto-Submitted: auto-generated (warning-timeout)\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"w22\"\n\n" +
		"--w22\n\n    **********************************************\n    **      THIS IS A WARNING MESSAGE ONLY      **\n" +
		"    **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **\n    **********************************************\n\n" +
		"The original message was received at Fri, 20 Nov 2026 11:59:02 +0200\nfrom client.example.com [192.0.2.9]\n\n" +
		"   ----- The following addresses had transient non-fatal errors -----\n<rcpt@example.org>\n\n" +
		"   ----- Transcript of session follows -----\n<rcpt@example.org>... " + line +
		"\nWarning: message still undelivered after 4 hours\nWill keep trying until message is 5 days old\n\n" +
		"--w22\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\n" +
		"Final-Recipient: RFC822; rcpt@example.org\nAction: delayed\nStatus: 4.4.1\nRemote-MTA: DNS; mx.example.org\n\n--w22--\n"
}

// TestSendmailReadTimeout: util.c's "timeout waiting for input from %s
// during %s" is the delivery time running out in a queue-timeout return
// and the network error of the last attempt in a delay warning -
// sendmail_own.tsv.
func TestSendmailReadTimeout(t *testing.T) {
	const timeout = "451 4.4.1 timeout waiting for input from mx.example.org. during client DATA phase"
	t.Run("given up after 5 days", func(t *testing.T) {
		assertReason(t, verdicts(t, sendmailNotice("4.4.7", timeout)), "rcpt@example.org", classify.Expired)
	})
	t.Run("delay warning", func(t *testing.T) {
		assertReason(t, verdicts(t, sendmailWarningNotice("Deferred: "+timeout)), "rcpt@example.org", classify.NetworkError)
	})
	// Near misses: other deferrals in a warning keep their own reasons.
	t.Run("warning, connection reset", func(t *testing.T) {
		assertReason(t, verdicts(t, sendmailWarningNotice("Deferred: Connection reset by mx.example.org.")), "rcpt@example.org", classify.NetworkError)
	})
	t.Run("failure, user unknown", func(t *testing.T) {
		assertReason(t, verdicts(t, sendmailNotice("5.1.1", "550 5.1.1 <rcpt@example.org>... User unknown")), "rcpt@example.org", classify.UserUnknown)
	})
}
