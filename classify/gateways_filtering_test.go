package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestGatewaysFilteringTexts reads the replies of gateways_filtering.tsv as their sources write them,
// and near misses that must not take the same reason: content refused for
// another cause, and the sender's domain (reverse path) instead of the
// recipient's (forward path).
func TestGatewaysFilteringTexts(t *testing.T) {
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{VirusDetected, []reasonCase{
			{text: "550 Message contained unsafe content (Heuristics.Phishing.Email.SpoofedDomain)", status: "5.0.0", command: dsn.CommandDATA},
			{text: "550 Message contained unsafe content (Heuristics.Phishing.Email.SpoofedDomain)", status: "5.0.0"},
		}, []reasonCase{
			{text: "550 Message contained content not permitted by policy", status: "5.0.0", command: dsn.CommandDATA},
		}},
		{NoRelaying, []reasonCase{
			{text: "550 Domain of forward path is not allowed", status: "5.0.0", command: dsn.CommandRCPT},
			{text: "550 Domain of forward path is not allowed", status: "5.0.0"},
		}, []reasonCase{
			{text: "550 Domain of reverse path is not allowed", status: "5.0.0", command: dsn.CommandMAIL},
		}},
	}
	for _, tt := range tests {
		assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
	}
}

// TestGatewaysFilteringGreetingStatus: ASSP's refusal at the greeting carries X.7.2
// (registered for a mailing list's expansion refused to the sender, a
// sender's refusal): before MAIL FROM that status is out of place and the
// text, the sending IP's block, decides (https://maxclicksonline.com/
// client-area/knowledgebase.php?action=displayarticle&id=10095).
func TestGatewaysFilteringGreetingStatus(t *testing.T) {
	const denied = "554 5.7.2 Service denied, closing transmission channel (m1-48213-03)"
	assertReasonCases(t, Blocked, []reasonCase{
		{text: denied, status: "5.7.2", command: dsn.CommandCONN},
	}, []reasonCase{
		// The same status after DATA with other words: not a block.
		{text: "554 5.7.2 Message rejected: list expansion not permitted", status: "5.7.2", command: dsn.CommandDATA},
	})
}

// TestGatewaysFilteringBaruwa: Baruwa's banned-sender texts; Mailman's "Message sender
// <addr> is banned from this list" is a list's refusal, not Baruwa's block.
func TestGatewaysFilteringBaruwa(t *testing.T) {
	assertReasonCases(t, Blocked, []reasonCase{
		{text: "550 The sender 198.51.100.40 is banned", status: "5.0.0", command: dsn.CommandMAIL},
		{text: "550 The sender 198.51.100.40 is banned", status: "5.0.0"},
	}, []reasonCase{
		{text: "Message sender neko@example.jp is banned from this list", status: "5.0.0"},
		{text: "550 The domain example.jp is banned", status: "5.0.0", command: dsn.CommandMAIL},
	})
	assertReasonCases(t, Rejected, []reasonCase{
		{text: "550 The domain example.jp is banned", status: "5.0.0", command: dsn.CommandRCPT},
	}, nil)
}

// TestGatewaysFilteringBarracuda: Barracuda's per-recipient "blocked" result after
// DATA is the recipient's filter; a downstream reply quoted in the bracket
// keeps its own reason, and the words without the result name nothing.
func TestGatewaysFilteringBarracuda(t *testing.T) {
	assertReasonCases(t, Filtered, []reasonCase{
		{text: "550 permanent failure for one or more recipients (wlin@example.com:blocked)", status: "5.0.0", command: dsn.CommandDATA},
		{text: "550 permanent failure for one or more recipients (m.abencerraje@riverside-schools.example.org:blocked)", status: "5.0.0"},
	}, []reasonCase{
		{text: "550 permanent failure for one or more recipients (a@example.com:550 5.1.1 User unknown)", status: "5.0.0", command: dsn.CommandDATA},
		{text: "550 permanent failure for one or more recipients", status: "5.0.0", command: dsn.CommandDATA},
	})
}
