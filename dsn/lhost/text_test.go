package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

func TestHostAfter(t *testing.T) {
	tests := []struct{ line, after, want string }{
		{"This is the qmail-send program at mx.example.org.", " at ", "mx.example.org"},
		{"This is the mail system at host MX.Example.ORG.", " AT HOST ", "mx.example.org"},
		{"created automatically by the SMTP relay on relay.example.net", " relay on ", "relay.example.net"},
		{"no host here", " at ", ""},
		{"mailed at user@example.org", " at ", ""},
		// Invalid UTF-8 before the match must not shift the offset (and,
		// here, must not run past the end of the line).
		{"\xff\xff\xff\xff at x.y", " at ", "x.y"},
		{"\xff\xff\xff\xff\xff\xff\xff\xff at mx.example.org", " at ", "mx.example.org"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, hostAfter(tt.line, tt.after), "%q", tt.line)
	}
}

func TestLineContaining(t *testing.T) {
	lines := []string{"intro", "A message that you sent has NOT YET BEEN DELIVERED", "\xff\xffthe queue on mx.example.org"}
	assert.Equal(t, 1, lineContaining(lines, 0, "has not yet been delivered"))
	assert.Equal(t, 2, lineContaining(lines, 0, "absent", "The Queue On "))
	assert.Equal(t, -1, lineContaining(lines, 2, "has not yet been delivered"))
}

// TestAddRecipientMTAFacts checks what the MTA formats' recipients get
// beyond dsn.Report.AddRecipient: the command from MTA phrasings, and the
// reply code and diagnostic type SMTP when the text quotes a reply.
func TestAddRecipientMTAFacts(t *testing.T) {
	var r dsn.Report
	require.True(t, addRecipient(&r, dsn.Recipient{Recipient: "<a@example.org>", DiagnosticCode: "192.0.2.1 does not like recipient. Remote host said: 550 5.1.1 unknown"}))
	require.True(t, addRecipient(&r, dsn.Recipient{Recipient: "b@example.org", DiagnosticCode: "mailbox is full"}))
	require.True(t, addRecipient(&r, dsn.Recipient{Recipient: "c@example.org", DiagnosticType: "X-Unix", Command: dsn.CommandDATA, DiagnosticCode: "550 pipe failed"}))
	assert.False(t, addRecipient(&r, dsn.Recipient{Recipient: "a@example.org", DiagnosticCode: "192.0.2.1 does not like recipient. Remote host said: 550 5.1.1 unknown"}), "a duplicate")
	require.Len(t, r.Recipients, 3)

	a := r.Recipients[0]
	assert.Equal(t, "a@example.org", a.Recipient)
	assert.Equal(t, dsn.CommandRCPT, a.Command)
	assert.Equal(t, 550, a.ReplyCode)
	assert.Equal(t, "SMTP", a.DiagnosticType)
	assert.Equal(t, "5.1.1", a.Status.String())

	b := r.Recipients[1]
	assert.Equal(t, "", b.Command)
	assert.Equal(t, 0, b.ReplyCode)
	assert.Equal(t, "", b.DiagnosticType, "no reply quoted")

	c := r.Recipients[2]
	assert.Equal(t, "X-Unix", c.DiagnosticType, "the decoder's type stands")
	assert.Equal(t, dsn.CommandDATA, c.Command, "the decoder's command stands")
}
