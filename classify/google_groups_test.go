package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestGoogleGroupsRefusals: a Workspace group's quota of outside recipients
// (ratelimited) and a group refusing an auto-response (rejected), as Gmail's
// notice or Google's MX gives them (texts/google_groups.tsv). Near misses: a
// recipient's full mailbox keeps mailboxfull, Google's own sending limit
// stays ratelimited, a bare 5.4.5 with no text is not read as these.
func TestGoogleGroupsRefusals(t *testing.T) {
	for _, tc := range []struct {
		name, host, status, diag string
		want                     Reason
	}{
		{"group quota (notice)", "", "", "The group brigade@example.org has exceeded its quota for total number of external recipients.", RateLimited},
		{"group quota (MX)", "aspmx.l.google.com", "5.4.5", "550 5.4.5 The group team@example.org has exceeded its quota for total number of external recipients. x1si2 - gsmtp", RateLimited},
		{"auto-response", "", "", "Your email looks like an auto-response so is not being accepted. > X-Auto-Response-Suppress: ALL, AutoReply > Auto-Submitted: auto-replied", Rejected},
		{"no posting by email", "", "", "The group netpyne-forum@googlegroups.com does not allow posting through email.", Rejected},
		// Near misses.
		{"mailbox exceeded its quota", "mx.example.net", "5.2.2", "552 5.2.2 Mailbox has exceeded its quota", MailboxFull},
		{"Google daily limit", "smtp.gmail.com", "5.4.5", "550 5.4.5 Daily user sending limit exceeded. x1si2 - gsmtp", RateLimited},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fact(tc.host, "group@example.org", tc.status, tc.diag)
			f.Recipients[0].Command = "DATA"
			v := classifyOne(t, f)
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
