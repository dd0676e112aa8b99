package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestCommuniGateNotice reads CommuniGate Pro's blocks (testdata/communigate,
// written after the blocks PHPMailer-BMH's rules and an AppRiver NDR quote):
// every block's address, the LOCAL module's own words, the SMTP module's
// remote host and reply, and DATA for "message text rejected by".
func TestCommuniGateNotice(t *testing.T) {
	r := parseSample(t, "communigate", "notice.eml", CommuniGate, 4)
	want := []struct{ rcpt, diag, command, remote string }{
		{"otto@example.org", "account is full (quota exceeded)", "", ""},
		{"rudi@example.org", "mail receiving disabled", "", ""},
		{"sara@example.net", "552 1 Requested mail action aborted, mailbox not found", dsn.CommandDATA, "mx.example.net"},
		{"quinn@example.com", "connection with mx1.mail.example.com is broken", "", "mx1.mail.example.com"},
	}
	for i, w := range want {
		rc := r.Recipients[i]
		assert.Equal(t, w.rcpt, rc.Recipient)
		assert.Equal(t, dsn.ActionFailed, rc.Action)
		assert.Equal(t, w.diag, rc.DiagnosticCode)
		assert.Equal(t, w.command, rc.Command)
		assert.Equal(t, w.remote, rc.RemoteMTA)
	}
	assert.Equal(t, 552, r.Recipients[2].ReplyCode)
	assert.Equal(t, "q1-2023@example.com", r.Original.MessageID)
}

// TestCommuniGateNearMiss: a person quoting a block in a question to a
// list is no notice.
func TestCommuniGateNearMiss(t *testing.T) {
	assertNearMiss(t, communiGateDecoder{}, "communigate", "not-quoted.eml")
}

// TestCommuniGateBlocks: a block needs the module line right after its
// intro and an address; a bare intro or a module line alone reads nothing.
func TestCommuniGateBlocks(t *testing.T) {
	for name, body := range map[string]string{
		"no module line":  "Failed to deliver to '<a@example.org>'\n account is full (quota exceeded)\n",
		"module line off": "Failed to deliver to '<a@example.org>'\n\nLOCAL module(account a) reports:\n account is full\n",
		"no address":      "Failed to deliver to 'the list'\nLOCAL module(account a) reports:\n account is full\n",
		"module alone":    "LOCAL module(account a) reports:\n account is full (quota exceeded)\n",
	} {
		raw := "From: MAILER-DAEMON@mail.example.org\nTo: s@example.com\nSubject: Undeliverable mail: x\n\n" + body
		m, err := dsn.ReadMessage([]byte(raw))
		require.NoError(t, err)
		assert.Nil(t, communiGateDecoder{}.Decode(m), name)
	}
}
