package dsn_test

import (
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// sendmailUnlabelled is a Sendmail notification whose header lost its
// MIME fields: the report is in the body, between boundary lines that no
// Content-Type declares.
const sendmailUnlabelled = "This is a MIME-encapsulated message\n\n--B.1/mx.example.net\n\n" +
	"   ----- The following addresses had permanent fatal errors -----\n<bob@example.com>\n\n" +
	"--B.1/mx.example.net\nContent-Type: message/delivery-status\n\n" +
	"Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: RFC822; bob@example.com\nAction: failed\n" +
	"Status: 5.1.1\nDiagnostic-Code: SMTP; 550 5.1.1 <bob@example.com>... User unknown\n\n--B.1/mx.example.net--\n"

// TestEmbeddedReportInEncodedText checks that a report embedded in the
// text of a message is found when a relay has re-encoded that text as
// base64 or quoted-printable, as it is in the raw text.
func TestEmbeddedReportInEncodedText(t *testing.T) {
	head := "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>\nTo: alice@example.org\nSubject: Returned mail: see transcript for details\n"
	b64 := base64.StdEncoding.EncodeToString([]byte(sendmailUnlabelled))
	for name, msg := range map[string]string{
		"raw":    head + "\n" + sendmailUnlabelled,
		"base64": head + "MIME-Version: 1.0\nContent-Transfer-Encoding: base64\n\n" + b64 + "\n",
		"qp":     head + "MIME-Version: 1.0\nContent-Transfer-Encoding: quoted-printable\n\n" + sendmailUnlabelled,
	} {
		m, err := dsn.ReadMessage([]byte(msg))
		require.NoError(t, err, name)
		p := m.FindPart("message/delivery-status")
		require.NotNil(t, p, name)
		assert.Contains(t, p.Text(), "Final-Recipient: RFC822; bob@example.com\nAction: failed\n", name)
		r, err := dsn.ParseBytes([]byte(msg), lhost.Registry())
		require.NoError(t, err, name)
		require.Len(t, r.Recipients, 1, name)
		assert.Equal(t, "bob@example.com", r.Recipients[0].Recipient, name)
		assert.Equal(t, "5.1.1", r.Recipients[0].Status.String(), name)
	}
}
