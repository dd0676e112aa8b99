package dsn_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// attachedBounce is a Postfix bounce (bounce_notify_util.c's layout) as a
// person or a list manager attaches it: its returned message is the
// header of the shop's order confirmation.
const attachedBounce = "Date: Wed,  2 Dec 2026 21:14:09 +0100 (CET)\nFrom: MAILER-DAEMON@smtp.shop.example (Mail Delivery System)\n" +
	"Subject: Undelivered Mail Returned to Sender\nTo: orders@shop.example\nMIME-Version: 1.0\n" +
	"Content-Type: multipart/report; report-type=delivery-status;\n\tboundary=\"Q1.1/smtp.shop.example\"\n\n" +
	"--Q1.1/smtp.shop.example\nContent-Description: Notification\nContent-Type: text/plain; charset=us-ascii\n\n" +
	"<ann@mail.example.net>: host mx.example.net[192.0.2.7] said: 552 5.2.2 <ann@mail.example.net>\n    Quota exceeded (mailbox for user is full) (in reply to end of DATA command)\n\n" +
	"--Q1.1/smtp.shop.example\nContent-Description: Delivery report\nContent-Type: message/delivery-status\n\n" +
	"Reporting-MTA: dns; smtp.shop.example\n\nFinal-Recipient: rfc822; ann@mail.example.net\nAction: failed\nStatus: 5.2.2\n" +
	"Diagnostic-Code: smtp; 552 5.2.2 <ann@mail.example.net> Quota exceeded (mailbox for user is full)\n\n" +
	"--Q1.1/smtp.shop.example\nContent-Description: Undelivered Message Headers\nContent-Type: text/rfc822-headers\n\n" +
	"From: orders@shop.example\nTo: ann@mail.example.net\nSubject: Your order 5521\nMessage-ID: <o5521@shop.example>\n\n" +
	"--Q1.1/smtp.shop.example--\n"

func wrapAttached(ctype, inner string) string {
	return "From: Marie <marie@shop.example>\nTo: returns@shop.example\nSubject: Fwd: Undelivered Mail Returned to Sender\n" +
		"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"fwd-1\"\n\n--fwd-1\nContent-Type: text/plain; charset=utf-8\n\n" +
		"Please check this customer.\n\n--fwd-1\nContent-Type: " + ctype + "\nContent-Disposition: attachment\n\n" + inner + "\n--fwd-1--\n"
}

// TestAttachedReport checks that a bounce attached to another message is
// read as the report it carries, with the message it returns as the
// original (not the attachment, which is the bounce itself), and that
// attachments that are no report, or are broken, add no recipient.
func TestAttachedReport(t *testing.T) {
	doubleBounce := "From: MAILER-DAEMON@mx.shop.example (Mail Delivery System)\nTo: postmaster@shop.example\n" +
		"Subject: Postmaster Copy: Undelivered Mail\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"D2\"\n\n--D2\nContent-Type: text/plain\n\n" +
		"<orders@shop.example>: unknown user: \"orders\"\n\n--D2\nContent-Type: message/delivery-status\n\n" +
		"Reporting-MTA: dns; mx.shop.example\n\nFinal-Recipient: rfc822; orders@shop.example\nAction: failed\nStatus: 5.1.1\n" +
		"Diagnostic-Code: x-unix; unknown user: \"orders\"\n\n--D2\nContent-Type: message/rfc822\n\n" + attachedBounce + "\n--D2--\n"
	for _, tc := range []struct {
		name       string
		msg        string
		recipients []string
		origFrom   string
		origSubj   string
	}{
		{"forwarded as attachment", wrapAttached("message/rfc822", attachedBounce), []string{"ann@mail.example.net"}, "orders@shop.example", "Your order 5521"},
		{"attached as message/global", wrapAttached("message/global", attachedBounce), []string{"ann@mail.example.net"}, "orders@shop.example", "Your order 5521"},
		// A double bounce has a report of its own: its attachment, the
		// single bounce that failed, is its returned message, and the
		// single bounce's recipient is not one of its own.
		{"double bounce keeps its original", doubleBounce, []string{"orders@shop.example"}, "", "Undelivered Mail Returned to Sender"},
		// Near misses: attachments that carry no report.
		{"attached plain message", wrapAttached("message/rfc822", "From: a@example.org\nTo: b@example.org\nSubject: delivery-status of the project\n\nhello\n"), nil, "", ""},
		{"attached multipart without a report", wrapAttached("message/rfc822", "From: a@example.org\nSubject: x\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=z\n\n--z\nContent-Type: text/plain\n\nthe delivery-status page is down\n--z--\n"), nil, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(tc.msg), lhost.Registry())
			require.NoError(t, err)
			var got []string
			for _, rc := range r.Recipients {
				if rc.Action == dsn.ActionFailed {
					got = append(got, rc.Recipient)
				}
			}
			assert.Equal(t, tc.recipients, got)
			if tc.recipients != nil {
				if tc.origFrom != "" {
					assert.Equal(t, tc.origFrom, r.Original.From)
				}
				assert.Equal(t, tc.origSubj, r.Original.Subject)
			}
		})
	}
}

// TestAttachedReportDamaged checks that damaged attachments never panic
// and never yield a recipient the message does not name as failed.
func TestAttachedReportDamaged(t *testing.T) {
	cut := attachedBounce[:len(attachedBounce)/2]
	for name, inner := range map[string]string{
		"no boundary parameter":  "Content-Type: multipart/report; report-type=delivery-status\n\n--x\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; ghost@example.net\n",
		"boundary never used":    "Content-Type: multipart/report; boundary=\"nope\"\n\nmessage/delivery-status\nFinal-Recipient: rfc822; ghost@example.net\n",
		"header only":            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"Q\"\n",
		"empty":                  "",
		"cut in the report":      cut,
		"header line unfinished": "Content-Type: multipart/report; report-type=delivery-status; boundary=\"Q",
	} {
		t.Run(name, func(t *testing.T) {
			msg := wrapAttached("message/rfc822", inner)
			require.NotPanics(t, func() {
				r, err := dsn.ParseBytes([]byte(msg), lhost.Registry())
				if err != nil {
					return
				}
				for _, rc := range r.Recipients {
					assert.Contains(t, msg, rc.Recipient, "a recipient the message does not hold")
					assert.NotEqual(t, "returns@shop.example", rc.Recipient)
					assert.NotEqual(t, "marie@shop.example", rc.Recipient)
				}
			})
		})
	}
}

// TestAttachedReportText checks that the attached report's own text, not
// the wrapper's note, supplies a diagnostic its delivery-status part lacks
// (Bongo's queue agent writes Status 5.0.0 and no Diagnostic-Code; the
// reason is in its text part).
func TestAttachedReportText(t *testing.T) {
	bongo := "From: Mail Delivery System <MAILER-DAEMON@mail.example.org>\nTo: <club-bounces@lists.example.org>\nSubject: Undeliverable mail\n" +
		"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"1-2-mail.example.org\"\n\n" +
		"--1-2-mail.example.org\nContent-type: text/plain; charset=US-ASCII\n\nThe original message was received Wed, 02 Dec 2026 23:10:41 +0100\nfrom club-bounces@lists.example.org\n\n" +
		"   ----- The following address(es) had permanent fatal errors -----\n<bob@example.net> (unrecoverable error)\n  \tThe recipient 'bob' is unknown at host 'example.net'\n\n" +
		"--1-2-mail.example.org\nContent-type: message/delivery-status\n\nReporting-MTA: dns; mail.example.org\n\nFinal-recipient: bob@example.net\nAction: failed\nStatus: 5.0.0\n" +
		"--1-2-mail.example.org--\n"
	r, err := dsn.ParseBytes([]byte(wrapAttached("message/rfc822", bongo)), lhost.Registry())
	require.NoError(t, err)
	require.Len(t, r.Recipients, 1)
	assert.Equal(t, "bob@example.net", r.Recipients[0].Recipient)
	assert.Contains(t, r.Recipients[0].DiagnosticCode, "is unknown at host")
	assert.NotContains(t, r.Recipients[0].DiagnosticCode, "Please check this customer")
}

// TestAttachedReportEveryCut cuts a forwarded bounce at every line end
// and inside every line: whatever is left must parse without panicking and
// name no recipient the text does not hold, and never the wrapper's own
// addresses.
func TestAttachedReportEveryCut(t *testing.T) {
	full := wrapAttached("message/rfc822", attachedBounce)
	for n := 0; n <= len(full); n += 7 {
		msg := full[:n]
		require.NotPanics(t, func() {
			r, err := dsn.ParseBytes([]byte(msg), lhost.Registry())
			if err != nil {
				return
			}
			for _, rc := range r.Recipients {
				assert.Contains(t, msg, rc.Recipient, "cut at %d", n)
				assert.NotEqual(t, "returns@shop.example", rc.Recipient, "cut at %d", n)
				assert.NotEqual(t, "marie@shop.example", rc.Recipient, "cut at %d", n)
				assert.NotEqual(t, "orders@shop.example", rc.Recipient, "cut at %d: the returned message's sender", n)
			}
		}, "cut at %d", n)
	}
}
