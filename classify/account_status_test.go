package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestMovedWords: RFC 5321's 551 text and RFC 7293's RRVS texts name a
// moved mailbox even when the enhanced code beside them is a catch-all
// (account_status.tsv). Near misses keep their own reasons.
func TestMovedWords(t *testing.T) {
	for _, tc := range []struct {
		name, status, diag string
		want               Reason
	}{
		{"551 text under 5.1.1", "5.1.1", "550 5.1.1 <ann@old.example>... User not local; please try <ann@new.example>", HasMoved},
		{"551 text alone", "5.0.0", "551 User not local; please try <ralvarez@canteragroup.example>", HasMoved},
		{"relocated under 5.1.1", "5.1.1", "550 5.1.1 <ann@old.example>: Recipient address rejected: User has moved to ann@new.example", HasMoved},
		{"relocated, no code", "5.0.0", "550 User has moved to ann@new.example", HasMoved},
		{"RRVS mailbox owner, 5.0.0", "5.0.0", "550 Mailbox owner has changed", HasMoved},
		{"RRVS domain owner, 5.0.0", "5.0.0", "550 Domain owner has changed", HasMoved},
		// Near misses: Sisimai's UserUnknown "recipient is not local"; the
		// sender's disabled mailbox (rejected); Gmail's disabled account.
		{"recipient is not local", "5.1.1", "550 5.1.1 Recipient is not local", UserUnknown},
		{"sender mailbox disabled", "5.7.1", "550 5.7.1 <a@b.example>: Sender address rejected: mailbox disabled", Rejected},
		{"gmail disabled", "5.2.1", "550 5.2.1 The email account that you tried to reach is disabled.", Suspend},
		// The sender refused behind a 5.2.1 "Mailbox unavailable"; the bare
		// text keeps its reading (userunknown, RFC 5321's 550 text).
		{"5.2.1 sender refused", "5.2.1", "550 5.2.1 Mailbox unavailable. This server does not accept mails from this sender address (news@shop.example)", Rejected},
		{"5.2.1 mailbox unavailable alone", "5.2.1", "550 5.2.1 Mailbox unavailable", UserUnknown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fact("mx.old.example", "ann@old.example", tc.status, tc.diag)
			f.Recipients[0].Command = "RCPT"
			v := classifyOne(t, f)
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
