package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestQuotedXUnix: an X-Unix diagnostic quoted inside a relay's reply
// (Exchange's "< #5.3.0 x-unix; ...>") is the delivery program's failure,
// as one of type X-Unix is; near misses that only look like the type keep
// the reading of their words or status.
func TestQuotedXUnix(t *testing.T) {
	cases := []struct {
		name, status, diag string
		want               Reason
	}{
		{"Exchange quoting a Postfix pipe failure", "5.3.0",
			"554 5.3.0 < #5.3.0 x-unix; /usr/libexec/sympa/queue: usage error, one one list-name argument expected.>", MailerError},
		{"upper case, at the start", "5.0.0", "X-Unix; /usr/bin/procmail: exit 75", MailerError},
		// Near misses: no semicolon, inside a longer word.
		{"bare x-unix in prose", "5.3.0", "554 5.3.0 the x-unix gateway is down", SystemError},
		{"inside a longer token", "5.3.0", "554 5.3.0 sco-x-unix; host failure", SystemError},
		{"x-unixware", "5.3.0", "554 5.3.0 x-unixware; relay failure", SystemError},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := classifyOne(t, fact("mx.example.org", "list@lists.example.org", c.status, c.diag))
			assert.Equal(t, c.want, v.Reason, "rule %s", v.Rule)
		})
	}
	assert.False(t, quotesXUnix(""))
	assert.False(t, quotesXUnix("x-unix"))
	assert.True(t, quotesXUnix("x-unix;"))
}
