package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestNetscapeRejectedAtRCPT reads two Netscape Messaging Server notices
// (testdata/netscape, written after the layouts in decodeNetscape's
// comment): a recipient listed as "Recipient:" under "Each of the
// following recipients was rejected by a remote mail server" was refused
// at RCPT; one under "did not receive your message" (the queue period ran
// out) has no command.
func TestNetscapeRejectedAtRCPT(t *testing.T) {
	cases := []struct{ file, addr, command, diag string }{
		{"rejected.eml", "nobody@far.example", dsn.CommandRCPT, "<nobody@far.example>... User unknown"},
		{"expired.eml", "someone@down.example", "", "not reachable within the allowed queue period"},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			r := parseSample(t, "netscape", tc.file, MessagingServer, 1)
			rc := r.Recipients[0]
			assert.Equal(t, tc.addr, rc.Recipient)
			assert.Equal(t, dsn.ActionFailed, rc.Action)
			assert.Equal(t, tc.command, rc.Command)
			assert.Contains(t, rc.DiagnosticCode, tc.diag)
		})
	}
}
