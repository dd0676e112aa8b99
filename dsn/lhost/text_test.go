package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
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
