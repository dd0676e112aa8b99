package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestQmailQuotedPositiveReply: qmail-remote's quit() quotes the last reply
// it read (arnt/qmail-smtputf8 qmail-remote.c); when that is a positive
// reply (the EAI patch quotes the 250 EHLO reply after "but server does not
// support unicode in email addresses") the diagnostic is qmail-remote's own
// sentence, while a negative quoted reply stays the diagnostic.
func TestQmailQuotedPositiveReply(t *testing.T) {
	head := "From: MAILER-DAEMON@mail.example.at\nTo: sender@example.at\nSubject: failure notice\n\n" +
		"Hi. This is the qmail-send program at mail.example.at.\n" +
		"I'm afraid I wasn't able to deliver your message to the following addresses.\n" +
		"This is a permanent error; I've given up. Sorry it didn't work out.\n\n"
	tail := "\n--- Below this line is a copy of the message.\n\nFrom: sender@example.at\nSubject: x\n\nx\n"
	cases := []struct {
		name, body, want string
	}{
		{"250 EHLO reply quoted", "<王芳@例子.公司>:\nConnected to 198.51.100.23 but server does not support unicode in email addresses.\n" +
			"Remote host said: 250-mx.例子.公司\n250-PIPELINING\n250 8BITMIME\n",
			"Connected to 198.51.100.23 but server does not support unicode in email addresses."},
		{"354 quoted", "<a@example.org>:\nConnected to 192.0.2.1 but connection died.\nRemote host said: 354 go ahead\n",
			"Connected to 192.0.2.1 but connection died."},
		// near misses: a refusal keeps the reply; "250" inside a reply is not a code.
		{"550 quoted", "<b@example.org>:\n192.0.2.2 does not like recipient.\nRemote host said: 550 5.1.1 no such user\nGiving up on 192.0.2.2.\n",
			"550 5.1.1 no such user"},
		{"text starting with 2", "<c@example.org>:\nConnected to 192.0.2.3 but sender was rejected.\nRemote host said: 2fast: 554 slow down\n",
			"2fast: 554 slow down"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(head+tc.body+tail), Registry())
			require.NoError(t, err)
			require.Len(t, r.Recipients, 1)
			assert.Equal(t, tc.want, r.Recipients[0].DiagnosticCode)
		})
	}
}
