package classify_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestDragonFlyConnectRefusal checks that a reply dma quotes after "did
// not like our connect:" (the decoder gives CommandCONN) reads as a
// refusal of the client at the greeting (RFC 5321 section 3.1), while the
// same bare code after RCPT TO keeps its mailbox reading.
func TestDragonFlyConnectRefusal(t *testing.T) {
	cases := []struct {
		name, command, diag string
		reply               int
		want                classify.Reason
		not                 bool
	}{
		{"553 at greeting", dsn.CommandCONN, "553 Mail from 198.51.100.77 not allowed", 553, classify.Blocked, false},
		{"near: 553 after RCPT", dsn.CommandRCPT, "553 Mail from 198.51.100.77 not allowed", 553, classify.Blocked, true},
		{"internal error", "", "Internal error: badly formed address root", 0, classify.SystemError, false},
		{"near: internal error elsewhere", "", "Internal error: queue locked", 0, classify.SystemError, true},
	}
	other := &dsn.Report{Kind: dsn.DeliveryReport, Decoder: "Postfix", Recipients: []dsn.Recipient{{
		Recipient: "a@example.org", Action: dsn.ActionFailed, DiagnosticCode: "Internal error: badly formed address root",
	}}}
	assert.NotEqual(t, classify.SystemError, classify.Classify(other)[0].Reason, "row is @by=DragonFly")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := &dsn.Report{Kind: dsn.DeliveryReport, Decoder: "DragonFly", Recipients: []dsn.Recipient{{
				Recipient: "a@example.org", Action: dsn.ActionFailed, DiagnosticCode: tc.diag,
				Command: tc.command, ReplyCode: tc.reply,
			}}}
			v := classify.Classify(r)[0]
			if tc.not {
				assert.NotEqual(t, tc.want, v.Reason, v.Rule)
			} else {
				assert.Equal(t, tc.want, v.Reason, v.Rule)
			}
		})
	}
}
