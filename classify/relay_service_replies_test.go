package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestSendingServiceReplies reads the relays' refusals in
// relay_service_replies.tsv as the services write them, and near misses that
// must not take the same reason.
func TestSendingServiceReplies(t *testing.T) {
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{Rejected, []reasonCase{
			{text: "550 The from address does not match a verified Sender Identity. Mail cannot be sent until this error is resolved. Visit https://sendgrid.com/docs/for-developers/sending-email/sender-identity/ to see the Sender Identity requirements", command: dsn.CommandDATA},
			{text: "550 The from address does not match a verified Sender Identity.", status: "5.0.0", command: dsn.CommandDATA},
		}, []reasonCase{
			// The account's identity verified: no refusal in the words.
			{text: "550 5.1.1 The from address matches a verified Sender Identity; recipient unknown", status: "5.1.1", command: dsn.CommandRCPT},
			// The words split by other text do not make the phrase.
			{text: "550 The from address does not match our records; a verified Sender Identity is required", command: dsn.CommandDATA},
		}},
	}
	for _, tt := range tests {
		assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
	}
}
