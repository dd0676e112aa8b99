package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestThrottleTexts: a receiver deferring because it is itself overloaded
// (Exim's smtp_load_reserve, Haraka's toobusy: "Too much load; please try
// again later") is a system error of the destination, and Haraka's limit
// plugin refusing recipients of null-sender mail over its rate is a rate
// limit (throttle.tsv).
func TestThrottleTexts(t *testing.T) {
	cases := []factCase{
		{"exim load reserve, delayed", "4.0.0", "421 mx.example.org: Too much load; please try again later", dsn.CommandCONN, dsn.ActionDelayed, SystemError, "text/systemerror/too much load please try again later"},
		{"exim daemon load, full stop", "4.0.0", "421 mx.example.org: Too much load; please try again later.", dsn.CommandCONN, dsn.ActionFailed, SystemError, ""},
		{"haraka null sender rate", "4.0.0", "450 null recip rate limit", dsn.CommandRCPT, dsn.ActionDelayed, RateLimited, ""},
		{"exchange online tenant threshold", "5.7.705", "550 5.7.705 Access denied, tenant has exceeded threshold", dsn.CommandMAIL, dsn.ActionFailed, RateLimited, ""},
	}
	runFactCases(t, cases)
}

// TestThrottleNearMisses: other load and limit words keep their reasons.
func TestThrottleNearMisses(t *testing.T) {
	cases := []factNearMiss{
		{"sender rate, not load", "4.0.0", "451 Sender rate exceeds 1500 messages per 1h", dsn.CommandRCPT, dsn.ActionDelayed, SystemError},
		{"too many connections, not load", "4.7.0", "421 4.7.0 mx.example.org Error: too many connections from client.example.net[192.0.2.1]", dsn.CommandCONN, dsn.ActionDelayed, SystemError},
		{"null recipient unknown", "5.1.1", "550 5.1.1 <null@example.org>: Recipient address rejected: User unknown", dsn.CommandRCPT, dsn.ActionFailed, RateLimited},
	}
	runFactNearMisses(t, cases)
}
