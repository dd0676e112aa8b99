package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestMailCleanerTexts reads MailCleaner's Exim ACL texts
// (texts/gateways_mailcleaner.tsv) as the gateway answers them (550, no
// enhanced code), with near misses that must not take the same reason.
func TestMailCleanerTexts(t *testing.T) {
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{Rejected, []reasonCase{
			{text: "550 blacklisted sender: orders@example.org", status: "5.0.0", command: dsn.CommandRCPT},
			{text: "550 blacklisted sender: orders@example.org", status: "5.2.0"},
		}, []reasonCase{
			{text: "550 blacklisted recipient: info@example.org", status: "5.0.0", command: dsn.CommandRCPT},
		}},
		{PolicyViolation, []reasonCase{
			{text: "550 This domain does not accept mail from itself (spoofing)", status: "5.0.0", command: dsn.CommandRCPT},
			{text: "550 Detected forbidden filetype (Security reasons).", status: "5.0.0", command: dsn.CommandDATA},
			{text: "550 Detected forbidden filetype (Security reasons).", status: "5.0.0"},
		}, []reasonCase{
			{text: "550 This domain does not accept mail", status: "5.0.0", command: dsn.CommandRCPT},
		}},
		{RequirePTR, []reasonCase{
			{text: "550 Reverse DNS lookup failed for 192.0.2.7", status: "5.0.0", command: dsn.CommandRCPT},
		}, []reasonCase{
			{text: "451 DNS lookup failed for example.org", status: "4.0.0", command: dsn.CommandRCPT},
		}},
		{FailedSTARTTLS, []reasonCase{
			{text: "550 Encryption is required from you", status: "5.0.0", command: dsn.CommandRCPT},
			{text: "550 Encryption is required from your domain", status: "5.2.0"},
			{text: "550 Encryption is required to this domain", status: "5.0.0", command: dsn.CommandRCPT},
		}, []reasonCase{
			{text: "550 Authentication is required from you", status: "5.0.0", command: dsn.CommandRCPT},
		}},
		{NoRelaying, []reasonCase{
			{text: "550 Relaying to this domain is forbidden", status: "5.0.0", command: dsn.CommandRCPT},
		}, []reasonCase{
			{text: "550 Sending to this address is forbidden", status: "5.0.0", command: dsn.CommandRCPT},
		}},
		{Blocked, []reasonCase{
			{text: "550 backscatterer blacklisted: Listed by BACKSCATTERER", status: "5.0.0", command: dsn.CommandRCPT},
		}, []reasonCase{
			{text: "550 blacklisted sender: bounces@example.org", status: "5.0.0", command: dsn.CommandRCPT},
		}},
		{SecurityError, []reasonCase{
			{text: "550 unauthenticated session on submission port", status: "5.0.0", command: dsn.CommandRCPT},
		}, []reasonCase{
			{text: "550 session on submission port closed", status: "5.0.0", command: dsn.CommandRCPT},
		}},
		{Rejected, []reasonCase{
			{text: "550 refused user due to massive abuse", status: "5.0.0", command: dsn.CommandRCPT},
		}, []reasonCase{
			{text: "550 user refused", status: "5.0.0", command: dsn.CommandDATA},
		}},
		{NotCompliantRFC, []reasonCase{
			{text: "550 Maximum line length is 998, got 4211.", status: "5.0.0", command: dsn.CommandDATA},
		}, []reasonCase{
			{text: "550 Maximum message size is 10485760", status: "5.0.0", command: dsn.CommandDATA},
		}},
	}
	for _, tt := range tests {
		assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
	}
}
