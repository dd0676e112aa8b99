package lhost

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// mailEnableNotice writes MailEnable's failure notice as its knowledge
// base gives the text (https://www.mailenable.com/kb/content/article.asp?ID=ME020517):
// reason is the "Reason:" line, original the returned message's header.
func mailEnableNotice(reason, original string) string {
	return fmt.Sprintf(`Return-Path: <>
From: POSTMASTER@mail.example.net
To: alice@example.net
Subject: Message Delivery Failure
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="me1"

--me1
Content-Type: text/plain; charset="us-ascii"

MailEnable: Message Delivery Failure.

%s

Your message addressed to the target domain (example.com) could not be delivered because the mail server responsible for this domain returned a permanent error.

The server returned:

554-mail.example.com 554 Your access to this mail system has been rejected due to the sending MTA's poor reputation.

--me1
Content-Type: message/rfc822

%s
Hello.
--me1--
`, reason, original)
}

const mailEnableReasonLine = "Reason: ME-E0193: [5A1B2C3D4E5F6A7B.MAI] Message Delivery Failure."

// TestMailEnableNotice: the failed recipients are the returned message's
// To and Cc addresses at the target domain, each with the remote reply;
// addresses at other domains are not named by the notice.
func TestMailEnableNotice(t *testing.T) {
	msg := mailEnableNotice(mailEnableReasonLine, "From: alice@example.net\nTo: Bob <bob@example.com>, carol@other.example\nCc: dave@EXAMPLE.com\nSubject: Hi\n")
	r, err := dsn.ParseBytes([]byte(msg), Registry())
	require.NoError(t, err)
	assert.Equal(t, string(MailEnable), r.Decoder)
	require.Len(t, r.Recipients, 2)
	assert.Equal(t, "bob@example.com", r.Recipients[0].Recipient)
	assert.Equal(t, "dave@EXAMPLE.com", r.Recipients[1].Recipient, "as the returned message writes it")
	for _, rc := range r.Recipients {
		assert.Equal(t, dsn.ActionFailed, rc.Action)
		assert.Equal(t, 554, rc.ReplyCode)
		assert.Equal(t, "mail.example.com", rc.RemoteMTA)
		assert.Contains(t, rc.DiagnosticCode, "sending MTA's poor reputation")
	}
}

// TestMailEnableNearMisses: without the "Reason: ME-E" line, or when the
// returned message names no address at the target domain, the decoder
// reads nothing.
func TestMailEnableNearMisses(t *testing.T) {
	for _, tc := range []struct{ name, msg string }{
		{"no reason line", mailEnableNotice("Reason: delivery failed.", "From: alice@example.net\nTo: bob@example.com\nSubject: Hi\n")},
		{"no address at the domain", mailEnableNotice(mailEnableReasonLine, "From: alice@example.net\nTo: carol@other.example\nSubject: Hi\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := dsn.ReadMessage([]byte(tc.msg))
			require.NoError(t, err)
			assert.Nil(t, mailEnableDecoder{}.Decode(m))
		})
	}
}
