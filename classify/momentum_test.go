package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// momentumDSN is a delivery status notification for rcpt with the given
// action, status and diagnostic, as an MTA that relays a Momentum reply
// writes it (the layout of mailgun/flanker's no-mx.eml fixture).
func momentumDSN(rcpt, action, status, diag string) string {
	return "From: Mail Delivery System <Mailer-Daemon@example.com>\nTo: <support@example.net>\n" +
		"Subject: Delayed Mail (still being retried)\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\n\n" +
		"--b1\nContent-Type: text/plain\n\n<" + rcpt + ">: " + diag + "\n\n" +
		"--b1\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; example.com\n\n" +
		"Final-Recipient: rfc822; " + rcpt + "\nStatus: " + status + "\nAction: " + action + "\n" +
		"Diagnostic-Code: smtp; " + diag + "\n\n" +
		"--b1\nContent-Type: text/rfc822-headers\n\nFrom: <support@example.net>\nTo: <" + rcpt + ">\nSubject: Notification\n\n--b1--\n"
}

// TestMomentumInternalTexts: Momentum's own "[internal]" texts (its
// manual's SMTP response code table) name what happened, over the
// catch-all status codes it gives them (X.4.4 for a domain with no MX and
// no address, X.4.7 for the retries running out). Near misses: the same
// codes with other words keep their own reasons.
func TestMomentumInternalTexts(t *testing.T) {
	cases := []struct {
		name, action, status, diag string
		want                       classify.Reason
	}{
		{"no MX or A, delayed", "delayed", "4.4.4", "454 4.4.4 [internal] no MX or A for domain", classify.NotAccept},
		{"no MX or A, failed", "failed", "4.4.4", "454 4.4.4 [internal] no MX or A for domain", classify.NotAccept},
		{"null MX", "failed", "5.4.4", "550 5.4.4 [internal] NULL MX domain does not accept mail", classify.NotAccept},
		{"no MX reachable", "delayed", "4.4.0", "421 4.4.0 [internal] no MXs for this domain could be reached at this time", classify.NetworkError},
		{"not attempted, expired", "failed", "5.4.5", "554 5.4.5 [internal] Delivery not attempted (message expired)", classify.Expired},
		{"max retries", "failed", "5.4.7", "554 5.4.7 [internal] exceeded max retries without delivery", classify.Expired},
		// Near misses.
		{"unroutable, no words", "delayed", "4.4.4", "454 4.4.4 unable to route", classify.NetworkError},
		{"domain not found", "failed", "5.1.2", "550 5.1.2 Host unknown (Name server: example.invalid: host not found)", classify.HostUnknown},
		{"MX timed out", "delayed", "4.4.1", "421 4.4.1 mx1.example.com: Connection timed out", classify.NetworkError},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, momentumDSN("user@example.com", tc.action, tc.status, tc.diag))
			assertReason(t, got, "user@example.com", tc.want)
		})
	}
}
