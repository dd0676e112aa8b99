package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestLegacyLayouts: a Domino report naming two recipients in two
// "was not delivered to: ... because: ..." blocks (Sisimai's Domino
// decoder reads them all), each with its own reason; and the "Mail System
// Error - Returned Mail" notice in the form verizon.net's Post.Office sent,
// "The following recipients did not receive this message:", whose intro is
// no part of the reason.
func TestLegacyLayouts(t *testing.T) {
	tests := []struct {
		name, decoder, raw string
		want               []wantRecipient
		notInDiag          string
	}{
		{
			name: "domino, two blocks", decoder: "Domino",
			raw: "From: Postmaster@acacia.example.org\nTo: alice@example.com\n" +
				"Subject: DELIVERY FAILURE: User anna (anna@acacia.example.org) not listed in Domino Directory\n\n" +
				"Your message\n\n  Subject: Plans\n\n" +
				"was not delivered to:\n\n  anna@acacia.example.org\n\nbecause:\n\n" +
				"  User anna (anna@acacia.example.org) not listed in Domino Directory\n\n" +
				"was not delivered to:\n\n  ben@acacia.example.org\n\nbecause:\n\n" +
				"  Several matches found in Domino Directory\n",
			want: []wantRecipient{
				{addr: "anna@acacia.example.org", diagContains: "not listed in Domino Directory"},
				{addr: "ben@acacia.example.org", diagContains: "Several matches found"},
			},
			notInDiag: "Several matches",
		},
		{
			name: "domino, one block", decoder: "Domino",
			raw: "From: Postmaster@acacia.example.org\nTo: alice@example.com\n" +
				"Subject: DELIVERY FAILURE: Cannot route mail to user (sales@acacia.example.org)\n\n" +
				"Your message\n\n  Subject: Plans\n\n" +
				"was not delivered to:\n\n  sales@acacia.example.org\n\nbecause:\n\n" +
				"  Cannot route mail to user (sales@acacia.example.org)\n\n" +
				"-- original message follows, was not delivered to: nobody --\n",
			want: []wantRecipient{{addr: "sales@acacia.example.org", diagContains: "Cannot route mail to user"}},
		},
		{
			name: "mail system error, 'this message'", decoder: "MessagingServer",
			raw: "From: Mail Administrator <Postmaster@isp.example>\nTo: alice@example.com\n" +
				"Subject: Mail System Error - Returned Mail\n\n" +
				"This Message was undeliverable due to the following reason:\n\n" +
				"Your message was not delivered because the destination computer\n" +
				"was not found.\n\n     Host nosuch.example.org not found\n\n" +
				"The following recipients did not receive this message:\n\n" +
				"     <ann@nosuch.example.org>\n     <bert@nosuch.example.org>\n\n" +
				"Please reply to <Postmaster@isp.example>\nif you feel this message to be in error.\n",
			want: []wantRecipient{
				{addr: "ann@nosuch.example.org", diagContains: "destination computer was not found"},
				{addr: "bert@nosuch.example.org", diagContains: "Host nosuch.example.org not found"},
			},
			notInDiag: "did not receive",
		},
		{
			name: "exchange 5.5 IMS, MSEXCH line after a blank line", decoder: "Exchange2003",
			raw: "From: System Administrator <postmaster@example.com>\nTo: alice@example.com\n" +
				"Subject: Undeliverable: FW: test\nX-MimeOLE: Produced By Microsoft Exchange V5.5\n\n" +
				"Your message did not reach some or all of the intended recipients.\n\n" +
				"  Subject: FW: test\n  Sent: 3/11/00 4:04:49 PM\n\n" +
				"The following recipient(s) could not be reached:\n\n" +
				"  user@test.example on 3/11/00 4:05:00 PM\n" +
				"  A syntax error was detected in the content of the message\n\n" +
				"  The MTS-ID of the original message is:\n" +
				"  c=US;a=IBMX400;p=ORG;l=Server-000312000449Z-48391\n" +
				"  MSEXCH:IMS:ORG:Site:Server 3903 (000B099C) Message exceeds size limit.\n\n" +
				"  other@test.example on 3/11/00 4:05:00 PM\n" +
				"  The recipient name is not recognized\n\n" +
				"Thanks for using Exchange.\n",
			want: []wantRecipient{
				{addr: "user@test.example", diagContains: "syntax error was detected in the content of the message MSEXCH:IMS:ORG:Site:Server 3903 (000B099C) Message exceeds size limit."},
				{addr: "other@test.example", diagContains: "The recipient name is not recognized"},
			},
			notInDiag: "c=US;a=IBMX400",
		},
		{
			name: "exchange IMS to a Microsoft Mail client", decoder: "Exchange2003",
			raw: "From: System Administrator <postmaster@example.com>\nTo: alice@example.com\n" +
				"Subject: Undeliverable: Budget\n" +
				"X-Mailer: Microsoft Exchange Server Internet Mail Connector Version 4.0.994.63\n\n" +
				"Your Message\nTo:  jdoe@smtp.example\nSubject: Budget\n\n" +
				"Was not delivered for the following reasons:\n\n" +
				"Delivery failed due to unknown address\nReason: 0 (transfer failed)\n" +
				"Diagnostic: -1 (no diagnostic)\nMSEXCH:IMS:Example:Site:EXCH01 No proxy for\nRecipient\n\n" +
				"Original text follows.\n",
			want:      []wantRecipient{{addr: "jdoe@smtp.example", diagContains: "(no diagnostic) MSEXCH:IMS:Example:Site:EXCH01 No proxy for Recipient"}},
			notInDiag: "Original text",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := decodeMTA(t, tt.raw)
			require.Equal(t, dsn.DeliveryReport, r.Kind, "notes: %v", r.Notes)
			assert.Equal(t, tt.decoder, r.Decoder)
			checkRecipients(t, r, tt.want)
			if tt.notInDiag != "" {
				assert.NotContains(t, r.Recipients[0].DiagnosticCode, tt.notInDiag)
			}
		})
	}
}
