package classify_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestCharterAntispam: Charter's postmaster page says mail its anti-spam
// application flags is refused with "550 Message Rejected"; the row reads
// only Charter's own answer to DATA, so the same words from another host,
// at another command or with another reply code keep their own reasons.
func TestCharterAntispam(t *testing.T) {
	cases := []struct {
		name, rcpt, mta, status, cmd, diag string
		spam                               bool
	}{
		{"charter data", "bobandsue@charter.net", "charter.net.inbound.mail.spectrum.net", "5.0.0", dsn.CommandDATA, "550 Message Rejected", true},
		// Near misses.
		{"other host", "bob@example.org", "mx.example.org", "5.0.0", dsn.CommandDATA, "550 Message Rejected", false},
		{"charter rcpt", "bobandsue@charter.net", "charter.net.inbound.mail.spectrum.net", "5.0.0", dsn.CommandRCPT, "550 Message Rejected", false},
		{"charter 554", "bobandsue@charter.net", "charter.net.inbound.mail.spectrum.net", "5.0.0", dsn.CommandDATA, "554 Message Rejected", false},
		{"charter aup code", "bobandsue@charter.net", "charter.net.inbound.mail.spectrum.net", "5.0.0", dsn.CommandDATA, "550 5.1.0 Message rejected AUP#I-1220", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := classifyReply(t, remoteReply{decoder: "Postfix", rcpt: tc.rcpt, mta: tc.mta, command: tc.cmd,
				action: dsn.ActionFailed, status: tc.status, diag: tc.diag})
			assert.Equal(t, tc.spam, v.Reason == classify.SpamDetected, "%s %s", v.Reason, v.Rule)
		})
	}
}
