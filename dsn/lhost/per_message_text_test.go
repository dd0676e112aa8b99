package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestPerMessageOnlyText reads reports whose delivery-status part
// keeps its per-message fields alone: the decoder of the text's format
// (its layout from each MTA's source: Exim's deliver.c, Sendmail's
// savemail.c, Courier's dsnfailed.txt) reads every recipient with its own
// reply, in the text's order, instead of the returned message's addressee.
func TestPerMessageOnlyText(t *testing.T) {
	const to = "a@example.net, b@example.com"
	for _, tc := range []struct {
		name, subject, text string
		decoder             dsn.DecoderName
		want                [][2]string // recipient, a fragment of its diagnostic
	}{
		{"Exim", "Mail delivery failed: returning message to sender",
			"This message was created automatically by mail delivery software.\n\n" +
				"A message that you sent could not be delivered to one or more of its\n" +
				"recipients. This is a permanent error. The following address(es) failed:\n\n" +
				"  a@example.net\n    host mx.example.net [192.0.2.8]\n" +
				"    SMTP error from remote mail server after RCPT TO:<a@example.net>:\n    550 5.1.1 User unknown\n" +
				"  b@example.com\n    host mx.example.com [192.0.2.9]\n" +
				"    SMTP error from remote mail server after RCPT TO:<b@example.com>:\n    552 5.2.2 Mailbox full\n",
			Exim, [][2]string{{"a@example.net", "User unknown"}, {"b@example.com", "Mailbox full"}}},
		{"Sendmail", "Returned mail: see transcript for details",
			"The original message was received at Mon, 11 Mar 2024 10:12:45 +0100\nfrom ws.example.org [192.0.2.1]\n\n" +
				"   ----- The following addresses had permanent fatal errors -----\n" +
				"<a@example.net>\n    (reason: 550 5.1.1 User unknown)\n<b@example.com>\n    (reason: 552 5.2.2 Mailbox full)\n\n" +
				"   ----- Transcript of session follows -----\n... while talking to mx.example.net.:\n>>> RCPT To:<a@example.net>\n" +
				"<<< 550 5.1.1 User unknown\n550 5.1.1 <a@example.net>... User unknown\n... while talking to mx.example.com.:\n" +
				">>> RCPT To:<b@example.com>\n<<< 552 5.2.2 Mailbox full\n552 5.2.2 <b@example.com>... Mailbox full\n",
			Sendmail, [][2]string{{"a@example.net", "User unknown"}, {"b@example.com", "Mailbox full"}}},
		{"Courier", "NOTICE: mail delivery status.",
			"This is a delivery status notification from mx.example.org,\nrunning the Courier mail server, version 1.1.8.\n\n" +
				"                           UNDELIVERABLE MAIL\n\nYour message to the following recipients cannot be delivered:\n\n" +
				"<a@example.net>:\n    mx.example.net [192.0.2.8]:\n>>> RCPT TO:<a@example.net>\n<<< 550 5.1.1 User unknown\n\n" +
				"<b@example.com>:\n    mx.example.com [192.0.2.9]:\n>>> RCPT TO:<b@example.com>\n<<< 552 5.2.2 Mailbox full\n",
			Courier, [][2]string{{"a@example.net", "User unknown"}, {"b@example.com", "Mailbox full"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msg := "From: MAILER-DAEMON@mx.example.org\nTo: sender@example.org\nSubject: " + tc.subject + "\n" +
				"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n" +
				"--B\nContent-Type: text/plain\n\n" + tc.text + "\n--B\nContent-Type: message/delivery-status\n\n" +
				"Reporting-MTA: dns; mx.example.org\nArrival-Date: Mon, 11 Mar 2024 10:12:45 +0100\n\n" +
				"--B\nContent-Type: text/rfc822-headers\n\nFrom: sender@example.org\nTo: " + to + "\nSubject: hi\n\n--B--\n"
			r, err := dsn.ParseBytes([]byte(msg), Registry())
			require.NoError(t, err)
			assert.Equal(t, string(tc.decoder), r.Decoder)
			require.Len(t, r.Recipients, len(tc.want))
			for i, w := range tc.want {
				assert.Equal(t, w[0], r.Recipients[i].Recipient)
				assert.Contains(t, r.Recipients[i].DiagnosticCode, w[1])
			}
		})
	}
}
