package classify_test

import (
	"strings"
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// momentumDelayDSN is a Momentum delay DSN (the layout of
// mailgun/flanker's no-mx.eml fixture) for one recipient.
func momentumDelayDSN(rcpt, status, diag string) string {
	action := "delayed"
	if strings.HasPrefix(status, "5") {
		action = "failed"
	}
	return "From: Mail Delivery System <Mailer-Daemon@mta1.ecel.example.com>\n" +
		"To: <billing@example.com>\n" +
		"Subject: Delayed Mail (still being retried)\n" +
		"Date: Mon, 8 Sep 2025 04:10:00 -0600\n" +
		"Mime-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status;\n boundary=\"Qk7vXb2m==\"\n" +
		"Message-Id: <5f0c2a1e@mta1.ecel.example.com>\n\n" +
		"--Qk7vXb2m==\nContent-Description: Notification\nContent-Type: text/plain\n\n" +
		"####################################################################\n" +
		"# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n" +
		"####################################################################\n\n" +
		"Your message could not be delivered for 1 days, 0 hours, 0 minutes.\n" +
		"It will be retried until it is 5 days, 0 hours, 0 minutes old.\n\n" +
		"<" + rcpt + ">: " + diag + "\n\n\n" +
		"--Qk7vXb2m==\nContent-Description: Delivery report\nContent-Type: message/delivery-status\n\n" +
		"Reporting-MTA: dns; mta1.ecel.example.com\nArrival-Date: Mon, 8 Sep 2025 04:10:00 -0600\n\n" +
		"Final-Recipient: rfc822; " + rcpt + "\nStatus: " + status + "\nAction: " + action + "\n" +
		"Last-Attempt-Date: Mon, 8 Sep 2025 04:10:00 -0600\nDiagnostic-Code: smtp; " + diag + "\n\n" +
		"--Qk7vXb2m==--\n"
}

// TestMomentumTLSAndPolicyTexts: Momentum's own "[internal]" responses whose
// words name the failure (Momentum manual, Appendix F) decide over the
// bare X.4.0 / X.7.5 / X.7.6 / X.7.1 codes; near misses keep what their
// codes or other rows say.
func TestMomentumTLSAndPolicyTexts(t *testing.T) {
	cases := []struct {
		name, status, diag string
		want               classify.Reason
	}{
		{"no MXs reached", "4.4.0", "421 4.4.0 [internal] no MXs for this domain could be reached at this time", classify.NetworkError},
		{"starttls not advertised", "4.7.6", "451 4.7.6 [internal] STARTTLS required but not advertised", classify.FailedSTARTTLS},
		{"cert not signed by a valid CA", "4.7.5", "451 4.7.5 [internal] SSL cert must be signed by a valid CA", classify.FailedSTARTTLS},
		{"cert common name", "4.7.5", "451 4.7.5 [internal] SSL cert common name does not match host", classify.FailedSTARTTLS},
		{"cert subject", "4.7.5", "451 4.7.5 [internal] SSL certificate subject does not match host", classify.FailedSTARTTLS},
		{"discarded by policy", "5.7.1", "550 5.7.1 [internal] discarded by policy", classify.PolicyViolation},
		{"recipient blackholed is no moved mailbox", "5.7.1", "551 5.7.1 recipient blackholed", classify.PolicyViolation},
		// Near misses: texts the new rows must not take.
		{"551 user not local still moved", "5.1.6", "551 5.1.6 User not local; please try <x@example.org>", classify.HasMoved},
		{"no valid hosts keeps X.4.1's reading", "4.4.1", "451 4.4.1 [internal] No valid hosts (unable to make any connections)", classify.Expired},
		{"connection closed keeps X.4.2", "4.4.2", "451 4.4.2 [internal] connection closed by remote host", classify.NetworkError},
		{"relaying denied", "5.7.1", "550 5.7.1 relaying denied", classify.NoRelaying},
		{"rejected by policy", "5.7.0", "554 5.7.0 [internal] rejected by policy", classify.PolicyViolation},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, momentumDelayDSN("ops@example.net", tc.status, tc.diag))
			assertReason(t, got, "ops@example.net", tc.want)
		})
	}
}
