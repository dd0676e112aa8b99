package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestISPApacTexts: an Indian host's "Server busy, please try again later"
// (the receiving server overloaded or in maintenance) is a system error of the
// destination (isp_apac.tsv).
func TestISPApacTexts(t *testing.T) {
	cases := []factCase{
		{"421 greeting, delayed", "4.2.0", "421 4.2.0 Server busy, please try again later", dsn.CommandCONN, dsn.ActionDelayed, SystemError, "text/systemerror/server busy please try again later"},
		{"421 at RCPT, failed", "4.2.0", "421 4.2.0 Server busy, please try again later", dsn.CommandRCPT, dsn.ActionFailed, SystemError, ""},
	}
	runFactCases(t, cases)
}

// TestISPApacNearMisses: busy words that name a mailbox or a rate keep their
// reasons.
func TestISPApacNearMisses(t *testing.T) {
	cases := []factNearMiss{
		{"mailbox busy", "4.2.1", "450 4.2.1 Mailbox busy, please try again later", dsn.CommandRCPT, dsn.ActionDelayed, SystemError},
		{"too many connections", "4.7.0", "421 4.7.0 Server busy: too many connections from your IP", dsn.CommandCONN, dsn.ActionDelayed, SystemError},
	}
	runFactNearMisses(t, cases)
}
