package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestISPNATexts: Optimum's traffic-limit replies and Shaw's smarthost limit
// (isp_na.tsv), EarthLink's outbound ELNK_ rate limits, and Road Runner's own
// domain in Spectrum's table, with near misses that keep their own reasons.
func TestISPNATexts(t *testing.T) {
	for _, tc := range []struct {
		name, rhost, rcpt, status, diag string
		want                            Reason
	}{
		// Optonline's limits: a 421 at the greeting and a 554 5.7.1 at RCPT.
		{"optonline resources", "mx.optonline.net", "a@optonline.net", "4.7.1", "421 4.7.1 Resources restricted - try again later", RateLimited},
		{"optonline flooding", "mx.optonline.net", "a@optonline.net", "5.7.1", "554 5.7.1 rejection limit reached - stop flooding us", RateLimited},
		// Spectrum's AUP codes for a roadrunner.com recipient, whatever MX host answered.
		{"roadrunner 1310", "mx.example.net", "j@roadrunner.com", "5.1.0", "550 5.1.0 <news@shop.example> sender rejected. AUP#In-1310", RateLimited},
		{"roadrunner 1000", "mx.example.net", "j@roadrunner.com", "5.0.0", "554 cmsmtp 192.0.2.7 blocked. AUP#I-1000", Blocked},
		// Shaw's smarthost past its daily limit (the greeting as sent, and as
		// a relay quotes it with a code).
		{"shaw spam limit", "shawmail.wp.shawcable.net", "a@example.net", "4.0.0", "4.5.9|Spam limit has been reached.", RateLimited},
		{"shaw spam limit 421", "shawmail.wp.shawcable.net", "a@example.net", "4.5.9", "421 4.5.9|Spam limit has been reached.", RateLimited},
		// EarthLink's outbound rate limits (its relay, its ELNK_ codes).
		{"earthlink 134", "smtpauth.earthlink.net", "a@example.net", "4.2.1", "421 4.2.1 Connection deferred ELNK_134", RateLimited},
		{"earthlink 136", "smtpauth.earthlink.net", "a@example.net", "4.2.1", "421 4.2.1 Connection deferred ELNK_136", RateLimited},
		{"earthlink 139", "smtpauth.earthlink.net", "a@example.net", "4.2.1", "421 4.2.1 Connection deferred ELNK_139", RateLimited},
		{"earthlink 130 stays", "smtpauth.earthlink.net", "a@example.net", "4.2.1", "421 4.2.1 Connection deferred ELNK_130", BadReputation},
		// Near misses: a spam verdict is not Shaw's limit; other restrictions and a 5.7.1 without Optonline's
		// words keep their readings; "sender rejected" without an AUP code
		// outside Spectrum stays rejected.
		{"resources temporarily unavailable", "mx.example.net", "a@example.net", "4.3.0", "451 4.3.0 Resources temporarily unavailable", SystemError},
		{"client host rejected", "mx.example.net", "a@example.net", "5.7.1", "554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org", Blocked},
		{"sender rejected elsewhere", "mx.example.net", "a@example.net", "5.1.0", "550 5.1.0 <news@shop.example> sender rejected", Rejected},
		{"spam rejected", "mx.example.net", "a@example.net", "5.7.1", "550 5.7.1 Message rejected as spam", SpamDetected},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fact(tc.rhost, tc.rcpt, tc.status, tc.diag)
			v := classifyOne(t, f)
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
