package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// TestSMTPRelayRefusals: the relays' refusals of a customer's sender
// domain or account (Emailit's API-key domain and paused domain, SendGrid's
// 403) are the sender's refusal, and their sending limits (Emailit's
// per-second limit, SendGrid's daily credits behind "Authentication
// failed:") are rate limits, and Microsoft's 5.2.252 SendAsDenied a security error (texts/smtp_relays.tsv). Near misses: a plain
// AUTH failure or a 530 without the relay's words stays a security error.
func TestSMTPRelayRefusals(t *testing.T) {
	cases := []struct {
		name, relay, reply, command string
		want                        classify.Reason
	}{
		{"emailit api key domain", "smtp.emailit.com",
			"530 API key is restricted to sending domain: app.example.com. From/Sender address must use this domain. From: billing@other.example.org",
			"end of DATA", classify.Rejected},
		{"emailit domain paused", "smtp.emailit.com", "550 Sending from this domain is paused", "end of DATA", classify.Rejected},
		{"sendgrid 403", "smtp.sendgrid.net", "403 You are not authorized to send from that email address", "end of DATA", classify.Rejected},
		{"emailit per second", "smtp.emailit.com", "452 4.4.5 Messages per second limit exceeded", "MAIL FROM", classify.RateLimited},
		{"sendgrid credits", "smtp.sendgrid.net", "451 Authentication failed: Maximum credits exceeded", "MAIL FROM", classify.RateLimited},
		{"microsoft 5.2.252", "smtp.office365.com",
			"554 5.2.252 SendAsDenied; app@example.com not allowed to send as ceo@example.com", "end of DATA", classify.SecurityError},
		// Near misses.
		{"throttled after send-as errors", "smtp.office365.com",
			"550 5.2.252 SMTP AUTH sender throttled. Sender throttled due to continuous send as denied errors.", "MAIL FROM", classify.RateLimited},
		{"plain auth failure", "smtp.sendgrid.net", "535 Authentication failed: Bad username / password", "AUTH", classify.SecurityError},
		{"530 without the relay's words", "smtp.example.net", "530 5.7.0 Authentication required", "MAIL FROM", classify.SecurityError},
		{"size limit, not a sending limit", "smtp.example.net", "552 5.3.4 Message size exceeds fixed maximum message size", "end of DATA", classify.EmailTooLarge},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, relayDSN("customer@example.net", tc.relay, tc.reply, tc.command))
			assertReason(t, got, "customer@example.net", tc.want)
		})
	}
}
