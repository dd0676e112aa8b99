package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestGatewaysRegionalTexts: Virusfree's scanner refusal is a spam verdict
// (gateways_regional.tsv).
func TestGatewaysRegionalTexts(t *testing.T) {
	cases := []factCase{
		{"virusfree after DATA", "5.0.0", "554 Message refused by the scanner", dsn.CommandDATA, dsn.ActionFailed, SpamDetected, "text/spamdetected/message refused by the scanner"},
		{"virusfree no command", "", "554 Message refused by the scanner", "", dsn.ActionFailed, SpamDetected, ""},
	}
	runFactCases(t, cases)
}

// TestGatewaysRegionalNearMisses: other refusals that mention a scanner or a
// content filter keep their own reasons.
func TestGatewaysRegionalNearMisses(t *testing.T) {
	cases := []factNearMiss{
		{"virus scanner found a virus", "5.7.1", "554 5.7.1 Virus found by the scanner: Eicar-Test-Signature", dsn.CommandDATA, dsn.ActionFailed, SpamDetected},
		{"user unknown", "5.1.1", "550 5.1.1 Sorry, no mailbox here by that name.", dsn.CommandRCPT, dsn.ActionFailed, SpamDetected},
	}
	runFactNearMisses(t, cases)
}
