package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestArchivesPossibleSpam: Road Runner's "553 5.0.0 Possible Spam" after
// DATA (texts/old_mta.tsv, a ZMailer report archived on LKML) is a spam
// refusal, not the reply code's "mailbox name not allowed".
func TestArchivesPossibleSpam(t *testing.T) {
	for _, tc := range []struct {
		name, cmd, status, diag string
		want                    Reason
	}{
		{"road runner after DATA", "DATA", "5.0.0", "553 (Possible Spam)", SpamDetected},
		{"command unknown", "", "5.0.0", "553 5.0.0 Possible Spam", SpamDetected},
		// Near misses: Sisimai's longer phrase keeps its reason; a mailbox
		// name refusal at RCPT stays userunknown.
		{"possible spam/virus", "DATA", "5.7.1", "554 5.7.1 Message was rejected for possible spam/virus content", SpamDetected},
		{"553 at RCPT", "RCPT", "5.0.0", "553 <bob@example.net>... Sorry, no mailbox here by that name", UserUnknown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fact("txmx02.mgw.rr.com", "bob@austin.rr.com", tc.status, tc.diag)
			f.Recipients[0].Command = tc.cmd
			v := classifyOne(t, f)
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
