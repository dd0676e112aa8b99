package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestAlternateLayouts pins layouts of Sisimai's decoders that held-out round
// 29 (lhost29) measured and no test held: Exchange 2007's Swedish admin
// section without a delivery-status part (go-sisimai via-exchange2007.go's
// sv-SE markers), Exchange 5.5 IMS text NDRs found by their Received line
// with the MTS-ID line wrapped at column 0, and the "cat:SMTP=" recipient
// form (via-exchange2003.go's comments), T-Online's Smail-derived report
// with two addresses (via-deutschetelekom.go), qmail-send's patched
// "copy of the mail header" boundary (via-qmail.go) and Mimecast's alert
// (via-mimecast.go). The whole registry decodes them: T-Online's and
// Mimecast's decoders run among the providers.
func TestAlternateLayouts(t *testing.T) {
	ims := func(received, rcptLines string) string {
		return "From: System Administrator <postmaster@example.com>\nTo: alice@example.net\n" +
			"Subject: Undeliverable: Shipment 44\n" + received + "\n" +
			"Your message\n\n      To:      ann@example.com\n      Subject: Shipment 44\n" +
			"      Sent:    Thu, 29 Apr 2004 16:50:58 -0500\n\n" +
			"did not reach the following recipient(s):\n\n" + rcptLines
	}
	tests := []struct {
		name, decoder, raw string
		want               []wantRecipient
		notInDiag          string
	}{
		{
			name: "exchange 2007, sv-SE, no delivery-status part", decoder: "Exchange2007",
			raw: "From: Microsoft Exchange <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@example.se>\n" +
				"To: anders@example.se\nSubject: Olevererbart: Detaljplan\nContent-Language: sv-SE\n" +
				"Content-Type: text/plain; charset=utf-8\n\n" +
				"Registrator<mailto:registrator@example.org>\n\n_____\n\nSent by Microsoft Exchange Server 2007\n\n" +
				"Diagnostisk information för administratörer:\n\nGenererande server: MAIL02.example.se\n\n" +
				"registrator@example.org\n#550 4.4.7 QUEUE.Expired; message expired ##\n\n" +
				"arkiv@example.se\n#550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient ##\n\n" +
				"Ursprungshuvuden:\n\nFrom: anders@example.se\nTo: registrator@example.org, arkiv@example.se\n",
			want: []wantRecipient{
				{addr: "registrator@example.org", diagContains: "QUEUE.Expired"},
				{addr: "arkiv@example.se", diagContains: "RESOLVER.RST.RecipSizeLimit"},
			},
			notInDiag: "Genererande",
		},
		{
			name: "exchange 5.5 IMS, Received line only, MTS-ID wrapped", decoder: "Exchange2003",
			raw: ims("Received: by mail.example.com with Internet Mail Service (5.5.2657.72)\n\tid <JX41R2PQ>; Thu, 29 Apr 2004 16:51:51 -0500",
				"ann@example.com on Thu, 29 Apr 2004 16:51:51 -0500\n"+
					"    The recipient name is not recognized\n"+
					"    The MTS-ID of the original message is: c=jp;a= ;p=example\n"+
					";l=EXCH0104292151514ZJX41R2PQ\n"+
					"    MSEXCH:IMS:EXAMPLE:SITE:EXCH01 0 (000C05A6) Unknown Recipient\n"+
					"bob@example.com on Thu, 29 Apr 2004 16:51:51 -0500\n"+
					"    The recipient name is not recognized\n"+
					"    The MTS-ID of the original message is: c=jp;a= ;p=example\n"+
					";l=EXCH0104292151514ZJX41R2PQ\n"+
					"    MSEXCH:IMS:EXAMPLE:SITE:EXCH01 0 (000C05A6) Unknown Recipient\n"),
			want: []wantRecipient{
				{addr: "ann@example.com", diagContains: "(000C05A6) Unknown Recipient"},
				{addr: "bob@example.com", diagContains: "(000C05A6) Unknown Recipient"},
			},
			notInDiag: ";l=",
		},
		{
			name: "exchange IMS, cat:SMTP= recipient form", decoder: "Exchange2003",
			raw: ims("X-MimeOLE: Produced By Microsoft Exchange V6.5",
				"c=US;a= ;p=Example;o=Shop;cat:SMTP=ann@example.com; on Fri, 4 Oct 2002 10:13:02 -0400\n"+
					"    The recipient name is not recognized\n"+
					"    MSEXCH:IMS:Example:Shop:EXCH 0 (000C05A6) Unknown Recipient\n"),
			want: []wantRecipient{{addr: "ann@example.com", diagContains: "(000C05A6) Unknown Recipient"}},
		},
		{
			name: "t-online, two failed addresses", decoder: "DeutscheTelekom",
			raw: "From: Mail Delivery System <Mailer-Daemon@t-online.de>\nTo: termine@example.de\n" +
				"Subject: Mail delivery failed: returning message to sender\nX-TOI-MSGID: 0d1e2f3a-1111-2222-3333-444455556666\n\n" +
				"|------------------------- Failed addresses follow: ---------------------|\n" +
				" <h.brandt@t-online.de>\n   550 5.1.1 <h.brandt@t-online.de>: Recipient address rejected: User unknown\n" +
				" <praxis@t-online.de>\n   552 5.2.2 <praxis@t-online.de> Quota exceeded (mailbox for user is full)\n\n" +
				"|------------------------- Message header follows: ----------------------|\n" +
				"From: termine@example.de\nTo: h.brandt@t-online.de, praxis@t-online.de\nSubject: Termin\n",
			want: []wantRecipient{
				{addr: "h.brandt@t-online.de", diagContains: "User unknown"},
				{addr: "praxis@t-online.de", diagContains: "Quota exceeded"},
			},
			notInDiag: "Quota",
		},
		{
			name: "qmail-send, copy of the mail header", decoder: "qmail",
			raw: "Received: (qmail 4711 invoked for bounce); 1 Dec 2026 10:00:00 -0000\nFrom: MAILER-DAEMON@mx.example.net\n" +
				"To: starosta@example.net\nSubject: failure notice\n\n" +
				"Hi. This is the qmail-send program at mx.example.net.\n" +
				"I'm afraid I wasn't able to deliver your message to the following addresses.\n" +
				"This is a permanent error; I've given up. Sorry it didn't work out.\n\n" +
				"<matrika@example.net>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n" +
				"--- Below this line is a copy of the mail header.\n\n" +
				"Return-Path: <starosta@example.net>\nFrom: starosta@example.net\nTo: matrika@example.net\nSubject: Zapis\n",
			want:      []wantRecipient{{addr: "matrika@example.net", diagContains: "no mailbox here by that name"}},
			notInDiag: "Below this line",
		},
		{
			name: "mimecast alert", decoder: "Mimecast",
			raw: "From: Postmaster <postmaster@example.com>\nTo: accounts@example.com\n" +
				"Subject: [Postmaster] Email Delivery Failure\nMessage-Id: <1231351755-1757314426752@eu-mta-86.eu.mimecast.lan>\n\n" +
				"An email that you attempted to send to the following address could not be delivered:\n-- site@example.org\n\n" +
				"The problem appears to be :\n-- Recipient email address is possibly incorrect\n\n" +
				"Additional information follows :\n-- 5.4.1 Recipient address rejected: Access denied.\n",
			want:      []wantRecipient{{addr: "site@example.org", diagContains: "Recipient address rejected: Access denied"}},
			notInDiag: "following address",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := dsn.ReadMessage([]byte(tt.raw))
			require.NoError(t, err)
			r := dsn.Decode(m, Registry())
			require.Equal(t, dsn.DeliveryReport, r.Kind, "notes: %v", r.Notes)
			assert.Equal(t, tt.decoder, r.Decoder)
			checkRecipients(t, r, tt.want)
			if tt.notInDiag != "" {
				assert.NotContains(t, r.Recipients[0].DiagnosticCode, tt.notInDiag)
			}
		})
	}
}
