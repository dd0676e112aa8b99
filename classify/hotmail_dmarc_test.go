package classify_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestHotmailDMARCTexts: Hotmail's DMARC refusal (classify/texts/hotmail_dmarc.tsv)
// is an authentication failure; near misses keep their own reasons.
func TestHotmailDMARCTexts(t *testing.T) {
	cases := []struct {
		name, status, diag string
		want               classify.Reason
	}{
		// debian-user (mail-archive), quoting the listmaster's bounce page.
		{"hotmail DMARC", "5.7.0", "550 5.7.0 (COL004-MC1F52) Unfortunately, messages from (82.195.75.100) on behalf of (yahoo.com) could not be delivered due to domain owner policy restrictions.", classify.AuthFailure},
		{"hotmail DMARC, other cluster", "5.7.0", "550 5.7.0 (BAY004-MC3F10) Unfortunately, messages from (192.0.2.7) on behalf of (aol.com) could not be delivered due to domain owner policy restrictions.", classify.AuthFailure},
		// Near misses: the receiving site's own policy words.
		{"GMX policy restrictions", "5.0.0", "554 Reject due to policy restrictions", classify.PolicyViolation},
		{"owner of the list", "5.7.1", "550 5.7.1 Rejected by the list owner's policy", classify.SecurityError},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := classifyReply(t, remoteReply{decoder: "Exim", rcpt: "bob@example.org",
				action: dsn.ActionFailed, status: tc.status, diag: tc.diag})
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
