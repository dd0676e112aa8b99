package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestAnsweredCommand: Postfix's recipient-restriction wording from a named
// remote host is the answer to RCPT where the notice does not say which
// command was answered, so the user-unknown words in it are the recipient
// check's; without a remote host, after another command, or without that
// wording, they stay held back (a filter's refusal).
func TestAnsweredCommand(t *testing.T) {
	const invalid = "550 5.7.1 <l.f@example.fr>: Recipient address rejected: User email address is marked as invalid"
	tests := []struct {
		name, remote, status, diag, command string
		want                                Reason
	}{
		{"named host, no command", "mx1-eu1.ppe-hosted.com", "5.7.1", invalid, "", UserUnknown},
		{"named host, RCPT", "mx1-eu1.ppe-hosted.com", "5.7.1", invalid, dsn.CommandRCPT, UserUnknown},
		{"no host named", "", "5.7.1", invalid, "", Filtered},
		{"after DATA", "mx1-eu1.ppe-hosted.com", "5.7.1", "554 5.7.1 <l.f@example.fr>: Recipient address rejected: User unknown", dsn.CommandDATA, Filtered},
		{"other wording", "mx1-eu1.ppe-hosted.com", "5.7.1", "550 5.7.1 Message rejected: user unknown", "", Filtered},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := fact(tt.remote, "l.f@example.fr", tt.status, tt.diag)
			f.Recipients[0].Command = tt.command
			v := classifyOne(t, f)
			assert.Equal(t, tt.want, v.Reason, v.Rule)
		})
	}
}
