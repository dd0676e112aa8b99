package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPostfixWrappedExpandedFrom checks the text reports whose recipient
// entry Postfix's line wrapping cut inside "(expanded from <address>)".
func TestPostfixWrappedExpandedFrom(t *testing.T) {
	const head = "From: MAILER-DAEMON@mx.example.net (Mail Delivery System)\nSubject: Undelivered Mail Returned to Sender\n\n" +
		"This is the mail system at host mx.example.net.\n\n                   The mail system\n\n"
	tests := []struct {
		name, entry, addr, orig, diag string
	}{
		{
			name:  "cut after expanded",
			entry: "<a-rather-long-local-part.for-wrapping@relay.example.org> (expanded\n    from <sales@example.net>): Command died with status 1: \"/usr/bin/filter\"\n",
			addr:  "a-rather-long-local-part.for-wrapping@relay.example.org", orig: "sales@example.net",
			diag: "Command died with status 1",
		},
		{
			name:  "cut after from, continuation not indented",
			entry: "<ops-autoreply.handler@pipe.example.org> (expanded from\n<ops@example.net>): Command died with status 2:\n",
			addr:  "ops-autoreply.handler@pipe.example.org", orig: "ops@example.net",
			diag: "Command died with status 2",
		},
		{
			name:  "cut after the address",
			entry: "<another.very.long.mailbox.name.that.fills.the.line@forward.example.org>\n    (expanded from <info@example.net>): host mx.example.org[192.0.2.3] said:\n    550 5.1.1 no such user (in reply to RCPT TO command)\n",
			addr:  "another.very.long.mailbox.name.that.fills.the.line@forward.example.org", orig: "info@example.net",
			diag: "550 5.1.1 no such user",
		},
		{
			name:  "one line",
			entry: "<bob@example.org> (expanded from <team@example.net>): mailbox full\n",
			addr:  "bob@example.org", orig: "team@example.net", diag: "mailbox full",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := decodeMTA(t, head+tc.entry)
			require.NotNil(t, r)
			require.Len(t, r.Recipients, 1, "recipients: %+v", r.Recipients)
			rc := r.Recipients[0]
			assert.Equal(t, tc.addr, rc.Recipient)
			assert.Equal(t, tc.orig, rc.OriginalRecipient)
			assert.Contains(t, rc.DiagnosticCode, tc.diag)
		})
	}
}

// TestPostfixLoneAddressLine checks that a line holding only an address
// opens no entry when the line below does not complete one.
func TestPostfixLoneAddressLine(t *testing.T) {
	raw := "From: MAILER-DAEMON@mx.example.net (Mail Delivery System)\nSubject: Undelivered Mail Returned to Sender\n\n" +
		"This is the mail system at host mx.example.net.\n\n                   The mail system\n\n" +
		"<carol@example.org>: host mx.example.org[192.0.2.9] said: 552 5.2.2 over quota\n    (in reply to RCPT TO command)\n\n" +
		"<dave@example.org>\nsome unrelated line\n"
	r := decodeMTA(t, raw)
	require.NotNil(t, r)
	require.Len(t, r.Recipients, 1, "recipients: %+v", r.Recipients)
	assert.Equal(t, "carol@example.org", r.Recipients[0].Recipient)
}
