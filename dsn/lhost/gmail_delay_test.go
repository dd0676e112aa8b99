package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestGmailDelayEmptyDeliveryStatus: Gmail's "Delivery incomplete" notice
// (Subject "Delivery Status Notification (Delay)", no X-Failed-Recipients)
// with an empty delivery-status part is a delay: the Gmail decoder's
// reading, which finds it delayed from the Subject, replaces the RFC 3464
// decoder's partial one, which took the recipient for failed. Texts as
// quoted in https://github.com/MIATECHPARTNERS/PromptChains/issues/6 and
// https://github.com/opentraffic/analyst-ui/issues/182.
func TestGmailDelayEmptyDeliveryStatus(t *testing.T) {
	const google = "Mail Delivery Subsystem <mailer-daemon@googlemail.com>"
	const reply = "The recipient server did not accept our requests to connect. For more information, go to https://support.google.com/mail/answer/7720 [example.com 192.0.2.21: timed out]"
	text := func(verb string) string {
		return "\n** Delivery incomplete **\n\n" +
			"There was a temporary problem " + verb + " your message to support@example.com. Gmail will retry for 45 more hours. You'll be notified if the delivery fails permanently.\n\n" +
			"Learn more here: https://support.google.com/mail/?p=NotDelivered\n\nThe response was:\n\n" + reply + "\n"
	}
	for _, tc := range []struct {
		name, msg string
		decoder   dsn.DecoderName
		action    dsn.Action
		diag      string
	}{
		{"delay, empty part", gmailNotice(google, "Delivery Status Notification (Delay)", "", text("delivering"), ""), Gmail, dsn.ActionDelayed, reply},
		{"delay, 'while delivering', empty part", gmailNotice(google, "Delivery Status Notification (Delay)", "", text("while delivering"), ""), Gmail, dsn.ActionDelayed, reply},
		{"delay with its fields: the RFC 3464 decoder's reading", gmailNotice(google, "Delivery Status Notification (Delay)", "", text("delivering"),
			"Reporting-MTA: dns; googlemail.com\n\nFinal-Recipient: rfc822; support@example.com\nAction: delayed\nStatus: 4.4.1\nDiagnostic-Code: smtp; "+reply+"\n"),
			dsn.RFC3464, dsn.ActionDelayed, reply},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(tc.msg), Registry())
			require.NoError(t, err)
			assert.Equal(t, string(tc.decoder), r.Decoder)
			require.Len(t, r.Recipients, 1)
			assert.Equal(t, "support@example.com", r.Recipients[0].Recipient)
			assert.Equal(t, tc.action, r.Recipients[0].Action)
			assert.Equal(t, tc.diag, r.Recipients[0].DiagnosticCode)
		})
	}
}

// Near miss: the same text under the failure Subject stays a failure, and
// a failure notice's empty part is not turned into a delay.
func TestGmailDelayEmptyDeliveryStatusNearMiss(t *testing.T) {
	const google = "Mail Delivery Subsystem <mailer-daemon@googlemail.com>"
	msg := gmailNotice(google, "Delivery Status Notification (Failure)", "anna@example.net",
		"\n** Address not found **\n\nYour message wasn't delivered to anna@example.net because the address couldn't be found, or is unable to receive mail.\n\n"+
			"The response was:\n\n550 Unrouteable address\n", "")
	r, err := dsn.ParseBytes([]byte(msg), Registry())
	require.NoError(t, err)
	require.Len(t, r.Recipients, 1)
	assert.Equal(t, dsn.ActionFailed, r.Recipients[0].Action)
	assert.Equal(t, "550 Unrouteable address", r.Recipients[0].DiagnosticCode)
}
