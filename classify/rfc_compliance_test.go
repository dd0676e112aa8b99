package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// postfixRemoteNotice writes Postfix's failure notice (bounce_template.c,
// smtp_proto.c "host %s said: %s (in reply to %s command)") for one
// recipient refused after DATA with the reply diag and status.
func postfixRemoteNotice(status, diag string) string {
	return "From: MAILER-DAEMON@mx.example.com (Mail Delivery System)\nTo: sender@example.com\n" +
		"Subject: Undelivered Mail Returned to Sender\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"r17\"\n\n" +
		"--r17\nContent-Description: Notification\nContent-Type: text/plain; charset=us-ascii\n\n" +
		"This is the mail system at host mx.example.com.\n\nI'm sorry to have to inform you that your message could not\n" +
		"be delivered to one or more recipients. It's attached below.\n\n                   The mail system\n\n" +
		"<rcpt@example.org>: host mx.example.org[192.0.2.7] said: " + diag + " (in reply to end of DATA command)\n\n" +
		"--r17\nContent-Description: Delivery report\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\n" +
		"Final-Recipient: rfc822; rcpt@example.org\nAction: failed\nStatus: " + status + "\n" +
		"Remote-MTA: dns; mx.example.org\nDiagnostic-Code: smtp; " + diag + "\n\n--r17--\n"
}

// TestRFCCompliance: Gmail's refusal of a message without a valid
// Message-ID in the wording its servers send is notcompliantrfc
// (texts/rfc-compliance.tsv); near misses keep their reasons.
func TestRFCCompliance(t *testing.T) {
	cases := []struct {
		name, status, diag string
		want               classify.Reason
	}{
		{"gmail messageId one word", "5.7.1", "550-5.7.1 [192.0.2.9] Messages missing a valid messageId header are not 550 5.7.1 accepted. a1si123 - gsmtp", classify.NotCompliantRFC},
		// Near misses: other content and syntax refusals keep their reasons.
		{"cyrus nul characters", "5.6.0", "554 5.6.0 Message contains NUL characters", classify.ContentError},
		{"sendmail headers too large", "5.6.0", "552 5.6.0 Headers too large (32768 max)", classify.ContentError},
		{"gmail cannot decode", "5.5.2", "501-5.5.2 Syntax error, cannot decode response. For more information, go to 501 5.5.2 https://support.google.com/a/answer/3221692 x1si2 - gsmtp", classify.SyntaxError},
		{"postfix unknown command", "5.5.2", "502 5.5.2 Error: command not recognized", classify.SyntaxError},
		{"bare word in a blocklist text", "5.7.1", "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using b.barracudacentral.org", classify.Blocked},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertReason(t, verdicts(t, postfixRemoteNotice(c.status, c.diag)), "rcpt@example.org", c.want)
		})
	}
}
