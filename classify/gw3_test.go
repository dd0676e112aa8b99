package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestStatusOutOfPlace: a status code naming a reason about the recipient
// does not decide a reply to a command given before RCPT, nor the sender's
// refusal one given before MAIL; where the command allows it, the same
// codes still decide.
func TestStatusOutOfPlace(t *testing.T) {
	tests := []struct {
		name, text, status, command string
		want                        Reason
	}{
		// X.1.2 (the destination's system) answering MAIL FROM: the sender's domain.
		{"x.1.2 at MAIL", "550 5.1.2 Sender Domain Not Found", "5.1.2", dsn.CommandMAIL, Rejected},
		{"x.1.2 at MAIL, no words", "550 5.1.2 Requested action not taken", "5.1.2", dsn.CommandMAIL, Rejected},
		// X.1.2 answering RCPT is in place: hostunknown.
		{"x.1.2 at RCPT", "550 5.1.2 Requested action not taken", "5.1.2", dsn.CommandRCPT, HostUnknown},
		// ASSP's greeting refusal: X.7.2 (list expansion, the sender refused) before any sender.
		{"x.7.2 at the greeting", "554 5.7.2 Service denied, closing transmission channel (m1-12345-67890)", "5.7.2", dsn.CommandCONN, Blocked},
		// X.7.2 answering RCPT keeps its registered meaning.
		{"x.7.2 at RCPT", "550 5.7.2 Requested action not taken", "5.7.2", dsn.CommandRCPT, Rejected},
		// A mailbox-full code answering MAIL FROM says nothing of a mailbox:
		// 552 to MAIL is the SIZE parameter refused (RFC 1870 section 6).
		{"x.2.2 at MAIL", "552 5.2.2 Requested action not taken", "5.2.2", dsn.CommandMAIL, EmailTooLarge},
		{"x.2.2 at RCPT", "552 5.2.2 Requested action not taken", "5.2.2", dsn.CommandRCPT, MailboxFull},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := reasonCase{text: tt.text, status: tt.status, command: tt.command}.verdict()
			assert.Equal(t, tt.want, v.Reason, v.Rule)
		})
	}
}
