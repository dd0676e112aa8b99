package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestJMRPForwardedBySES checks Microsoft JMRP complaints that Amazon SES
// forwards from complaints@email-abuse.amazonses.com in JMRP's own
// layout (sisimai/go-sisimai arf/lib.go, isARF): the complainer is the
// X-HmXmrOriginalRecipient of the returned message or, without it, the
// returned message's To, as for staff@hotmail.com's own reports.
func TestJMRPForwardedBySES(t *testing.T) {
	const head = "From: complaints@email-abuse.amazonses.com\n" +
		"To: 0100018f-aa@amazonses.com\n" +
		"Subject: complaint about message from 54.240.8.21\n" +
		"Content-Type: multipart/mixed; boundary=\"----=_Part_1\"\n\n" +
		"------=_Part_1\nContent-Type: message/rfc822\nContent-Disposition: inline\n\n"
	const orig = "X-Reporter-IP: 203.0.113.9\n" +
		"From: Shop <news@shop.example.com>\nTo: lee@outlook.com\nSubject: Flash sale\n" +
		"Message-ID: <sale-1@shop.example.com>\n\nsale\n------=_Part_1--\n"
	tests := []struct {
		name, msg, want string
	}{
		{"with the field", head + "X-HmXmrOriginalRecipient: <kai@hotmail.com>\n" + orig, "kai@hotmail.com"},
		{"without the field: the returned To", head + orig, "lee@outlook.com"},
	}
	for _, tc := range tests {
		for ends, msg := range lineEndVariants(tc.msg) {
			t.Run(tc.name+"/"+ends, func(t *testing.T) {
				r, err := dsn.ParseBytes([]byte(msg), Registry())
				require.NoError(t, err)
				provCheck(t, r, provWant{decoder: "MicrosoftJMRP", kind: dsn.FeedbackReport, feedbackType: "abuse",
					origSubject: "Flash sale", origID: "sale-1@shop.example.com",
					rcpts: []provWantRcpt{{addr: tc.want, diag: "complaint about message from 54.240.8.21"}}})
			})
		}
	}
}

// TestJMRPForwardedNearMiss checks that the To fallback stays with the two
// senders: a complaint-like Subject from any other address (Amazon SES's
// own bounce sender included) is no JMRP report without the field.
func TestJMRPForwardedNearMiss(t *testing.T) {
	for _, from := range []string{
		"MAILER-DAEMON@amazonses.com",
		"complaints@abuse.amazonses.com.example.net",
		"staff@example-hotmail.com",
	} {
		t.Run(from, func(t *testing.T) {
			msg := "From: " + from + "\nSubject: complaint about message from 54.240.8.21\n" +
				"Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: message/rfc822\n\n" +
				"From: news@shop.example.com\nTo: lee@outlook.com\nSubject: Flash sale\n\nsale\n--b--\n"
			r, err := dsn.ParseBytes([]byte(msg), Registry())
			require.NoError(t, err)
			assert.NotEqual(t, "MicrosoftJMRP", string(r.Decoder), "recipients: %+v", r.Recipients)
		})
	}
}
