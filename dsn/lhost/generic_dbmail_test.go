package lhost

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// dbmailNotice writes a notice as DBMail 1.x's bounce() does
// (dbmail/dbmail bounce.c): Subject "DBMAIL: delivery failure", the
// address in the sentence before "could not be delivered due to the
// following error." and in the "*** ... ***" line after it, then the
// returned header between "--- header of your message ---" and "--- end
// of header ---".
func dbmailNotice(subject, rcpt, line string) string {
	return fmt.Sprintf("From: DBMAIL-MAILER@example.org\nTo: ann@example.com\nSubject: %s\n\n"+
		"This is the DBMAIL-SMTP program.\n\n"+
		"I'm sorry to inform you that your message, addressed to %s,\n"+
		"could not be delivered due to the following error.\n\n%s\n\n"+
		"If you think this message is incorrect please contact postmaster@example.org.\n\n"+
		"Header of your message follows...\n\n\n--- header of your message ---\n"+
		"From: ann@example.com\nTo: %s\nSubject: hello\n--- end of header ---\n\n\n", subject, rcpt, line, rcpt)
}

// TestDBMailNotices: the generic decoder reads DBMail's two notices by
// their Subject and sentence; a person's mail quoting the sentence under
// another Subject is no report.
func TestDBMailNotices(t *testing.T) {
	cases := []struct {
		name, msg string
		rcpt      string
	}{
		{"unknown address", dbmailNotice("DBMAIL: delivery failure", "bob@example.org", "*** E-mail address bob@example.org is not known here. ***"), "bob@example.org"},
		{"full mailbox", dbmailNotice("DBMAIL: delivery failure", "eve@example.org", "*** Mailbox of user eve@example.org is FULL ***"), "eve@example.org"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(tc.msg), Registry())
			require.NoError(t, err)
			require.NotNil(t, r)
			require.True(t, r.IsBounce())
			require.Len(t, r.Recipients, 1)
			assert.Equal(t, tc.rcpt, r.Recipients[0].Recipient)
			assert.Equal(t, dsn.ActionFailed, r.Recipients[0].Action)
		})
	}
	// Near miss: a person asking about the notice on a list.
	person := "From: Piet <piet@example.com>\nTo: dbmail@lists.example.org\nSubject: Re: bounces from dbmail-smtp\n\n" +
		"My senders get \"your message could not be delivered due to the following error\"\nfor bob@example.org, why?\n"
	r, err := dsn.ParseBytes([]byte(person), Registry())
	require.NoError(t, err)
	assert.False(t, r != nil && r.IsBounce())
}
