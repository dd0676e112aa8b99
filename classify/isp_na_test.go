package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestISPNATexts: Optimum's traffic-limit replies (isp_na.tsv) and Road
// Runner's own domain in Spectrum's table, with near misses that keep their
// own reasons.
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
		// Near misses: other restrictions and a 5.7.1 without Optonline's
		// words keep their readings; "sender rejected" without an AUP code
		// outside Spectrum stays rejected.
		{"resources temporarily unavailable", "mx.example.net", "a@example.net", "4.3.0", "451 4.3.0 Resources temporarily unavailable", SystemError},
		{"client host rejected", "mx.example.net", "a@example.net", "5.7.1", "554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org", Blocked},
		{"sender rejected elsewhere", "mx.example.net", "a@example.net", "5.1.0", "550 5.1.0 <news@shop.example> sender rejected", Rejected},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fact(tc.rhost, tc.rcpt, tc.status, tc.diag)
			v := classifyOne(t, f)
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
