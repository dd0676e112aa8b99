package classify_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestBig14Texts: the Outlook.com postmaster page's Sender ID refusal
// (classify/texts/big14.tsv) is an authentication failure; near misses
// that only name Sender ID, or refuse a command for another reason, keep
// their own readings.
func TestBig14Texts(t *testing.T) {
	cases := []struct {
		name, rcpt, status, diag string
		want                     classify.Reason
	}{
		// https://sendersupport.olc.protection.outlook.com/pm/troubleshooting.aspx (FAQ).
		{"outlook.com sender id", "bob@hotmail.com", "", "550 command rejected due to Sender ID validation failure.", classify.AuthFailure},
		{"sender id, other host", "bob@example.org", "5.7.1", "550 5.7.1 command rejected due to Sender ID validation failure.", classify.AuthFailure},
		// Near misses.
		{"sender id header only", "bob@example.org", "5.1.1", "550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown (Sender ID: none)", classify.UserUnknown},
		{"command rejected, relay", "bob@example.org", "5.7.1", "554 5.7.1 <bob@example.org>: Relay access denied", classify.NoRelaying},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st, _ := dsn.ParseStatus(tc.status)
			r := &dsn.Report{Kind: dsn.DeliveryReport, Decoder: "Postfix", Recipients: []dsn.Recipient{{
				Recipient: tc.rcpt, Action: dsn.ActionFailed, Status: st,
				DiagnosticType: "smtp", DiagnosticCode: tc.diag, ReplyCode: dsn.FindReplyCode(tc.diag),
			}}}
			v := classify.Classify(r)[0]
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
