package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestLDAOwnUnknownUser checks that a local delivery agent's own
// user-unknown words (Sisimai's LDA table, texts/lda_sisimai.tsv), with
// the agent's name in the diagnostic, are the agent's mailbox lookup, and
// that the same words without the agent's name, or in answer to another
// command than DATA, are not.
func TestLDAOwnUnknownUser(t *testing.T) {
	for _, tc := range []struct {
		name, diag, command string
		want                Reason
	}{
		{"maildrop, no command", "maildrop: Invalid user specified.", "", UserUnknown},
		{"maildrop, DATA", "maildrop: Cannot find system user kim", dsn.CommandDATA, UserUnknown},
		{"vmailmgr", "vdeliver: Invalid or unknown virtual user 'kim'", "", UserUnknown},
		{"near: no agent named", "Invalid user specified.", "", ""},
		{"near: agent named, answer to MAIL", "maildrop: Invalid user specified.", dsn.CommandMAIL, ""},
		{"near: agent name without its colon", "maildrop Invalid user specified.", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, rc := newFact("5.0.0", tc.diag, tc.command, dsn.ActionFailed)
			v := ClassifyRecipient(r, rc)
			if tc.want == "" {
				assert.NotEqual(t, UserUnknown, v.Reason, v.Rule)
				return
			}
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
