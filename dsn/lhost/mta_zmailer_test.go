package lhost

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

const zmailerHead = "To:\tlist-owner@lists.example.org\nFrom:\tThe Post Office <postmaster@lists.example.org>\n" +
	"Sender:\tmailer-daemon@lists.example.org\nSubject: Delivery reports about your email [FAILED(%d)]\nMIME-Version: 1.0\n" +
	"Content-Type: multipart/report; report-type=delivery-status;\n\tboundary=\"S1234AbXKT=_/lists.example.org\"\n\n" +
	"This is MULTIPART/REPORT structured message as defined at RFC 1894.\n\n" +
	"--S1234AbXKT=_/lists.example.org\nContent-Type: text/plain\n\n" +
	"This is a collection of reports about email delivery\nprocess concerning a message you originated.\n\n" +
	"Some explanations/translations for these reports\ncan be found at:\n      http://www.zmailer.org/delivery-report-decoding.html\n\n"

const zmailerTail = "Following is a copy of MESSAGE/DELIVERY-STATUS format section below.\n" +
	"It is copied here in case your email client is unable to show it to you.\n\n" +
	"Reporting-MTA: dns; lists.example.org\n\nFinal-Recipient: RFC822;x@example.net\nAction: failed\nStatus: 5.0.0\n\n" +
	"Following is copy of the message headers. Original message content may\nbe in subsequent parts of this MESSAGE/DELIVERY-STATUS structure.\n\n" +
	"Message-Id: <20071120011333.8504@example.com>\nSubject: [PATCH] fix\n\n" +
	"--S1234AbXKT=_/lists.example.org--\n"

// TestZMailer reads ZMailer's text report without its delivery-status
// part: the 2007 blocks with Final Recipient, Status, Remote MTA and
// Diagnostic Code, and the 2001 ones with only Original Recipient and the
// transcript (layouts of the reports vger.kernel.org sent, forwarded
// verbatim to the kernel lists); the last reply of the transcript, its
// continuation lines joined, is the diagnostic and the line sent before
// it the command.
func TestZMailer(t *testing.T) {
	tests := []struct {
		name, raw string
		want      []wantRecipient
	}{
		{
			name: "2007 layout, reply after the data",
			raw: fmt.Sprintf(zmailerHead, 1) + "Reporting-MTA: dns; lists.example.org\nArrival-Date: Mon, 19 Nov 2007 20:16:57 -0500\n\n\n" +
				"FAILED:\n  Original Recipient:\n      rfc822;afds@cs.example.de\n  Final Recipient:\n      RFC822;afds@cs.example.de\n" +
				"  Status:\n      5.6.0\n  Remote MTA:\n      dns; mailhost.cs.example.de (192.0.2.20|25|198.51.100.1|39031)\n" +
				"  Diagnostic Code:\n      smtp; 554 (Reject, id=10432-16 - BAD_HEADER: Duplicate header field: \"From\")\n" +
				"  Control data:\n      smtp cs.example.de afds@cs.example.de 99\n  Diagnostic texts:\n" +
				"      <<- RCPT To:<afds@cs.example.de>\n     ->> 250 2.1.5 Ok\n      <<- DATA\n     ->> 354 End data with <CR><LF>.<CR><LF>\n" +
				"      <<- .\n     ->> 554 5.6.0 Reject, id=10432-16 - BAD_HEADER: Duplicate header field: \"From\"\n\n" + zmailerTail,
			want: []wantRecipient{{addr: "afds@cs.example.de", action: "failed", status: "5.6.0", command: "DATA", remote: "mailhost.cs.example.de",
				diagContains: "554 5.6.0 Reject, id=10432-16 - BAD_HEADER", reply: 554}},
		},
		{
			name: "2001 layout, two blocks, multi-line reply at RCPT",
			raw: fmt.Sprintf(zmailerHead, 2) +
				"FAILED:\n  Original Recipient:\n    rfc822;bd@example.rr.example\n  Control data:\n    smtp example.rr.example bd@example.rr.example 99\n" +
				"  Diagnostic texts:\n...\\\n    <<- MAIL From:<owner@lists.example.org> BODY=8BITMIME SIZE=2885\n    ->> 250 2.1.0 Sender ok\n" +
				"    <<- RCPT To:<bd@example.rr.example>\n    ->> 552-5.2.2 The email account that you tried to reach is over quota. Please direct\n" +
				"    ->> 552 5.2.2 the recipient to https://support.google.com/mail/?p=OverQuotaTemp\n" +
				"FAILED:\n  Original Recipient:\n    rfc822;mj@example.rr.example\n  Control data:\n    smtp example.rr.example mj@example.rr.example 99\n" +
				"  Diagnostic texts:\n...\\\n    <<- DATA\n    ->> 354 Enter mail\n    <<- .\n    ->> 553 5.0.0 Possible Spam\n\n" + zmailerTail,
			want: []wantRecipient{
				{addr: "bd@example.rr.example", command: "RCPT", reply: 552,
					diagContains: "552 5.2.2 The email account that you tried to reach is over quota. Please direct the recipient to"},
				{addr: "mj@example.rr.example", command: "DATA", diagContains: "553 5.0.0 Possible Spam", reply: 553},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := decodeMTA(t, tt.raw)
			require.Equal(t, dsn.DeliveryReport, r.Kind, "notes: %v", r.Notes)
			assert.Equal(t, string(ZMailer), string(r.Decoder))
			checkRecipients(t, r, tt.want)
			assert.Equal(t, "20071120011333.8504@example.com", r.Original.MessageID)
		})
	}
}

// TestZMailerNearMiss: a mail system's message quoting ZMailer's intro
// without a recipient block, and a person's explanation of the report,
// are not ZMailer's reports.
func TestZMailerNearMiss(t *testing.T) {
	for _, raw := range []string{
		"From: MAILER-DAEMON@example.org\nTo: a@example.com\nSubject: Delivery reports about your email [DELIVERED(1)]\n\n" +
			"This is a collection of reports about email delivery\nprocess concerning a message you originated.\n\nDELIVERED:\n  Original Recipient:\n    rfc822;b@example.org\n",
		"From: Matti <matti@example.org>\nTo: list@example.org\nSubject: Re: how to read the report\n\n" +
			"> This is a collection of reports about email delivery\n\"FAILED:\" heads each recipient's block.\n",
	} {
		m, err := dsn.ReadMessage([]byte(raw))
		require.NoError(t, err)
		if (zmailerDecoder{}).Match(m) {
			assert.Nil(t, zmailerDecoder{}.Decode(m), raw)
		}
	}
}
