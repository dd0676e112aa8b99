package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestOpenSMTPDRelayIntro checks OpenSMTPD's DSN notice for a message
// relayed to a next hop without DSN support (smtpd/bounce.c notice_relay,
// "Your message was relayed to these recipients.", subject
// "Delivery status notification: dsn"): a success, action relayed, while
// a failure line under it and the error intro stay failures.
func TestOpenSMTPDRelayIntro(t *testing.T) {
	const head = "From: Mailer Daemon <MAILER-DAEMON@smtp.example.fi>\nTo: aino@example.fi\n" +
		"Subject: Delivery status notification: dsn\n\n" +
		"    Hi!\n\n    This is the MAILER-DAEMON, please DO NOT REPLY to this email.\n\n"
	const relay = "    Your message was relayed to these recipients.\n\n"
	const errIntro = "    An error has occurred while attempting to deliver a message for\n" +
		"    the following list of recipients:\n\n"
	const tail = "\n    Below is a copy of the original message:\n\nSubject: test\n\nhello\n"
	tests := []struct {
		name, intro, line string
		want              dsn.Action
	}{
		{"relayed, remote accepted", relay, "250 2.0.0 Ok: queued as 4R0Zq81kXyz3", dsn.ActionRelayed},
		{"relayed, no reply text", relay, "relayed", dsn.ActionRelayed},
		{"a refusal under the relay intro", relay, "550 5.1.1 User unknown", dsn.ActionFailed},
		{"the error intro (near miss)", errIntro, "550 5.1.1 User unknown", dsn.ActionFailed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msg := head + tc.intro + "mikko@example.net: " + tc.line + "\n" + tail
			r, err := dsn.ParseBytes([]byte(msg), Registry())
			require.NoError(t, err)
			require.Equal(t, "OpenSMTPD", r.Decoder)
			require.Len(t, r.Recipients, 1)
			assert.Equal(t, tc.want, r.Recipients[0].Action)
		})
	}
}
