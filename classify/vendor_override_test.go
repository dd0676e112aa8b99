package classify_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// au's (KDDI's) spam filter marks the notice of a message it refused
// "X-SPASIGN: NG": every recipient of it is filtered whatever the words
// below say (Sisimai's EZweb and KDDI decoders); without the mark, or with
// another value, the words decide.
func TestKDDISpamFilterSign(t *testing.T) {
	const kddi = "From: MAILER-DAEMON@auone-net.jp\r\nTo: a@example.jp\r\n%s" +
		"Subject: Undeliverable Mail\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" +
		"Your mail sent on: Mon, 1 Jul 2024 09:58:00 +0900\r\n" +
		"     Could not be delivered to: <rina@auone-net.jp>\r\n     As their mailbox is full.\r\n"
	const ezweb = "From: Postmaster@ezweb.ne.jp\r\nTo: a@example.jp\r\n%s" +
		"Subject: Mail System Error - Returned Mail\r\n\r\n" +
		"This Message was undeliverable due to the following reason:\r\n\r\n" +
		"Each of the following recipients was rejected by a remote\r\nmail server.\r\n\r\n" +
		"    Recipient: <aoi@ezweb.ne.jp>\r\n    >>> RCPT TO:<aoi@ezweb.ne.jp>\r\n    <<< 550 <aoi@ezweb.ne.jp>: User unknown\r\n\r\n"
	for _, c := range []struct {
		name, layout, sign string
		want               classify.Reason
		rule               string
	}{
		{"kddi NG", kddi, "X-SPASIGN: NG\r\n", classify.Filtered, "vendor/kddi/filtered/ng"},
		{"ezweb NG", ezweb, "X-SPASIGN: NG\r\n", classify.Filtered, "vendor/kddi/filtered/ng"},
		// near misses: no mark, another value.
		{"kddi no sign", kddi, "", classify.MailboxFull, ""},
		{"kddi OK", kddi, "X-SPASIGN: OK\r\n", classify.MailboxFull, ""},
		{"ezweb no sign", ezweb, "", classify.UserUnknown, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, err := dsn.ReadMessage([]byte(fmt.Sprintf(c.layout, c.sign)))
			require.NoError(t, err)
			r := dsn.Decode(m, lhost.Registry())
			require.NotNil(t, r)
			require.Len(t, r.Recipients, 1)
			v := classify.Classify(r)[0]
			assert.Equal(t, c.want, v.Reason, v.Rule)
			if c.rule != "" {
				assert.Equal(t, c.rule, v.Rule)
				assert.Equal(t, classify.StageVendor, v.Stage)
			} else {
				assert.NotEqual(t, classify.StageVendor, v.Stage, v.Rule)
			}
		})
	}
}
