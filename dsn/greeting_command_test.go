package dsn

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestGreetingCommand: Postfix's "refused to talk to me:" says the server
// refused the session at its greeting; other wordings keep their commands,
// and the words without Postfix's form name none.
func TestGreetingCommand(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"postfix greeting", "<a@example.jp>: host mx.example.jp[192.0.2.1] refused to talk to me: 554 5.7.2 Service denied, closing transmission channel", CommandCONN},
		{"wrapped", "<a@example.jp>: host mx.example.jp[192.0.2.1] refused\nto talk to me: 554 Your access to this mail system has been rejected", CommandCONN},
		{"in reply to RCPT", "<a@example.jp>: host mx.example.jp[192.0.2.1] said: 550 5.1.1 User unknown (in reply to RCPT TO command)", CommandRCPT},
		{"not Postfix's form", "The server refused to talk to me about it", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, FindCommand(tt.text))
		})
	}
}
