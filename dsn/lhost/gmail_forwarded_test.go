package lhost

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// quoted11Forward is the layout of a Gmail bounce its user forwarded
// inline, as pasted at https://pastebin.com/EyAnDHCQ and
// https://pastebin.com/xBT4cWzD (addresses changed).
const quoted11Forward = `From: Anna <anna@example.org>
To: Bert <bert@example.org>
Subject: Fwd: Delivery Status Notification (Failure)
Date: Wed, 4 Nov 2015 11:33:00 +0530
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

fyi

---------- Forwarded message ----------
From: %FROM%
Date: Wed, Nov 4, 2015 at 11:29 AM
Subject: %SUBJECT%
To: anna@example.org


Delivery to the following recipient failed permanently:

     carl@partner.example

Technical details of permanent failure:
Google tried to deliver your message, but it was rejected by the server for the recipient domain partner.example by mx.partner.example. [192.0.2.9].

The error that the other server returned was:
550 5.1.1 <carl@partner.example> Recipient not found.

----- Original message -----
`

func quoted11Message(t *testing.T, from, subject string) *dsn.Message {
	s := strings.NewReplacer("%FROM%", from, "%SUBJECT%", subject).Replace(quoted11Forward)
	m, err := dsn.ReadMessage([]byte(s))
	require.NoError(t, err)
	return m
}

// TestGmailForwardedInline: the forwarded notice is read by the Gmail
// decoder, its recipient and the remote reply found.
func TestGmailForwardedInline(t *testing.T) {
	m := quoted11Message(t, "Mail Delivery Subsystem <mailer-daemon@googlemail.com>", "Delivery Status Notification (Failure)")
	require.True(t, gmailDecoder{}.Match(m))
	r := gmailDecoder{}.Decode(m)
	require.NotNil(t, r)
	require.Len(t, r.Recipients, 1)
	assert.Equal(t, "carl@partner.example", r.Recipients[0].Recipient)
	assert.Equal(t, "mx.partner.example", r.Recipients[0].RemoteMTA)
	assert.Equal(t, "550 5.1.1 <carl@partner.example> Recipient not found.", r.Recipients[0].DiagnosticCode)
}

// TestGmailForwardedNearMisses: a forward block from a person, or from
// Google's daemon about something else, is no Gmail bounce.
func TestGmailForwardedNearMisses(t *testing.T) {
	cases := []struct{ from, subject string }{
		{"Carl <carl@gmail.com>", "Delivery Status Notification (Failure)"},
		{"Mail Delivery Subsystem <mailer-daemon@example.net>", "Delivery Status Notification (Failure)"},
		{"Mail Delivery Subsystem <mailer-daemon@googlemail.com>", "Your storage is almost full"},
	}
	for _, tc := range cases {
		m := quoted11Message(t, tc.from, tc.subject)
		assert.False(t, forwardedGoogleDaemon(m), tc.from+" / "+tc.subject)
	}
	// The forward block without the notice's recipients intro.
	s := strings.NewReplacer("%FROM%", "mailer-daemon@googlemail.com", "%SUBJECT%", "Delivery Status Notification (Failure)",
		"Delivery to the following recipient failed permanently:", "Hello").Replace(quoted11Forward)
	m, err := dsn.ReadMessage([]byte(s))
	require.NoError(t, err)
	assert.False(t, forwardedGoogleDaemon(m))
}
