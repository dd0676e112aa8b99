package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// TestExchangeSenderRecipientThrottle: Exchange's "450 4.5.0 Message
// rejected.  Excessive message rate from sender to recipient." (AckReason
// SenderRecipientThrottlingMessageRejected) is a rate limit -
// exchange_transport.tsv. Near misses keep their own reasons.
func TestExchangeSenderRecipientThrottle(t *testing.T) {
	cases := []struct {
		name, status, diag string
		want               classify.Reason
	}{
		{"exchange throttle", "4.5.0", "450 4.5.0 Message rejected.  Excessive message rate from sender to recipient.", classify.RateLimited},
		{"single space", "4.5.0", "450 4.5.0 Message rejected. Excessive message rate from sender to recipient.", classify.RateLimited},
		// Near misses: not the throttle's words.
		{"message rejected alone", "5.5.0", "550 5.5.0 Message rejected", classify.OnHold},
		{"recipient not found", "5.1.1", "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found", classify.UserUnknown},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertReason(t, verdicts(t, exchangeRoutingNDR(c.status, c.diag)), "rcpt@example.org", c.want)
		})
	}
}
