package classify_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// noticeDSN builds an RFC 3464 report whose first part is notice and whose
// delivery-status part holds groups (one per recipient, its fields).
func noticeDSN(notice string, groups ...string) string {
	var b strings.Builder
	b.WriteString("From: MAILER-DAEMON@mx.example.org\r\nTo: sender@example.com\r\n" +
		"Subject: Undelivered Mail Returned to Sender\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n\r\n" +
		"--b1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n")
	b.WriteString(strings.ReplaceAll(notice, "\n", "\r\n"))
	b.WriteString("\r\n--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n")
	for _, g := range groups {
		b.WriteString("\r\n" + strings.ReplaceAll(g, "\n", "\r\n") + "\r\n")
	}
	b.WriteString("\r\n--b1--\r\n")
	return b.String()
}

func rcptGroup(addr, status, diag string) string {
	g := "Final-Recipient: rfc822; " + addr + "\nAction: failed\nStatus: " + status
	if diag != "" {
		g += "\nDiagnostic-Code: smtp; " + diag
	}
	return g
}

// verdicts parses msg and classifies each recipient, by address.
func verdicts(t *testing.T, msg string) map[string]classify.Verdict {
	t.Helper()
	r, err := dsn.ParseBytes([]byte(msg), lhost.Registry())
	require.NoError(t, err)
	require.True(t, r.IsBounce())
	out := map[string]classify.Verdict{}
	for i, v := range classify.Classify(r) {
		out[r.Recipients[i].Recipient] = v
	}
	return out
}

// assertReason checks that got holds a verdict for rcpt whose reason is
// want, and returns the verdict and whether there was one.
func assertReason(t *testing.T, got map[string]classify.Verdict, rcpt string, want classify.Reason) (classify.Verdict, bool) {
	t.Helper()
	v, ok := got[rcpt]
	if !assert.Contains(t, got, rcpt) {
		return v, false
	}
	assert.Equal(t, want, v.Reason, "rule %s", v.Rule)
	return v, ok
}

// messageCase is a whole message and the reason each of its recipients
// must read.
type messageCase struct {
	name, msg string
	want      map[string]classify.Reason
}

// runMessageCases classifies each case's message and checks that it
// reports the recipients the case names, with their reasons.
func runMessageCases(t *testing.T, cases []messageCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, tc.msg)
			assert.Len(t, got, len(tc.want))
			for rcpt, want := range tc.want {
				assertReason(t, got, rcpt, want)
			}
		})
	}
}

func TestNoticeEvidence(t *testing.T) {
	cases := []struct {
		name   string
		msg    string
		want   map[string]classify.Reason
		rules  map[string]string // rule ids, for the recipients listed
		status map[string]string // the status codes, for the recipients listed
		reason string
	}{
		{
			name: "the notice decides when the diagnostic names nothing",
			msg: noticeDSN("Your message could not be handed over.\n\n<ann@example.net>\n    The mailbox of this user is over quota and cannot take more mail.\n",
				rcptGroup("ann@example.net", "5.0.0", "550 Requested action not taken")),
			want:  map[string]classify.Reason{"ann@example.net": classify.MailboxFull},
			rules: map[string]string{"ann@example.net": "notice/text/mailboxfull/"},
		},
		{
			name: "the notice decides over a status class alone",
			msg: noticeDSN("Delivery to the following recipient failed permanently:\n\n  bob@example.net\n\nThe recipient's domain does not exist.\n",
				rcptGroup("bob@example.net", "5.4.0", "")),
			want:  map[string]classify.Reason{"bob@example.net": classify.HostUnknown},
			rules: map[string]string{"bob@example.net": "notice/"},
		},
		{
			name: "a specific diagnostic keeps winning over the notice",
			msg: noticeDSN("Your message could not be stored: not enough disk space on this server.\n",
				rcptGroup("cid@example.net", "5.1.1", "550 5.1.1 <cid@example.net>: User unknown")),
			want: map[string]classify.Reason{"cid@example.net": classify.UserUnknown},
		},
		{
			name: "a status naming a reason keeps winning over the notice",
			msg: noticeDSN("The message was refused: the mailbox is full.\n",
				rcptGroup("dee@example.net", "5.3.4", "")),
			want:  map[string]classify.Reason{"dee@example.net": classify.EmailTooLarge},
			rules: map[string]string{"dee@example.net": "status/"},
		},
		{
			name: "one recipient's sentence does not reach another",
			msg: noticeDSN("Delivery failed for these recipients:\n"+
				"<eve@example.net>: the mailbox is full\n"+
				"<fay@example.net>: the delivery was refused\n",
				rcptGroup("eve@example.net", "5.0.0", ""),
				rcptGroup("fay@example.net", "5.0.0", "")),
			want: map[string]classify.Reason{"eve@example.net": classify.MailboxFull, "fay@example.net": classify.OnHold},
		},
		{
			name: "a paragraph naming one recipient is that recipient's alone",
			msg: noticeDSN("For gus@example.net:\nthe account has been disabled by its owner.\n\n"+
				"For hal@example.net:\nthe message could not be delivered.\n",
				rcptGroup("gus@example.net", "5.0.0", ""),
				rcptGroup("hal@example.net", "5.0.0", "")),
			want: map[string]classify.Reason{"gus@example.net": classify.Suspend, "hal@example.net": classify.OnHold},
		},
		{
			name: "an address inside another is not that recipient",
			msg: noticeDSN("<xian@example.net>: mailbox full\n<ian@example.net>: refused\n",
				rcptGroup("xian@example.net", "5.0.0", ""),
				rcptGroup("ian@example.net", "5.0.0", "")),
			want: map[string]classify.Reason{"xian@example.net": classify.MailboxFull, "ian@example.net": classify.OnHold},
		},
		{
			name: "boilerplate never decides",
			msg: noticeDSN("This is the mail system at host mx.example.org.\n\n"+
				"I'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients. It's attached below.\n\n"+
				"For further assistance, please send mail to postmaster.\n\n"+
				"   ----- The following addresses had permanent fatal errors -----\n<jo@example.net>\n\n"+
				"Please try again later.\n",
				rcptGroup("jo@example.net", "5.0.0", "")),
			want:  map[string]classify.Reason{"jo@example.net": classify.Undefined},
			rules: map[string]string{"jo@example.net": "fallback/"},
		},
		{
			name: "the words of a copied header never decide",
			msg: noticeDSN("Your message to lou@example.net was not delivered.\n\nOriginal message headers:\n\nReceived: from a by b\nX-Filter: client blocked using zen.spamhaus.org\n",
				rcptGroup("lou@example.net", "5.0.0", "")),
			want: map[string]classify.Reason{"lou@example.net": classify.OnHold},
		},
		{
			// As Sendmail 8.17.1.9 writes it for a message over MaxMessageSize
			// submitted on its command line (the e2e test TestOwnBounces makes one):
			// the report's status is 5.0.0, the transcript names the size.
			name: "Sendmail's transcript names the size limit",
			msg: noticeDSN("The original message was received at Wed, 2 Dec 2026 04:01:21 GMT\nfrom root@localhost\n\n"+
				"   ----- The following addresses had permanent fatal errors -----\nmo\n\n"+
				"   ----- Transcript of session follows -----\n552 5.2.3 Message exceeds maximum fixed size (10240)\n",
				"Final-Recipient: RFC822; mo@example.net\nX-Actual-Recipient: rfc822; mo@example.net\nAction: failed\nStatus: 5.0.0"),
			want:   map[string]classify.Reason{"mo@example.net": classify.EmailTooLarge},
			rules:  map[string]string{"mo@example.net": "status/5.2.3"}, // the transcript's code, registered as too large
			status: map[string]string{"mo@example.net": "5.2.3"},
		},
		{
			name: "a code of another class in the notice leaves the status",
			msg: noticeDSN("   ----- Transcript of session follows -----\n452 4.2.2 Mailbox full, try again later\n",
				"Final-Recipient: rfc822; lu@example.net\nAction: failed\nStatus: 5.0.0"),
			status: map[string]string{"lu@example.net": "5.0.0"},
		},
		{
			name: "the diagnostic's code goes before the notice's",
			msg: noticeDSN("   ----- Transcript of session follows -----\n552 5.2.3 Message exceeds maximum fixed size\n",
				rcptGroup("vi@example.net", "5.0.0", "550 5.7.1 Relaying denied")),
			status: map[string]string{"vi@example.net": "5.7.1"},
		},
		{
			name: "an X-Unix exit status is the program's failure, whatever the notice says",
			msg: noticeDSN("   ----- Transcript of session follows -----\nmaildrop: maildir over quota.\n554 5.0.0 <kim@example.net>... Service unavailable\n",
				"Final-Recipient: rfc822; kim@example.net\nAction: failed\nStatus: 5.3.0\nDiagnostic-Code: X-Unix; 77"),
			want: map[string]classify.Reason{"kim@example.net": classify.MailerError},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := verdicts(t, c.msg)
			for addr, want := range c.want {
				v, ok := got[addr]
				require.True(t, ok, "no verdict for %s", addr)
				assert.Equal(t, want, v.Reason, "%s: rule %s", addr, v.Rule)
				if p, ok := c.rules[addr]; ok {
					assert.True(t, strings.HasPrefix(v.Rule, p), "%s: rule %q, want prefix %q", addr, v.Rule, p)
				}
				if want == classify.OnHold || c.rules[addr] != "" && !strings.HasPrefix(c.rules[addr], "notice/") {
					assert.NotContains(t, v.Rule, "notice/", addr)
				}
			}
			for addr, want := range c.status {
				v, ok := got[addr]
				require.True(t, ok, "no verdict for %s", addr)
				assert.Equal(t, want, v.Status.String(), "%s: status", addr)
			}
		})
	}
}

// TestNoticeEZwebSentences: au EZweb states the reason in an English
// sentence above the recipient and the session (Sisimai's EZweb decoder
// lists them); the session's reply alone names nothing.
func TestNoticeEZwebSentences(t *testing.T) {
	cases := []struct {
		sentence string
		want     classify.Reason
	}{
		{"The user(s) account is disabled.", classify.Suspend},
		{"The user(s) account is temporarily limited.", classify.Suspend},
		{"The user(s) account is temporarily over quota.", classify.MailboxFull},
		// Near miss: the heading of the session list names no reason.
		{"Each of the following recipients was rejected by a remote mail server.", classify.OnHold},
	}
	for _, c := range cases {
		msg := "From: <Postmaster@ezweb.ne.jp>\r\nTo: <sender@example.jp>\r\nSubject: Mail System Error - Returned Mail\r\n" +
			"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" +
			c.sentence + "\r\n\r\n    Recipient: <lin@ezweb.ne.jp>\r\n    >>> DATA\r\n    <<< 554 Transaction failed\r\n"
		got := verdicts(t, msg)
		v := got["lin@ezweb.ne.jp"]
		assert.Equal(t, c.want, v.Reason, "%s: rule %s", c.sentence, v.Rule)
		if c.want != classify.OnHold {
			assert.True(t, strings.HasPrefix(v.Rule, "notice/decoder/EZweb/"), v.Rule)
		}
	}
}

// TestNoticeBoilerplateNeverDecides: the MTAs' fixed sentences around the
// recipients (Postfix's bounce template, Sendmail's savemail.c headings,
// Exim's deliver.c text, qmail-send's greeting, Exchange's NDR headings)
// say that delivery failed, never why; as a notice they decide nothing.
func TestNoticeBoilerplateNeverDecides(t *testing.T) {
	texts := []string{
		"This is the mail system at host mx.example.org.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients. It's attached below.\n\nFor further assistance, please send mail to postmaster.\n\nIf you do so, please include this problem report. You can\ndelete your own text from the attached returned message.\n\n                   The mail system",
		"This is the mail system at host mx.example.org.\n\n####################################################################\n# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n####################################################################\n\nYour message could not be delivered for more than 4 hour(s).\nIt will be retried until it is 5 day(s) old.",
		"The original message was received at Mon, 1 Jan 2024 00:00:00 +0000\nfrom client.example.org [192.0.2.1]\n\n   ----- The following addresses had permanent fatal errors -----\n\n   ----- Transcript of session follows -----",
		"This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:",
		"Hi. This is the qmail-send program at mx.example.org.\nI'm afraid I wasn't able to deliver your message to the following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work out.",
		"Delivery has failed to these recipients or groups:\n\nYour message couldn't be delivered.\n\nDiagnostic information for administrators:\n\nGenerating server: mx.example.org",
		"Please try again later.",
	}
	for _, text := range texts {
		r := &dsn.Report{Kind: dsn.DeliveryReport, Recipients: []dsn.Recipient{{
			Recipient: "user@example.net", Action: dsn.ActionFailed, Status: dsn.Status{Class: 5},
			Notice: text,
		}}}
		v := classify.ClassifyRecipient(r, &r.Recipients[0])
		assert.NotEqual(t, classify.StageNotice, v.Stage, "%q decided %s (%s)", text, v.Reason, v.Rule)
	}
}
