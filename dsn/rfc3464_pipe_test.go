package dsn_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// pipeDSN is a delivery status notification for two recipients, the first
// a pipe (Final-Recipient "rfc822;|command", as Exim 4.86 wrote it for a
// pipe delivery) without a Diagnostic-Code, the second an address with
// one; each %s is replaced by the pipe recipient's extra fields.
const pipeDSN = `From: Mail Delivery System <mailer-daemon@mx.example.net>
To: alice@example.com
Subject: Mail delivery failed: returning message to sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary=b1

--b1
Content-Type: text/plain

A message that you sent could not be delivered to one or more of its
recipients.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Action: failed
Final-Recipient: rfc822;|/usr/local/bin/ticket --queue help
Status: 5.0.0%s

Action: failed
Final-Recipient: rfc822;bob@example.org
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 User unknown

--b1--
`

func TestPipeFinalRecipient(t *testing.T) {
	cases := []struct {
		name, extra, wantType string
	}{
		{"no diagnostic: a program's failure", "", "X-Unix"},
		{"a diagnostic keeps its type", "\nDiagnostic-Code: smtp; 550 5.0.0 refused", "smtp"},
	}
	for _, tc := range cases {
		msg := strings.Replace(pipeDSN, "%s", tc.extra, 1)
		for ends, m := range map[string]string{
			"LF": msg, "CRLF": strings.ReplaceAll(msg, "\n", "\r\n"), "CR": strings.ReplaceAll(msg, "\n", "\r"),
		} {
			t.Run(tc.name+"/"+ends, func(t *testing.T) {
				r, err := dsn.ParseBytes([]byte(m), lhost.Registry())
				require.NoError(t, err)
				require.Len(t, r.Recipients, 2)
				assert.Equal(t, tc.wantType, r.Recipients[0].DiagnosticType)
				assert.False(t, r.Recipients[0].NoRemoteAnswer, "a program's failure is no routing failure")
				assert.Equal(t, "bob@example.org", r.Recipients[1].Recipient)
				assert.Equal(t, "smtp", r.Recipients[1].DiagnosticType, "an address recipient keeps its type")
			})
		}
	}
}
