package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestCitadelNotice reads Citadel's notices (testdata/citadel, written
// after smtpq_do_bounce in citadel/modules/smtp/serv_smtpqueue.c): each
// "address: message" line is a failed recipient with its message; in the
// give-up notice, an address whose message is no permanent refusal gets
// the status of an expired delivery.
func TestCitadelNotice(t *testing.T) {
	type want struct {
		rcpt, diag, status string
		reply              int
	}
	cases := []struct {
		file string
		want []want
	}{
		{"unknown.eml", []want{
			{"carol@partner.example", "550 5.1.1 <carol@partner.example>: Recipient address rejected: User unknown", "5.1.1", 550},
			{"dave@partner.example", "552 5.2.2 <dave@partner.example>: Mailbox full", "5.2.2", 552},
		}},
		{"giveup.eml", []want{
			{"erin@far.example", "Connection refused", "5.4.7", 0},
			{"frank@far.example", "550 5.7.1 Relaying denied", "5.7.1", 550},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			r := parseSample(t, "citadel", tc.file, Citadel, len(tc.want))
			for i, w := range tc.want {
				rc := r.Recipients[i]
				assert.Equal(t, w.rcpt, rc.Recipient)
				assert.Equal(t, dsn.ActionFailed, rc.Action)
				assert.Equal(t, w.diag, rc.DiagnosticCode)
				assert.Equal(t, w.status, rc.Status.String())
				assert.Equal(t, w.reply, rc.ReplyCode)
			}
			assert.NotEmpty(t, r.Original.MessageID, "the original from the message/rfc822 part")
		})
	}
}

// TestCitadelNearMiss: a Citadel user's reply quoting a notice is no
// notice.
func TestCitadelNearMiss(t *testing.T) {
	assertNearMiss(t, citadelDecoder{}, "citadel", "not-reply.eml")
}
