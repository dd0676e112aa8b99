package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestFrameRefusedToTalk: Postfix's "host <mx> refused to talk to me:"
// frames whatever greeting or EHLO reply it quotes (smtp_proto.c; a
// @frame row). Where a diagnostic keeps the frame (an MTA relaying
// Postfix's sentence, a notice read as the diagnostic), the quoted reply's
// own words decide, and the frame only when they name nothing.
func TestFrameRefusedToTalk(t *testing.T) {
	const frame = "host mx.example.org[192.0.2.10] refused to talk to me: "
	cases := []struct {
		name, status, reply string
		want                Reason
		rule                string
	}{
		{"a server too busy", "4.2.0", "421 4.2.0 Server busy, please try again later", SystemError, "text/systemerror/server busy please try again later"},
		{"exim's load reserve", "4.0.0", "421 mx.example.org: Too much load; please try again later", SystemError, "text/systemerror/too much load please try again later"},
		{"postfix's anvil", "4.7.0", "421 4.7.0 mx.example.org Error: too many connections from 192.0.2.1", RateLimited, "text/ratelimited/error too many connections from"},
		// Near misses: a reply that names nothing leaves the frame to decide.
		{"a bare refusal", "5.0.0", "554 mx.example.org", Blocked, "text/blocked/refused to talk to me"},
		{"a refusal without a cause", "5.0.0", "554 mx.example.org ESMTP not accepting messages from you", Blocked, "text/blocked/refused to talk to me"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertVerdict(t, tc.status, frame+tc.reply, "", dsn.ActionFailed, tc.want, tc.rule)
		})
	}
}
