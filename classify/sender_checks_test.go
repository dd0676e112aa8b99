package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestSenderCheckTexts reads the rows of sender_checks.tsv: receivers'
// refusals of the sender's domain or of the From: header, with the near
// misses that must keep their own reason (the recipient's domain, a
// recipient's unknown address, a From: address that only failed
// authentication).
func TestSenderCheckTexts(t *testing.T) {
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{Rejected, []reasonCase{
			{text: "421 unable to verify sender domain", command: dsn.CommandMAIL, delayed: true},
			{text: "421 unable to verify sender domain", command: dsn.CommandRCPT, delayed: true},
			{text: "421 unable to verify sender domain", status: "5.0.0"},
			{text: "550 MX without A records", command: dsn.CommandMAIL},
			{text: "550 MX without A records"},
			{text: "450 Temp. resolver error (ESERVFAIL)", command: dsn.CommandMAIL, delayed: true},
			{text: "450 Temp. resolver error (ETIMEOUT)"},
		}, []reasonCase{
			// Our own MTA's failure to reach the recipient's MX hosts.
			{text: "all relevant MX records point to non-existent hosts", status: "5.4.4"},
			{text: "451 4.4.3 Temporary DNS resolver failure for example.org", status: "4.4.3", delayed: true},
			// The recipient's domain, not the sender's.
			{text: "550 5.1.2 unable to verify recipient domain example.org", status: "5.1.2", command: dsn.CommandRCPT},
			{text: "451 4.4.3 unable to verify the domain of the recipient", status: "4.4.3", command: dsn.CommandRCPT, delayed: true},
		}},
		{NotCompliantRFC, []reasonCase{
			{text: "550 jane@example.org Blank From: addresses are not allowed. Provide a valid From. IB501", command: dsn.CommandDATA},
			{text: "550 jane@example.org IP addresses are not allowed as a From: Address. Provide a valid From. IB502", command: dsn.CommandDATA},
			{text: "550 jane@example.org IP addresses are not allowed as a From: Address. Provide a valid From. IB502", status: "5.0.0"},
		}, []reasonCase{
			// The From: domain failed DMARC: authentication, not the header's form.
			{text: "550 5.7.1 Email rejected per DMARC policy for example.org", status: "5.7.1", command: dsn.CommandDATA},
			// IP addresses as recipients' domains are a different refusal.
			{text: "550 5.1.3 IP addresses are not allowed as recipient domains", status: "5.1.3", command: dsn.CommandRCPT},
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.reason), func(t *testing.T) {
			assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
		})
	}
}
