package lhost

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// fetchmailBounce writes a bounce as fetchmail's send_bouncemail does
// (sink.c: Exim's Subject and opener, the boundary
// "foo-mani-padme-hum-PID-PPID-TIME", "Reason: " + the reason line, the
// failed addresses each with "   SMTP error: REPLY", a delivery-status
// part with a faked "D.0.0" Status when the reply has no enhanced code and
// no command), with the given boundary.
func fetchmailBounce(boundary, reason string, rcpts []string, replies []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Subject: Mail delivery failed: returning message to sender\n"+
		"From: Mail Delivery System <MAILER-DAEMON@gw.example.net>\nTo: ann@example.com\nMIME-Version: 1.0\n"+
		"Content-Type: multipart/report; report-type=delivery-status;\n\tboundary=%q\n\n", boundary)
	fmt.Fprintf(&b, "--%s\nContent-Type: text/plain\n\n"+
		"This message was created automatically by mail delivery software.\n\n"+
		"A message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error.\n\n"+
		"Reason: %s\n\nThe following address(es) failed:\n", boundary, reason)
	for i, r := range rcpts {
		fmt.Fprintf(&b, "%s\n   SMTP error: %s\n\n", r, replies[i])
	}
	fmt.Fprintf(&b, "--%s\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; gw.example.net\n", boundary)
	for i, r := range rcpts {
		st := replies[i][:1] + ".0.0"
		if len(replies[i]) > 9 && replies[i][5] == '.' && replies[i][7] == '.' {
			st = replies[i][4:9]
		}
		fmt.Fprintf(&b, "\nFinal-Recipient: rfc822; %s\nLast-Attempt-Date: Tue, 14 Mar 2023 09:12:44 +0000\n"+
			"Action: failed\nStatus: %s\nDiagnostic-Code: %s\n", r, st, replies[i])
	}
	fmt.Fprintf(&b, "\n--%s\nContent-Type: text/rfc822-headers\n\nFrom: ann@example.com\nTo: %s\nSubject: hello\n\n--%s--\n",
		boundary, strings.Join(rcpts, ", "), boundary)
	return b.String()
}

const fetchmailRCPTReason = "Some addresses were rejected by the MDA fetchmail forwards to."

// TestFetchmailCommand: fetchmail's Reason line gives the command its
// report's delivery-status part leaves out: RCPT for the local server's
// refusals of addresses, DATA for an LMTP server's replies after the
// data; its other reasons name none.
func TestFetchmailCommand(t *testing.T) {
	const bnd = "foo-mani-padme-hum-2291-1-1678785164"
	cases := []struct {
		name     string
		msg      string
		decoder  dsn.DecoderName
		commands []string
	}{
		{"RCPT refusal without an enhanced code",
			fetchmailBounce(bnd, fetchmailRCPTReason, []string{"claire@example.org"}, []string{"550 <claire@example.org>... User unknown"}),
			Fetchmail, []string{dsn.CommandRCPT}},
		{"two RCPT refusals",
			fetchmailBounce(bnd, fetchmailRCPTReason, []string{"a@example.org", "b@example.org"},
				[]string{"550 5.1.1 <a@example.org>: Recipient address rejected: User unknown in local recipient table",
					"554 5.7.1 <b@example.org>: Relay access denied"}),
			Fetchmail, []string{dsn.CommandRCPT, dsn.CommandRCPT}},
		{"LMTP replies after the data",
			fetchmailBounce(bnd, "LMTP partial delivery failure.", []string{"marc@example.org"},
				[]string{"552 5.2.2 <marc@example.org> Quota exceeded (mailbox for user is full)"}),
			Fetchmail, []string{dsn.CommandDATA}},
		{"the reason line found with another boundary (a gateway rewrote it)",
			fetchmailBounce("=_rewritten_1", fetchmailRCPTReason, []string{"claire@example.org"}, []string{"550 <claire@example.org>... User unknown"}),
			Fetchmail, []string{dsn.CommandRCPT}},
		// Near misses: fetchmail's other reasons say no command; Exim's own
		// DSN under the same Subject is not fetchmail's.
		{"size limit: MAIL, DATA or the data, not told apart",
			fetchmailBounce(bnd, "This message was too large (SMTP error 552).", []string{"rita@example.org"},
				[]string{"552 5.3.4 Message size exceeds fixed limit"}),
			Fetchmail, []string{""}},
		{"general error",
			fetchmailBounce(bnd, "General SMTP/ESMTP error.", []string{"jan@example.org"}, []string{"501 5.1.7 Bad sender address syntax"}),
			Fetchmail, []string{""}},
		{"an Exim DSN with the same Subject and opener",
			fetchmailBounce("1678785164-eximdsn-1804289383", "550 user unknown", []string{"claire@example.org"}, []string{"550 5.1.1 user unknown"}),
			"", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(tc.msg), Registry())
			require.NoError(t, err)
			require.NotNil(t, r)
			assert.Equal(t, dsn.DeliveryReport, r.Kind)
			if tc.decoder == "" {
				assert.NotEqual(t, string(Fetchmail), r.Decoder)
				return
			}
			assert.Equal(t, string(tc.decoder), r.Decoder)
			require.Len(t, r.Recipients, len(tc.commands))
			for i, c := range tc.commands {
				assert.Equal(t, c, r.Recipients[i].Command, "recipient %d", i)
			}
		})
	}
}

// TestFetchmailNotBounces: fetchmail's own warning mail (driver.c
// send_size_warnings, From FETCHMAIL-DAEMON, signed "The Fetchmail
// Daemon") and a person quoting its bounce's sentences are no reports of
// failed recipients.
func TestFetchmailNotBounces(t *testing.T) {
	warning := "From: FETCHMAIL-DAEMON@gw.example.net\nTo: lars@localhost\nDate: Thu, 09 Nov 2023 06:14:02 +0100\n" +
		"MIME-Version: 1.0\nContent-Transfer-Encoding: 8bit\nContent-Type: text/plain; charset=\"us-ascii\"\n" +
		"Subject: Fetchmail oversized-messages warning.\n\n" +
		"The following oversized messages remain on the mail server pop.example.net:\n" +
		"\t1 msg 31457280 octets long skipped by fetchmail.\n-- \nThe Fetchmail Daemon\n"
	person := "From: Dieter <dieter@example.com>\nTo: fetchmail-users@lists.example.org\n" +
		"Subject: Re: fetchmail bounces with \"Mail delivery failed\"\nMIME-Version: 1.0\nContent-Type: text/plain\n\n" +
		"My senders get \"The following address(es) failed:\" and then\n\"" + fetchmailRCPTReason +
		"\" for my wife's address.\nIs that the spambounce option?\n"
	for name, msg := range map[string]string{"oversized-messages warning": warning, "a person quoting the bounce": person} {
		t.Run(name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(msg), Registry())
			require.NoError(t, err)
			if r != nil {
				assert.NotEqual(t, dsn.DeliveryReport, r.Kind, "decoder %s: %+v", r.Decoder, r.Recipients)
				assert.NotEqual(t, string(Fetchmail), r.Decoder)
			}
		})
	}
}
