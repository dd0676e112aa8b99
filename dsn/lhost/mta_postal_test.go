package lhost

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// postalBounce writes a bounce as Postal's BounceMessage does
// (postalserver/postal app/models/bounce_message.rb): From the route's
// address under the name "Mail Delivery Service", the Subject around the
// original's, the text part, the original attached as message/rfc822.
func postalBounce(route, rcptTo string) string {
	return "From: Mail Delivery Service <" + route + ">\n" +
		"To: sender@example.com\n" +
		"Subject: Mail Delivery Failed (Order 1234)\n" +
		"Message-ID: <3f0c2a9e-5b1d-4c7e-9a55-0d6f1b2c3d4e@rp.postal.example.net>\n" +
		"MIME-Version: 1.0\n" +
		"Content-Type: multipart/mixed; boundary=\"--==_mimepart_1\"\n\n" +
		"----==_mimepart_1\n" +
		"Content-Type: text/plain; charset=UTF-8\n\n" +
		"This is the mail delivery service responsible for delivering mail to " + route + ".\n\n" +
		"The message you've sent cannot be delivered. Your original message is attached to this message.\n\n" +
		"For further assistance please contact postmaster@example.org. Please include the details below to help us identify the issue.\n\n" +
		"Message Token: x7Yq3Lp0@AbC123\n" +
		"Orginal Message ID: <orig-99@example.com>\n" +
		"Mail from: sender@example.com\n" +
		"Rcpt To: " + rcptTo + "\n\n" +
		"----==_mimepart_1\n" +
		"Content-Type: message/rfc822\n" +
		"Content-Disposition: attachment; filename=\"Original Message.eml\"\n\n" +
		"From: sender@example.com\n" +
		"To: " + rcptTo + ", other@example.org\n" +
		"Subject: Order 1234\n" +
		"Message-ID: <orig-99@example.com>\n\n" +
		"hello\n\n" +
		"----==_mimepart_1--\n"
}

// TestPostalBounce: Postal's bounce is read as a failure of the address
// under "Rcpt To:" (the route's, which is also the bounce's From, or the
// address a wildcard route took), and of no other address it names.
func TestPostalBounce(t *testing.T) {
	cases := []struct{ name, route, rcptTo string }{
		{"route", "support@example.org", "support@example.org"},
		{"wildcard route", "*@example.org", "sales@example.org"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(postalBounce(tc.route, tc.rcptTo)), Registry())
			require.NoError(t, err)
			require.Equal(t, dsn.DeliveryReport, r.Kind)
			assert.Equal(t, string(Postal), r.Decoder)
			require.Len(t, r.Recipients, 1)
			rc := r.Recipients[0]
			assert.Equal(t, tc.rcptTo, rc.Recipient)
			assert.Equal(t, dsn.ActionFailed, rc.Action)
			assert.Contains(t, rc.DiagnosticCode, "cannot be delivered")
			assert.Equal(t, "orig-99@example.com", r.Original.MessageID)
		})
	}
	t.Run("other mail from a Mail Delivery Service", func(t *testing.T) {
		msg := strings.Replace(postalBounce("support@example.org", "support@example.org"),
			"This is the mail delivery service responsible for delivering mail to", "Your order was delivered to", 1)
		m, err := dsn.ReadMessage([]byte(msg))
		require.NoError(t, err)
		assert.Nil(t, postalDecoder{}.Decode(m))
	})
}
