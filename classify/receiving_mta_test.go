package classify

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestReceivingMTADefaults: the rows of texts/receiving_mta.tsv decide the
// built-in replies of receiving MTA software their sources give.
func TestReceivingMTADefaults(t *testing.T) {
	tests := []struct {
		remote, rcpt, status, diag string
		want                       Reason
		rule                       string
	}{
		{"mx.example.com", "old-treasurer@example.com", "5.0.0", "550 old-treasurer@example.com That recipient is not allowed", PolicyViolation, "text/policyviolation/that recipient is not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.diag, func(t *testing.T) {
			f := fact(tt.remote, tt.rcpt, tt.status, tt.diag)
			f.Recipients[0].Command = dsn.CommandRCPT
			v := classifyOne(t, f)
			assert.Equal(t, tt.want, v.Reason, v.Rule)
			assert.True(t, strings.HasPrefix(v.Rule, tt.rule), v.Rule)
		})
	}
}

// TestReceivingMTADefaultsNearMisses: replies that share words with the rows
// and must not be decided by them.
func TestReceivingMTADefaultsNearMisses(t *testing.T) {
	tests := []struct {
		remote, rcpt, status, diag string
		notRule                    string
	}{
		// Haraka's sender refusal of the same plugin names the sender, not the recipient.
		{"mx.example.com", "neko@example.com", "5.0.0", "550 a@example.org That sender cannot send mail here", "text/policyviolation/that recipient is not allowed"},
		// A recipient count, not the recipient, is not allowed.
		{"mx.example.com", "neko@example.com", "5.5.3", "452 5.5.3 More than 100 recipients is not allowed", "text/policyviolation/that recipient is not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.diag, func(t *testing.T) {
			v := classifyOne(t, fact(tt.remote, tt.rcpt, tt.status, tt.diag))
			assert.False(t, strings.HasPrefix(v.Rule, tt.notRule), v.Rule)
		})
	}
}
