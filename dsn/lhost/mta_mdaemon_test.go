package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestMDaemonNotices reads the MDaemon notices of testdata/mdaemon: a
// transcript with no RCPT (the recipient from its "*  To:" line), a local
// "no such user here" (status 5.1.1), and SecurityGateway's report in text
// and as HTML only ("Failed address:", the transcript's reply).
func TestMDaemonNotices(t *testing.T) {
	cases := []struct {
		file, rcpt, diag, status, command string
	}{
		{"dns.eml", "kim@gone.example", "Name server reports domain name unknown", "", ""},
		{"local.eml", "lee@harbour.example", "no such user here.", "5.1.1", ""},
		{"securitygateway.eml", "pat@harbour.example", "550 5.2.1 Mailbox disabled for this recipient", "5.2.1", dsn.CommandRCPT},
		{"securitygateway-html.eml", "pat@harbour.example", "550 5.2.1 Mailbox disabled for this recipient", "5.2.1", dsn.CommandRCPT},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			rc := parseSample(t, "mdaemon", tc.file, MDaemon, 1).Recipients[0]
			assert.Equal(t, tc.rcpt, rc.Recipient)
			assert.Equal(t, dsn.ActionFailed, rc.Action)
			assert.Equal(t, tc.diag, rc.DiagnosticCode)
			assert.Equal(t, tc.status, rc.Status.String())
			assert.Equal(t, tc.command, rc.Command)
		})
	}
}

// TestMDaemonNearMiss: SecurityGateway's quarantine report names an
// address but reports no failure.
func TestMDaemonNearMiss(t *testing.T) {
	assertNearMiss(t, mDaemonDecoder{}, "mdaemon", "not-quarantine.eml")
}
