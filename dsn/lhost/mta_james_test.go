package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// jamesOldHeader is the header of James 2's bounces: From its postmaster,
// its SMTP server's Received field, the original's Subject after "Re: ".
const jamesOldHeader = "Return-Path: <>\n" +
	"Received: from mail.example.org ([127.0.0.1])\n" +
	"          by mail.example.org (JAMES SMTP Server 2.3.2) with SMTP ID 917\n" +
	"          for <sender@example.com>; Thu, 16 Mar 2023 10:03:31 +0000 (UTC)\n" +
	"From: postmaster@mail.example.org\n" +
	"To: sender@example.com\n" +
	"Message-ID: <26489443.6.1678961011234.JavaMail.james@mail.example.org>\n" +
	"Subject: Re: Quarterly figures\n\n"

// TestJamesOldBounce reads the layout of James 2's RemoteDelivery.bounce
// (2.1, and 2.3's old style bounce, which adds "Below I include ...")
// as its code writes it: the addresses after the intro, then the
// exception's message, then "The original message is attached.".
func TestJamesOldBounce(t *testing.T) {
	cases := []struct {
		name, body string
		rcpts      []string
		diag       string
	}{
		{"2.1", "Hi. This is the James mail server at mail.example.org.\n" +
			"I'm afraid I wasn't able to deliver your message to the following addresses.\n" +
			"This is a permanent error; I've given up. Sorry it didn't work out.\n\n" +
			"henry@example.net\n" +
			"550 5.1.1 <henry@example.net>: Recipient address rejected: User unknown in local recipient table\n\n" +
			"The original message is attached.\n",
			[]string{"henry@example.net"}, "550 5.1.1 <henry@example.net>: Recipient address rejected: User unknown in local recipient table"},
		{"2.3 old style", "Hi. This is the James mail server at mail.example.org.\n" +
			"I'm afraid I wasn't able to deliver your message to the following addresses.\n" +
			"This is a permanent error; I've given up. Sorry it didn't work out.  Below\n" +
			"I include the list of recipients and the reason why I was unable to deliver\n" +
			"your message.\n\n" +
			"ann@example.net\nbob@example.net\n" +
			"Too many retries failure. Giving up.\n" +
			"552 5.2.2 Mailbox full\n\n" +
			"The original message is attached.\n",
			[]string{"ann@example.net", "bob@example.net"}, "Too many retries failure. Giving up. 552 5.2.2 Mailbox full"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(jamesOldHeader+tc.body), Registry())
			require.NoError(t, err)
			assert.Equal(t, string(ApacheJames), r.Decoder)
			require.Len(t, r.Recipients, len(tc.rcpts))
			for i, a := range tc.rcpts {
				assert.Equal(t, a, r.Recipients[i].Recipient)
				assert.Equal(t, tc.diag, r.Recipients[i].DiagnosticCode)
			}
		})
	}
}

// TestJamesOldBlockNearMiss: without the sentence that James 2 writes
// before the addresses, the intro alone lists nothing.
func TestJamesOldBlockNearMiss(t *testing.T) {
	for name, body := range map[string]string{
		"intro only":    "Hi. This is the James mail server at mail.example.org.\n\nhenry@example.net\n550 User unknown\n",
		"no address":    "Hi. This is the James mail server at mail.example.org.\nThis is a permanent error; I've given up. Sorry it didn't work out.\n\nSomething went wrong.\n",
		"not the intro": "Hello from the James team at example.org.\nThis is a permanent error; I've given up. Sorry it didn't work out.\n\nhenry@example.net\n",
	} {
		addrs, _ := jamesOldBlock(textLines(body))
		assert.Empty(t, addrs, name)
	}
}
