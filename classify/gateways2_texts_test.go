package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestGateways2Texts reads the refusals of gateways2.tsv as their sources
// write them, and near misses that must not take the same reason: a list
// name that only begins like Trend Micro's, a forbidden name that is not
// an attachment's, another requirement than OpenDMARC's RFC 5322 counts.
func TestGateways2Texts(t *testing.T) {
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{Blocked, []reasonCase{
			{text: "550 5.7.1 <rec@example.com.au>: Recipient address rejected: ERS-RBL.", status: "5.7.1", command: dsn.CommandRCPT},
			{text: "550 5.7.1 <rec@example.com.au>: Recipient address rejected: ERS-DUL.", status: "5.7.1", command: dsn.CommandRCPT},
			{text: "450 4.7.1 <aaa@example.com>: Recipient address rejected: ERS-QIL.", status: "4.7.1", command: dsn.CommandRCPT, delayed: true},
		}, []reasonCase{
			// A name that only begins like one of the ERS lists.
			{text: "550 5.7.1 <rec@example.com.au>: Recipient address rejected: ERS-RBLX.", status: "5.7.1", command: dsn.CommandRCPT},
		}},
		{PolicyViolation, []reasonCase{
			{text: "554 5.7.1 Forbidden attachment name extension", status: "5.7.1", command: dsn.CommandDATA},
		}, []reasonCase{
			// A forbidden name in the address, not an attachment's.
			{text: "550 5.7.1 Forbidden recipient name", status: "5.7.1", command: dsn.CommandRCPT},
		}},
		{NotCompliantRFC, []reasonCase{
			{text: "550 5.7.1 RFC5322 requirement error: not exactly one Date field", status: "5.7.1", command: dsn.CommandDATA},
			{text: "550 5.7.1 RFC5322 requirement error: multiple Subject fields", status: "5.7.1", command: dsn.CommandDATA},
		}, []reasonCase{
			// A requirement of another standard, not the header's counts.
			{text: "550 5.7.1 DMARC requirement error: policy reject", status: "5.7.1", command: dsn.CommandDATA},
		}},
	}
	for _, tt := range tests {
		assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
	}
}

// Mimecast's singular wording of its 451 deferral is Mimecast's own: from
// another receiver the same words are not read by Mimecast's table.
func TestMimecastInternalResourceOnlyFromMimecast(t *testing.T) {
	diag := "451 Internal resource temporarily unavailable - https://community.mimecast.com/docs/DOC-1369#451 [z7qZw5BPd1zlDYHka4589ru.us222]"
	v := classifyOne(t, fact("us-smtp-inbound-1.mimecast.com", "neko@example.com", "4.0.0", diag))
	assert.Equal(t, BadReputation, v.Reason)
	assert.Equal(t, StageProvider, v.Stage, v.Rule)

	other := classifyOne(t, fact("mx.example.net", "neko@example.com", "4.0.0", "451 Internal resource temporarily unavailable"))
	assert.NotEqual(t, StageProvider, other.Stage, other.Rule)
}
