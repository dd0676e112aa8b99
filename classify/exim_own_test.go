package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// eximFailure writes Exim's failure report (deliver.c: the intro, the
// address with the error below it, the -eximdsn- delivery-status part with
// Status 5.0.0) for one recipient whose error text is text.
func eximFailure(text string) string {
	return "From: Mail Delivery System <Mailer-Daemon@relay.example.org>\nTo: sender@example.org\n" +
		"X-Failed-Recipients: rcpt@example.net\nAuto-Submitted: auto-replied\n" +
		"Subject: Mail delivery failed: returning message to sender\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=1-eximdsn-2\n\n" +
		"--1-eximdsn-2\nContent-type: text/plain; charset=us-ascii\n\n" +
		"This message was created automatically by mail delivery software.\n\n" +
		"A message that you sent could not be delivered to one or more of its\n" +
		"recipients. This is a permanent error. The following address(es) failed:\n\n" +
		"  rcpt@example.net\n    " + text + "\n\n" +
		"--1-eximdsn-2\nContent-type: message/delivery-status\n\nReporting-MTA: dns; relay.example.org\n\n" +
		"Action: failed\nFinal-Recipient: rfc822;rcpt@example.net\nStatus: 5.0.0\n\n--1-eximdsn-2--\n"
}

// TestEximTransportSizeLimit: the transport's own message_size_limit text
// (transport.c, deliver.c) is emailtoolarge; other "too big"-free texts of
// the same report keep their reasons.
func TestEximTransportSizeLimit(t *testing.T) {
	cases := []struct {
		name, text string
		want       classify.Reason
	}{
		{"transport limit", "message is too big (transport limit = 52428800)", classify.EmailTooLarge},
		{"transport limit small", "message is too big (transport limit = 1048576)", classify.EmailTooLarge},
		// Near misses: other Exim texts of the same layout keep their reasons.
		{"appendfile quota", "mailbox is full (MTA-imposed quota exceeded while writing to file /var/mail/u)", classify.MailboxFull},
		{"unrouteable", "Unrouteable address", classify.HostUnknown},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertReason(t, verdicts(t, eximFailure(c.text)), "rcpt@example.net", c.want)
		})
	}
}

// TestEximDebianLocalOnly: Debian's exim4-config in its "local delivery
// only" setting fails remote addresses with its nonlocal router's :fail:
// text (router/200_exim4-config_primary): the host refuses to relay.
func TestEximDebianLocalOnly(t *testing.T) {
	cases := []struct {
		name, text string
		want       classify.Reason
	}{
		{"debian nonlocal router", "Mailing to remote domains not supported", classify.NoRelaying},
		// Near misses: Debian's other router texts keep their reasons.
		{"debian local_user", "Unknown user", classify.UserUnknown},
		{"exim relay acl", "SMTP error from remote mail server after RCPT TO:<rcpt@example.net>: 550 relay not permitted", classify.NoRelaying},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertReason(t, verdicts(t, eximFailure(c.text)), "rcpt@example.net", c.want)
		})
	}
}
