package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestSendmailLocalMailerOutput reads a Sendmail report
// (testdata/sendmail-local) whose transcript has a local mailer's output
// before Sendmail's verdict on one address, then an SMTP conversation and
// a local verdict with no output: the output leads the first address's
// diagnostic, and neither the remote reply nor the last verdict takes it.
func TestSendmailLocalMailerOutput(t *testing.T) {
	r := parseSample(t, "sendmail-local", "procmail.eml", Sendmail, 3)
	cases := []struct{ addr, remote, command, diag string }{
		{"keiko@mail.shop.example", "", "",
			`procmail: Quota exceeded while writing "/var/spool/mail/keiko" 550 5.0.0 Can't create output`},
		{"taro@partner.example", "mx.partner.example", dsn.CommandRCPT, "550 5.1.1 <taro@partner.example>... User unknown"},
		{"hanako@mail.shop.example", "", "", "550 5.1.1 User unknown"},
	}
	for i, tc := range cases {
		rc := r.Recipients[i]
		assert.Equal(t, tc.addr, rc.Recipient)
		assert.Equal(t, tc.remote, rc.RemoteMTA, tc.addr)
		assert.Equal(t, tc.command, rc.Command, tc.addr)
		assert.Equal(t, tc.diag, rc.DiagnosticCode, tc.addr)
	}
}
