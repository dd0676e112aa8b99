package lhost_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// expiredDSN is a notice in the form OpenSMTPD 6.8 writes when it removes
// an envelope whose queue time ran out (addresses and hosts of our own);
// %s is the recipient's words in the notice.
const expiredDSN = `From: Mailer Daemon <MAILER-DAEMON@relay.example.net>
To: dana@example.net
Subject: Delivery status notification: delayed
MIME-Version: 1.0
Content-Type: multipart/mixed;boundary="b2/relay.example.net"

This is a MIME-encapsulated message.

--b2/relay.example.net
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

    Hi!

    This is the MAILER-DAEMON, please DO NOT REPLY to this email.

    A message is delayed for more than 0 seconds for the following
    list of recipients:

omar@example.org: %s

    Please note that this is only a temporary failure report.

--b2/relay.example.net
Content-Description: Delivery Report
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.example.net

Final-Recipient: rfc822; omar@example.org
Action: delayed
Status: 4.4.7

--b2/relay.example.net--
`

func TestExpiredEnvelopeFailed(t *testing.T) {
	for _, tc := range []struct {
		words string
		want  dsn.Action
	}{
		{"Envelope expired", dsn.ActionFailed},
		{"Network error on destination MXs", dsn.ActionDelayed},
		{"Envelope expired soon: 4 hours left", dsn.ActionDelayed},
	} {
		msg := strings.Replace(expiredDSN, "%s", tc.words, 1)
		for ends, m := range map[string]string{"LF": msg, "CRLF": strings.ReplaceAll(msg, "\n", "\r\n")} {
			t.Run(tc.words+"/"+ends, func(t *testing.T) {
				r, err := dsn.ParseBytes([]byte(m), lhost.Registry())
				require.NoError(t, err)
				require.Len(t, r.Recipients, 1)
				assert.Equal(t, string(dsn.RFC3464), r.Decoder)
				assert.Equal(t, tc.want, r.Recipients[0].Action)
				assert.Equal(t, tc.words, r.Recipients[0].DiagnosticCode)
			})
		}
	}
}
