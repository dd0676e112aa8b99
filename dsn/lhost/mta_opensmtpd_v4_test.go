package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestOpenSMTPDFirstLayout checks OpenSMTPD's first bounce layout
// (OpenBSD 4.6-4.8 smtpd bounce.c): one "Recipient:" line, a "Reason:"
// line and the session's error line below it, which may name no address.
func TestOpenSMTPDFirstLayout(t *testing.T) {
	const head = "Received: from localhost (localhost [127.0.0.1])\n\tby mx.example.org (OpenSMTPD) with ESMTP id 1a2b3c4d\n\tfor <sender@example.org>;\n\tWed, 16 Jun 2010 10:00:00 +0200\n" +
		"Subject: Delivery status notification\nFrom: Mailer Daemon <MAILER-DAEMON@mx.example.org>\nTo: sender@example.org\n\n" +
		"Hi !\n\nThis is the MAILER-DAEMON, please DO NOT REPLY to this e-mail.\n" +
		"An error has occurred while attempting to deliver a message.\n\n"
	const tail = "\nBelow is a copy of the original message:\n\nSubject: test\n\nhello\n"
	tests := []struct {
		name, block string
		want        []string // recipient, diagnostic; nil: no recipient
	}{
		{"a reply naming no address", "Recipient: bob@example.net\nReason:\n552 5.3.4 Message size exceeds fixed limit\n",
			[]string{"bob@example.net", "552 5.3.4 Message size exceeds fixed limit"}},
		{"a reply naming the address", "Recipient: bob@example.net\nReason:\n550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown\n",
			[]string{"bob@example.net", "550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown"}},
		{"near miss: Recipient without Reason", "Recipient: bob@example.net\nsomething else\n", nil},
		{"near miss: Reason without an address", "Recipient: bob\nReason:\nLoop detected\n", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(head+tc.block+tail), Registry())
			if tc.want == nil {
				if err == nil && r != nil && r.Decoder == "OpenSMTPD" {
					assert.Empty(t, r.Recipients)
				}
				return
			}
			require.NoError(t, err)
			require.Equal(t, "OpenSMTPD", r.Decoder)
			require.Len(t, r.Recipients, 1)
			assert.Equal(t, tc.want[0], string(r.Recipients[0].Recipient))
			assert.Equal(t, tc.want[1], r.Recipients[0].DiagnosticCode)
			assert.Equal(t, dsn.ActionFailed, r.Recipients[0].Action)
		})
	}
}
