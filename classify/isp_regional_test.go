package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestISPRegionalTexts: Runbox's smarthost refusals, Iridis mailRelay's
// sending quotas and TOAST.net's PTR requirement (isp_regional.tsv), with
// near misses that keep their own readings.
func TestISPRegionalTexts(t *testing.T) {
	for _, tc := range []struct {
		name, rhost, rcpt, status, diag string
		want                            Reason
	}{
		{"runbox relaying", "mail.runbox.com", "a@example.se", "5.0.0", "550 relaying prohibited", NoRelaying},
		{"runbox invalidated from", "mail.runbox.com", "a@example.se", "5.0.0", "550 Invalidated From address", Rejected},
		{"iridis hourly", "mailrelay.iridis.uk", "a@example.co.uk", "4.0.0", "451 HST-RTE: Hourly send rate exceeded, retry later.", RateLimited},
		{"iridis daily", "mailrelay.iridis.uk", "a@example.co.uk", "4.0.0", "451 HST-RTE: Daily send rate exceeded, retry later", RateLimited},
		{"toast ptr", "mx.toast.net", "a@toast.net", "5.0.0", "550 Connecting IP must have valid PTR record for 192.0.2.7", RequirePTR},
		// Near misses: relaying words without "prohibited", a From header
		// that is merely invalid, a size limit, and a PTR lookup that names
		// a sender domain keep their own readings.
		{"relay access denied", "mx.example.net", "a@example.net", "5.7.1", "554 5.7.1 <a@example.net>: Relay access denied", NoRelaying},
		{"invalid from header", "mx.example.net", "a@example.net", "5.0.0", "550 Invalid From address header", OnHold},
		{"size exceeded", "mx.example.net", "a@example.net", "5.3.4", "552 5.3.4 Message size exceeds fixed limit", EmailTooLarge},
		{"no ptr 450", "mx.example.net", "a@example.net", "4.7.1", "450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.7]", RequirePTR},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fact(tc.rhost, tc.rcpt, tc.status, tc.diag)
			v := classifyOne(t, f)
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
