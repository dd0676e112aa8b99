package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestStatusReadings: the addressing codes whose registered meaning names
// no reason read as Sisimai reads them when nothing else speaks; a text that
// names a reason still decides, and the other class keeps no reading.
func TestStatusReadings(t *testing.T) {
	cases := []struct {
		name, status, diag string
		want               Reason
		rule               string
	}{
		{"a bare 5.1.0", "5.1.0", "550 5.1.0 <a@example.org>... Rejected", UserUnknown, "status/5.1.0@sisimai"},
		{"a bare 5.1.4", "5.1.4", "550 5.1.4 <a@example.org> ambiguous", Filtered, "status/5.1.4@sisimai"},
		{"a relay to a non-compliant mailer", "5.1.9", "550 5.1.9 <a@example.org>", SystemError, "status/5.1.9@sisimai"},
		// Near misses: words that name a reason decide; 4.1.0 has no reading.
		{"words over 5.1.0", "5.1.0", "550 5.1.0 <a@example.org>: mailbox full", MailboxFull, "text/mailboxfull/mailbox full"},
		{"a bare 4.1.0", "4.1.0", "450 4.1.0 <a@example.org>... Try later", OnHold, "fallback/undecided-text"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertVerdict(t, tc.status, tc.diag, "", dsn.ActionFailed, tc.want, tc.rule)
		})
	}
}
