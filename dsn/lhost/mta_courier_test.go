package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// courierNotice writes the text part of a notice as courierdsn does
// (svarshavchik/courier courier/courier/module.dsn/dsn.C with the
// templates dsnheader.txt.in, dsnfailed.txt, dsndelayed.txt,
// dsndelivered.txt, dsnrelayed.txt and dsnfooter.txt), without its
// delivery-status part: the header, then each group's template followed by
// its recipients and their delivery records, then the footer.
func courierNotice(subject string, sections ...string) string {
	raw := "From: Courier mail server at mx.example.net <@>\n" +
		"To: sender@example.com\nSubject: " + subject + "\n" +
		"Mime-Version: 1.0\nContent-Type: multipart/mixed;\n    boundary=\"=_courier_0\"\n\n" +
		"--=_courier_0\nContent-Type: text/plain; charset=\"utf-8\"\n\n\n" +
		"This is a delivery status notification from mx.example.net,\n" +
		"running the Courier mail server, version 1.0.16.\n\n" +
		"The original message was received on Mon, 04 Mar 2024 10:00:00 +0000\n" +
		"from localhost (localhost [127.0.0.1])\n"
	for _, s := range sections {
		raw += s
	}
	return raw + "\n---------------------------------------------------------------------------\n\n" +
		"If your message was also sent to additional recipients, their delivery\n" +
		"status is not included in this report.  You may or may not receive\n" +
		"other delivery status notifications for additional recipients.\n\n" +
		"The original message follows as a separate attachment.\n\n--=_courier_0--\n"
}

const (
	courierFailed = "\n---------------------------------------------------------------------------\n\n" +
		"                           UNDELIVERABLE MAIL\n\n" +
		"Your message to the following recipients cannot be delivered:\n"
	courierDelayed = "\n---------------------------------------------------------------------------\n\n" +
		"                     DELAYS IN DELIVERING YOUR MESSAGE\n\n" +
		"The delivery of the following E-mail message has been delayed.  This is an\n" +
		"advisory notice only; it is sent only to notify you about a temporary delay\n" +
		"in delivering your message.  You DO NOT need to do anything at this time.\n" +
		"Additional attempts to deliver your message will be made.  Some possible\n" +
		"reasons for this delay:\n\n" +
		"   * Network congestion or failure.\n\n" +
		"   * The destination mail server is temporarily off-line.\n\n" +
		"Diagnostic information is provided below for each recipient.  If copies of\n" +
		"this message were sent to additional recipients, deliveries to those\n" +
		"addresses are not included in this notice.  This is an advisory notice for\n" +
		"the following addresses only:\n"
	courierDelivered = "\n---------------------------------------------------------------------------\n\n" +
		"                    MESSAGE DELIVERED SUCCESSFULLY\n\n" +
		"Your E-mail requested a delivery notice/return receipt for the following\n" +
		"addresses:\n"
	courierRelayed = "\n---------------------------------------------------------------------------\n\n" +
		"                   MESSAGE DELIVERED TO A MAIL GATEWAY\n\n" +
		"You requested a delivery acknowledgement (a return receipt) for the\n" +
		"following recipients of your E-mail message.  Unfortunately, your message\n" +
		"has been transferred to an intermediate mail gateway that is not capable\n" +
		"of generating delivery acknowledgements.\n\n" +
		"Unless your message is eventually returned as undeliverable, you may not\n" +
		"receive any further delivery notices for the following addresses:\n"
)

// TestCourierSections: the template title above a group of recipients
// sets their action, so a delay notice read from its text alone stays a
// delay and a final notice's return receipts are not taken for failures.
func TestCourierSections(t *testing.T) {
	tests := []struct {
		name, raw string
		want      []wantRecipient
	}{
		{
			name: "delay notice, connection refused",
			raw: courierNotice("WARNING: delayed mail.", courierDelayed,
				"\n<user@example.org>:\n <<< Connection refused\n"),
			want: []wantRecipient{{addr: "user@example.org", action: "delayed", diagContains: "Connection refused"}},
		},
		{
			name: "failure after RCPT",
			raw: courierNotice("NOTICE: mail delivery status.", courierFailed,
				"\n<user@example.org>:\n     mx.example.org [192.0.2.25]:\n >>> RCPT TO:<user@example.org>\n"+
					" <<< 550 5.1.1 <user@example.org>: Recipient address rejected: User unknown\n"),
			want: []wantRecipient{{addr: "user@example.org", action: "failed", command: dsn.CommandRCPT, remote: "mx.example.org", reply: 550}},
		},
		{
			name: "receipts and a failure in one final notice",
			raw: courierNotice("NOTICE: mail delivery status.",
				courierDelivered, "\n<one@example.org>:\n     mx.example.org [192.0.2.25]:\n >>> DATA\n <<< 250 2.0.0 Ok: queued\n",
				courierRelayed, "\n<two@example.net>:\n     gw.example.net [192.0.2.26]:\n >>> DATA\n <<< 250 Ok\n",
				courierFailed, "\n<three@example.org>:\n     mx.example.org [192.0.2.25]:\n >>> RCPT TO:<three@example.org>\n"+
					" <<< 552 5.2.2 <three@example.org>: Recipient address rejected: Mailbox full\n"),
			want: []wantRecipient{
				{addr: "one@example.org", action: "delivered"},
				{addr: "two@example.net", action: "relayed"},
				{addr: "three@example.org", action: "failed", command: dsn.CommandRCPT, reply: 552},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := decodeMTA(t, tt.raw)
			require.Equal(t, dsn.DeliveryReport, r.Kind, "notes: %v", r.Notes)
			assert.Equal(t, "Courier", r.Decoder)
			assert.Equal(t, "mx.example.net", r.ReportingMTA)
			checkRecipients(t, r, tt.want)
		})
	}
}
