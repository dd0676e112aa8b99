package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// Lower-casing a line with strings.ToLower may change its length (an
// invalid byte becomes the three bytes of U+FFFD, "İ" becomes two runes),
// so an index found in the lower-cased copy is not an index in the line.
// The explanations are read with length-keeping case folds; these lines
// put such bytes before the words the readers look for.
func TestExplainWithBytesToLowerResizes(t *testing.T) {
	odd := "\xff\xfeİİİ"
	tests := []struct {
		name     string
		explain  func(*dsn.Recipient, []string)
		body     []string
		wantHost string
		wantDiag string
	}{
		{"qmail: remote host said", qmailExplain,
			[]string{odd + " Sorry, no SMTP connection got far enough; most progress was RCPT TO response; remote host 192.0.2.1 said: 550 5.1.1 no such user"},
			"", "550 5.1.1 no such user"},
		{"qmail: remote host named later", qmailExplain,
			[]string{odd + " Connected to remote host mx.example.net. but it refused"},
			"mx.example.net", ""},
		{"dma: did not like our", dragonFlyExplain,
			[]string{odd + " mx.example.net [192.0.2.1] did not like our RCPT TO:", "550 5.1.1 no such user"},
			"", "550 5.1.1 no such user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rc dsn.Recipient
			assert.NotPanics(t, func() { tt.explain(&rc, tt.body) })
			if tt.wantHost != "" {
				assert.Equal(t, tt.wantHost, rc.RemoteMTA)
			}
			if tt.wantDiag != "" {
				assert.Contains(t, rc.DiagnosticCode, tt.wantDiag)
			}
		})
	}
}
