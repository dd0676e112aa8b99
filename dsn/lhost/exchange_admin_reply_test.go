package lhost

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// ms23Exchange2007 is an Exchange 2007 NDR (go-sisimai lhost/exchange2007.go's
// administrators' section, "#<reply> ##") with a delivery-status part; %s
// is the part's Diagnostic-Code line, if any, %s the subject.
const ms23Exchange2007 = `From: Microsoft Exchange <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@example.com>
To: <boss@example.com>
Subject: %s
Content-Language: en-US
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b23"

--b23
Content-Type: text/plain; charset="us-ascii"

Delivery has failed to these recipients or distribution lists:

Trust Board<mailto:board@example.org>
Microsoft Exchange will not try to redeliver this message for you. Please provide the following diagnostic text to your system administrator.

_____

Sent by Microsoft Exchange Server 2007

Diagnostic information for administrators:

Generating server: EXHUB03.example.com

board@example.org
#550 5.6.0 SMTPSEND.SmtpSendOrarNotTransmittable; unable to transmit ORAR ##

Original message headers:

From: Boss <boss@example.com>
To: <board@example.org>
Subject: Delegation
Message-ID: <deleg.1@example.com>

--b23
Content-Type: message/delivery-status

Reporting-MTA: dns;EXHUB03.example.com

Final-Recipient: rfc822;board@example.org
Action: failed
Status: 5.6.0
%sX-Display-Name: Trust Board

--b23--
`

// TestExchangeAdminReply: without a Diagnostic-Code field the reply
// comes from the administrators' section, not the user's explanation; a
// Diagnostic-Code field is kept, and a notice that is not Exchange's is
// left as it was.
func TestExchangeAdminReply(t *testing.T) {
	admin := "550 5.6.0 SMTPSEND.SmtpSendOrarNotTransmittable; unable to transmit ORAR"
	tests := []struct {
		name, subject, field, want string
	}{
		{"no Diagnostic-Code", "Undeliverable: Delegation", "", admin},
		{"Diagnostic-Code kept", "Undeliverable: Delegation", "Diagnostic-Code: smtp;550 5.6.0 conversion failed\n", "550 5.6.0 conversion failed"},
		// Near miss: not an Exchange NDR (no Exchange Subject or field).
		{"not Exchange", "Returned mail: see transcript", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(fmt.Sprintf(ms23Exchange2007, tt.subject, tt.field)), Registry())
			require.NoError(t, err)
			require.Len(t, r.Recipients, 1)
			got := r.Recipients[0].DiagnosticCode
			if tt.want == "" {
				require.NotEqual(t, admin, got)
				return
			}
			require.Equal(t, tt.want, got)
		})
	}
}
