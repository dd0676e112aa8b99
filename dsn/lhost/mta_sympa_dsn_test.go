package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// list16SympaReport builds Sympa's message_report.tt2 mail with the
// header fields Sympa::Message::Template writes.
func list16SympaReport(subject, auto, body string) string {
	h := "From: SYMPA <sympa@lists.example.org>\nTo: ann@example.com\nSubject: " + subject + "\n" +
		"Message-Id: <sympa.1764498000.4410.12@lists.example.org>\nMIME-Version: 1.0\n" +
		"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n"
	if auto != "" {
		h += "Auto-Submitted: " + auto + "\n"
	}
	return h + "\n" + body + "\n"
}

func TestSympaMessageReport(t *testing.T) {
	dsnMsg := "From: SYMPA <sympa@lists.example.org>\nTo: ann@example.com\nSubject: Message distribution: Authorization denied\n" +
		"Auto-Submitted: auto-replied\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\n\n" +
		"--b1\nContent-Type: text/plain\n\nThis is an automatic response sent by Sympa Mailing Lists Manager.\n" +
		"Impossible to distribute your message for list 'walkers@lists.example.org' for the following reason:\n\n" +
		"--b1\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; lists.example.org\n\n" +
		"Final-Recipient: rfc822; walkers@lists.example.org\nAction: failed\nStatus: 5.7.1\n" +
		"Diagnostic-Code: X-Sympa; Delivery not authorized, message refused\n\n--b1--\n"
	cases := []kindCase{
		{"post forwarded to the moderators", list16SympaReport("Message distribution", "auto-replied",
			"Your message to the list 'walkers' has been forwarded to the moderator(s)"), dsn.NotBounce, NotBounce, ""},
		{"French, encoded Subject", list16SympaReport("=?UTF-8?Q?Diffusion_des_messages?=", "auto-replied",
			"Votre message pour la liste walkers a été transmis au(x) modérateur(s)"), dsn.NotBounce, NotBounce, ""},
		{"report to the moderator who rejected a post", list16SympaReport("Message distribution", "auto-replied",
			"Message 5a1b2c for list 'walkers' has been rejected."), dsn.NotBounce, NotBounce, ""},
		// Near misses: Sympa's refusal is a report; a person's reply quoting the Subject.
		{"Sympa's refusal stays a delivery report", dsnMsg, dsn.DeliveryReport, "", "walkers@lists.example.org"},
		{"a person's auto-reply to a Subject holding the words", list16SympaReport("Re: Message distribution", "auto-replied",
			"I am away until Monday."), dsn.AutoReply, "", ""},
	}
	runKindCases(t, cases)
}

// list16SympaDSN builds Sympa's delivery_status_notification.tt2 report
// with the given notification text, status and Diagnostic-Code.
func list16SympaDSN(note, status, diag string) string {
	return "From: SYMPA <sympa@lists.example.org>\nTo: ann@example.com\nSubject: A virus in your mail\n" +
		"Auto-Submitted: auto-replied\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\n\n" +
		"--b1\nContent-Disposition: inline\nContent-Description: Notification\n\n" +
		"This is an automatic response sent by Sympa Mailing Lists Manager.\n" + note + "\n" +
		"--b1\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; lists.example.org\n\n" +
		"Final-Recipient: rfc822; walkers@lists.example.org\nAction: failed\nStatus: " + status + "\n" +
		"Remote-MTA: dns; lists.example.org\nDiagnostic-Code: " + diag + "\n\n--b1--\n"
}

func TestSympaDSN(t *testing.T) {
	virus := "Impossible to distribute your message for list 'walkers@lists.example.org' for the following reason:\n\n" +
		"Our viruschecker found a virus named Eicar-Test in a message addressed to walkers@lists.example.org\n" +
		"and that seems to be yours (From: ann@example.com).\n"
	cases := []struct {
		name, msg string
		decoder   dsn.DecoderName
		diag      string
	}{
		{"stock text followed by the notification's", list16SympaDSN(virus, "5.7.0", "X-Sympa; Other or undefined security status"),
			SympaDSN, "Other or undefined security status: Impossible to distribute your message for list " +
				"'walkers@lists.example.org' for the following reason: Our viruschecker found a virus named Eicar-Test " +
				"in a message addressed to walkers@lists.example.org and that seems to be yours (From: ann@example.com)."},
		// Near misses: an X-Sympa code that is not a stock text is kept; an MTA's report is not Sympa's.
		{"a Diagnostic-Code of its own kept", list16SympaDSN(virus, "5.7.0", "X-Sympa; Virus found by ClamAV"),
			SympaDSN, "Virus found by ClamAV"},
		{"an smtp Diagnostic-Code is another decoder's", list16SympaDSN(virus, "5.7.0", "smtp; 554 5.7.0 Other or undefined security status"),
			"", "554 5.7.0 Other or undefined security status"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(tc.msg), Registry())
			require.NoError(t, err)
			require.NotNil(t, r)
			require.Len(t, r.Recipients, 1)
			if tc.decoder != "" {
				assert.Equal(t, string(tc.decoder), r.Decoder)
			} else {
				assert.NotEqual(t, string(SympaDSN), r.Decoder)
			}
			assert.Equal(t, tc.diag, r.Recipients[0].DiagnosticCode)
		})
	}
}
