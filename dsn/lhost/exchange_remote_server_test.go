package lhost

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// ms7Exchange2013 is an Exchange 2013 NDR without a delivery-status part,
// in the layout of https://pastebin.com/32NXKByX: the administrators'
// section names the receiving server on its own line under the recipient
// ("<rejected recipient> <remote server> ... <SMTP response>",
// learn.microsoft.com, "What's included in an NDR?"). The remote host is
// read from that line; %s is what stands there.
const ms7Exchange2013 = `From: Microsoft Exchange <MicrosoftExchange@example.com>
To: <news@example.com>
Subject: Undeliverable: Offers
X-MS-Exchange-Message-Is-Ndr:
Content-Type: text/plain; charset="us-ascii"

NAM12-DM6-obe.mail.protection.outlook.com rejected your message to the following email addresses:

kim@example.org (kim@example.org)<mailto:kim@example.org>

A communication failure occurred during the delivery of this message. Please try resending the message later. If the problem continues, contact your helpdesk.

NAM12-DM6-obe.mail.protection.outlook.com gave this error:
[kim@example.org]: Recipient address rejected: Access denied. AS(201806281)

Diagnostic information for administrators:

Generating server: MAIL01.example.com

kim@example.org
%s
Remote Server returned '550 5.4.1 [kim@example.org]: Recipient address rejected: Access denied. AS(201806281) [DM6NAM12FT041.eop-nam12.prod.protection.outlook.com]'

Original message headers:

From: News <news@example.com>
To: <kim@example.org>
Subject: Offers
Message-ID: <offers.1@example.com>
`

// TestExchangeRemoteServerLine checks that the receiving server's own
// line in the administrators' section gives the remote host, and that
// lines that are not a host name alone do not.
func TestExchangeRemoteServerLine(t *testing.T) {
	tests := []struct {
		name, line, remote string
	}{
		{"the receiving server's line", "NAM12-DM6-obe.mail.protection.outlook.com", "nam12-dm6-obe.mail.protection.outlook.com"},
		{"with spaces around it", "  mx1.example.org ", "mx1.example.org"},
		// Not a host name alone: none is read from these.
		{"a sentence", "The server mx1.example.org said", ""},
		{"an address", "kim@example.org", ""},
		{"a single label", "localhost", ""},
		{"an IP address", "192.0.2.1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := []byte(fmt.Sprintf(ms7Exchange2013, tt.line))
			r, err := dsn.ParseBytes(msg, Registry())
			require.NoError(t, err)
			provCheck(t, r, provWant{
				decoder: string(Exchange2007),
				kind:    dsn.DeliveryReport,
				rcpts: []provWantRcpt{{
					addr: "kim@example.org", action: dsn.ActionFailed, status: "5.4.1", reply: 550,
					remote: tt.remote, diag: "550 5.4.1 [kim@example.org]: Recipient address rejected: Access denied. AS(201806281)",
				}},
				origSubject: "Offers", origID: "offers.1@example.com",
			})
		})
	}
}
