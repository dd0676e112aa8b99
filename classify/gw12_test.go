package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestGW12Texts reads the replies of gw12.tsv as their sources write them,
// and near misses that must not take the same reason: content refused for
// another cause, and the sender's domain (reverse path) instead of the
// recipient's (forward path).
func TestGW12Texts(t *testing.T) {
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
