package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestNationalProviderReplies reads the rows of provider_replies_national.tsv in the
// replies their sources quote, and near misses that must not take the row's
// reason: the same words in another order or without the service named,
// and the envelope sender where the row names the From: header.
func TestNationalProviderReplies(t *testing.T) {
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{Suspend, []reasonCase{
			{text: "550 is now disabled with SMTP service", command: dsn.CommandRCPT},
			{text: "550 User user@example.org is now disabled with MTA service", command: dsn.CommandRCPT},
			{text: "550 user@example.org is now disabled with smtp and pop3 service", command: dsn.CommandRCPT},
		}, []reasonCase{
			// The server's own service switched off, not the recipient's account.
			{text: "421 4.3.2 SMTP service is now disabled, try again later", status: "4.3.2", command: dsn.CommandCONN},
			{text: "550 5.1.1 user@example.org: no mailbox here, forwarding is now disabled", status: "5.1.1", command: dsn.CommandRCPT},
		}},
		{NotCompliantRFC, []reasonCase{
			{text: `550 The "From" header is missing or invalid. Please follow RFC5322, RFC2047, RFC822 standard protocol. https://service.mail.qq.com/detail/124/995.`, command: dsn.CommandDATA},
		}, []reasonCase{
			// The envelope sender, not the From: header.
			{text: "553 5.1.7 The sender address is missing or invalid", status: "5.1.7", command: dsn.CommandMAIL},
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.reason), func(t *testing.T) {
			assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
		})
	}
}
