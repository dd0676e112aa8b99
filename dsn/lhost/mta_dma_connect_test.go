package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestDragonFlyConnectCommand checks that dma's "did not like our
// connect:" (net.c READ_REMOTE_CHECK("connect", 2): the server refused
// dma at its greeting) names the greeting, and that near wordings do not.
func TestDragonFlyConnectCommand(t *testing.T) {
	tests := []struct{ in, want string }{
		{"mx00.t-online.de [194.25.134.8] did not like our connect:", dsn.CommandCONN},
		{"mta7.am0.yahoodns.net [67.195.204.72] did not like our connect:", dsn.CommandCONN},
		{"mx.example.org [192.0.2.1] did not like our RCPT TO:", dsn.CommandRCPT},
		{"mx.example.org [192.0.2.1] did not like our final DATA:", dsn.CommandDATA},
		{"we did like our connection", ""},
		{"nothing here", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, findMTACommand(tt.in), tt.in)
	}
}

// TestDragonFlyConnectReport decodes a whole dma report of a refusal at
// the greeting: the command is the greeting, not left empty.
func TestDragonFlyConnectReport(t *testing.T) {
	raw := "Received: from MAILER-DAEMON\n\tid 3c4d\n\tby box.example.net (DragonFly Mail Agent v0.14);\n\tMon, 1 Jan 2024 00:00:00 +0000\n" +
		"X-Original-To: <kim@example.org>\nFrom: MAILER-DAEMON <>\nTo: root@box.example.net\nSubject: Mail delivery failed\n\n" +
		"This is the DragonFly Mail Agent v0.14 at box.example.net.\n\n" +
		"There was an error delivering your mail to <kim@example.org>.\n\n" +
		"mx.example.org [192.0.2.9] did not like our connect:\n553 Mail from 198.51.100.77 not allowed\n\n" +
		"Original message follows.\n\nFrom: root@box.example.net\nSubject: x\n\n"
	m, err := dsn.ReadMessage([]byte(raw))
	require.NoError(t, err)
	r := dragonFlyDecoder{}.Decode(m)
	require.NotNil(t, r)
	require.Len(t, r.Recipients, 1)
	assert.Equal(t, dsn.CommandCONN, r.Recipients[0].Command)
	assert.Equal(t, 553, r.Recipients[0].ReplyCode)
}

// TestDragonFlyLocalRecipient checks that dma's bare local recipient
// ("<root>": add_recp strips "@" plus the host's own name) is completed
// with the host the notice names, and that full addresses stay as they are.
func TestDragonFlyLocalRecipient(t *testing.T) {
	tests := []struct{ addr, host, want string }{
		{"root", "backup1.example.org", "root@backup1.example.org"},
		{"jdoe@example.com", "backup1.example.org", "jdoe@example.com"},
		{"root", "", "root"},
		{"", "backup1.example.org", ""},
		{"two words", "backup1.example.org", "two words"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, dragonFlyQualify(tt.addr, tt.host), tt.addr)
	}
	raw := "Received: from MAILER-DAEMON\n\tid 5e6f\n\tby backup1.example.org (DragonFly Mail Agent v0.13);\n\tMon, 1 Jan 2024 00:00:00 +0000\n" +
		"X-Original-To: <root>\nFrom: MAILER-DAEMON <>\nTo: cron@backup1.example.org\nSubject: Mail delivery failed\n\n" +
		"This is the DragonFly Mail Agent v0.13 at backup1.example.org.\n\n" +
		"There was an error delivering your mail to <root>.\n\n" +
		"Could not deliver for the last 432000 seconds. Giving up.\n\n" +
		"Message headers follow.\n\nFrom: cron@backup1.example.org\nSubject: x\n\n"
	m, err := dsn.ReadMessage([]byte(raw))
	require.NoError(t, err)
	r := dragonFlyDecoder{}.Decode(m)
	require.NotNil(t, r)
	require.Len(t, r.Recipients, 1)
	assert.Equal(t, "root@backup1.example.org", r.Recipients[0].Recipient)
}
