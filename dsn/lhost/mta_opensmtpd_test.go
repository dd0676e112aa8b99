package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestOpenSMTPDSuccessIntro checks the action of a recipient listed under
// OpenSMTPD's success intro, which its 5.x releases also wrote over
// failures and delays (issues #586 and #687): the line's own words say
// which it was.
func TestOpenSMTPDSuccessIntro(t *testing.T) {
	const head = "From: Mailer Daemon <MAILER-DAEMON@mail.example.org>\nTo: sender@example.org\n" +
		"Subject: Delivery status notification: delivered\n\n" +
		"    Hi!\n\n    This is the MAILER-DAEMON, please DO NOT REPLY to this e-mail.\n\n" +
		"    Your message was successfully delivered to these recipients.\n\n"
	const tail = "\n    Below is a copy of the original message:\n\nSubject: test\n\nhello\n"
	tests := []struct {
		name, line string
		want       dsn.Action
	}{
		{"a remote's acceptance", "250 2.0.0 Ok: queued as 4TQ1", dsn.ActionDelivered},
		{"relayed without a reply", "relayed", dsn.ActionDelivered},
		{"the envelope expired (queue.c)", "Envelope expired", dsn.ActionFailed},
		{"a route failure, retried (mta.c)", "Network error on destination MXs", dsn.ActionDelayed},
		{"a permanent refusal", "550 5.1.1 User unknown", dsn.ActionFailed},
		{"a temporary refusal", "451 4.7.1 Greylisted", dsn.ActionDelayed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msg := head + "bob@example.net: " + tc.line + "\n" + tail
			r, err := dsn.ParseBytes([]byte(msg), Registry())
			require.NoError(t, err)
			require.Equal(t, "OpenSMTPD", r.Decoder)
			require.Len(t, r.Recipients, 1)
			assert.Equal(t, tc.want, r.Recipients[0].Action)
			assert.Equal(t, tc.line, r.Recipients[0].DiagnosticCode)
		})
	}
}
