package dsn_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// TestARFFeedbackTypeToken: RFC 5965 section 3.5 gives Feedback-Type as
// [CFWS] token [CFWS]; comments and white space around the type are not
// part of it.
func TestARFFeedbackTypeToken(t *testing.T) {
	cases := []struct{ in, want string }{
		{"abuse", "abuse"},
		{"Abuse", "abuse"},
		{" auth-failure\r\n", "auth-failure"},
		{"abuse (user clicked spam)", "abuse"},
		{"(moved back to inbox) not-spam", "not-spam"},
		{"abuse(no space)", "abuse"},
		{"virus (nested (comment) here)", "virus"},
		{`fraud (quoted \) paren)`, "fraud"},
		{"\tdkim ", "dkim"},
		// Near misses: a hyphen and a dot are token characters.
		{"not-spam", "not-spam"},
		{"opt-out", "opt-out"},
		{"x.vendor-type", "x.vendor-type"},
		// Nothing a token.
		{"", ""},
		{"(only a comment)", ""},
		// A tspecial ends the token.
		{"abuse; extra", "abuse"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, dsn.FeedbackTypeToken(c.in), "%q", c.in)
	}
}

// TestARFDecodeCommentedType: a report whose Feedback-Type carries a
// comment is of the type the token names.
func TestARFDecodeCommentedType(t *testing.T) {
	for _, c := range []struct{ field, want string }{
		{"Feedback-Type: abuse (user clicked spam)", "abuse"},
		{"Feedback-Type: not-spam (moved back to inbox)", "not-spam"},
		{"Feedback-Type: opt-out", "opt-out"},
	} {
		msg := arf8Report("c13", c.field+"\nUser-Agent: ReceiverFeedback/3.1\nVersion: 1\nOriginal-Rcpt-To: <u@receiver.example>\n",
			"message/rfc822", arf8Original("<u@receiver.example>", ""))
		r, err := dsn.Parse(strings.NewReader(msg), lhost.Registry())
		require.NoError(t, err, c.field)
		require.Equal(t, dsn.FeedbackReport, r.Kind, c.field)
		assert.Equal(t, c.want, r.FeedbackType, c.field)
		require.Len(t, r.Recipients, 1)
		assert.Equal(t, "u@receiver.example", r.Recipients[0].Recipient)
	}
}
