package dsn_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// arf8Report writes an RFC 5965 feedback report (appendix B's layout):
// the human part, the message/feedback-report fields and the returned
// message's header (origType: message/rfc822 or text/rfc822-headers).
func arf8Report(boundary, fields, origType, orig string) string {
	return "From: <fbl@receiver.example>\n" +
		"To: <fbl@sender.example>\n" +
		"Subject: FW: Weekly deals\n" +
		"Date: Mon, 30 Nov 2026 13:05:00 +0000\n" +
		"MIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=feedback-report;\n\tboundary=\"" + boundary + "\"\n\n" +
		"--" + boundary + "\nContent-Type: text/plain\n\n" +
		"This is an email abuse report for an email message received from IP 192.0.2.1.\n\n" +
		"--" + boundary + "\nContent-Type: message/feedback-report\n\n" + fields + "\n" +
		"--" + boundary + "\nContent-Type: " + origType + "\n\n" + orig + "\n" +
		"--" + boundary + "--\n"
}

func arf8Original(to, more string) string {
	return "From: Deals <news@sender.example>\nTo: " + to + "\n" + more +
		"Subject: Weekly deals\nMessage-ID: <deals.1@sender.example>\n\nOur weekly deals.\n"
}

// TestARFComplaints: complaints and the recipient each names, in order.
func TestARFComplaints(t *testing.T) {
	abuse := "Feedback-Type: abuse\nUser-Agent: SomeGenerator/1.0\nVersion: 1\n"
	one := func(rcpt string) string {
		return arf8Report("b1", abuse+"Original-Rcpt-To: <"+rcpt+">\n", "message/rfc822", arf8Original("<"+rcpt+">", ""))
	}
	cases := []struct {
		name  string
		msg   string
		ftype string
		rcpts []string
	}{
		{"Original-Rcpt-To", one("a@receiver.example"), "abuse", []string{"a@receiver.example"}},
		// Microsoft JMRP in ARF without a recipient field: the complainer is
		// only in X-HmXmrOriginalRecipient (Sisimai ARF.pm); the To is a
		// list's.
		{"JMRP X-HmXmrOriginalRecipient", arf8Report("b2", abuse, "message/rfc822",
			arf8Original("undisclosed-recipients:;", "X-HmXmrOriginalRecipient: <c@outlook.example>\n")), "abuse", []string{"c@outlook.example"}},
		// The same field in a header-only return (RFC 6650 section 3).
		{"JMRP in text/rfc822-headers", arf8Report("b3", abuse, "text/rfc822-headers",
			"X-HmXmrOriginalRecipient: d@live.example\nTo: list@sender.example\nFrom: news@sender.example\n"), "abuse", []string{"d@live.example"}},
		// Original-Rcpt-To wins over the Microsoft field.
		{"Original-Rcpt-To first", arf8Report("b4", abuse+"Original-Rcpt-To: e@receiver.example\n", "message/rfc822",
			arf8Original("e@receiver.example", "X-HmXmrOriginalRecipient: other@outlook.example\n")), "abuse", []string{"e@receiver.example"}},
		// No recipient field: the original's To.
		{"To fallback", arf8Report("b5", abuse, "text/rfc822-headers", arf8Original("f@receiver.example", "")), "abuse", []string{"f@receiver.example"}},
		// RFC 6591 / RFC 7489 section 7.3 DMARC failure report.
		{"DMARC failure report", arf8Report("b6", "Feedback-Type: auth-failure\nUser-Agent: OpenDMARC-Filter/1.3.2\nVersion: 1\nAuth-Failure: dmarc\nIdentity-Alignment: none\nOriginal-Rcpt-To: g@receiver.example\n",
			"text/rfc822-headers", arf8Original("g@receiver.example", "")), "auth-failure", []string{"g@receiver.example"}},
		// Several complaints forwarded as attached messages (RFC 6449
		// section 3.2: batched reports), one recipient each, in order.
		{"attached reports", "From: <batch@receiver.example>\nTo: <fbl@sender.example>\nSubject: reports\nMIME-Version: 1.0\n" +
			"Content-Type: multipart/mixed; boundary=\"m\"\n\n--m\nContent-Type: text/plain\n\nTwo reports.\n\n" +
			"--m\nContent-Type: message/rfc822\n\n" + one("h1@receiver.example") + "\n" +
			"--m\nContent-Type: message/rfc822\n\n" + strings.ReplaceAll(one("h2@receiver.example"), "b1", "b9") + "\n--m--\n",
			"abuse", []string{"h1@receiver.example", "h2@receiver.example"}},
		// The same in a multipart/digest, whose parts are message/rfc822
		// without saying so (RFC 2046 section 5.1.5).
		{"digest of reports", "From: <digest@receiver.example>\nTo: <fbl@sender.example>\nSubject: reports\nMIME-Version: 1.0\n" +
			"Content-Type: multipart/digest; boundary=\"d\"\n\n" +
			"--d\n\n" + one("i1@receiver.example") + "\n" +
			"--d\n\n" + strings.ReplaceAll(one("i2@receiver.example"), "b1", "b8") + "\n--d--\n",
			"abuse", []string{"i1@receiver.example", "i2@receiver.example"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.Parse(strings.NewReader(tc.msg), lhost.Registry())
			require.NoError(t, err)
			require.Equal(t, dsn.FeedbackReport, r.Kind)
			assert.Equal(t, tc.ftype, r.FeedbackType)
			var got []string
			for _, rc := range r.Recipients {
				got = append(got, rc.Recipient)
			}
			assert.Equal(t, tc.rcpts, got)
		})
	}
}

// TestARFComplaintsNotComplaints: near-misses that are no complaint.
func TestARFComplaintsNotComplaints(t *testing.T) {
	cases := []struct{ name, msg string }{
		// DMARC aggregate report (RFC 7489 section 7.2.1.1).
		{"DMARC aggregate", "From: noreply-dmarc-support@google.example\nTo: rua@sender.example\n" +
			"Subject: Report domain: sender.example Submitter: google.com Report-ID: 451\nMIME-Version: 1.0\n" +
			"Content-Type: multipart/mixed; boundary=\"r\"\n\n--r\nContent-Type: text/plain\n\nThis is an aggregate report from google.com.\n\n" +
			"--r\nContent-Type: application/zip; name=\"google.com!sender.example!1!2.zip\"\nContent-Transfer-Encoding: base64\n\nUEsDBBQAAAAIAA==\n--r--\n"},
		// SMTP TLS report (RFC 8460 section 5.3).
		{"TLS report", "From: tls@google.example\nTo: tlsrpt@sender.example\nSubject: Report Domain: sender.example\nMIME-Version: 1.0\n" +
			"Content-Type: multipart/report; report-type=\"tlsrpt\"; boundary=\"t\"\n\n--t\nContent-Type: text/plain\n\nThis is an aggregate TLS report.\n\n" +
			"--t\nContent-Type: application/tlsrpt+gzip\nContent-Transfer-Encoding: base64\n\nH4sIAAAAAAAAAw==\n--t--\n"},
		// A person quoting a report's fields in plain text.
		{"quoted fields", "From: pm@sender.example\nTo: team@sender.example\nSubject: FBL fields\n\n" +
			"A report has:\n\nFeedback-Type: abuse\nUser-Agent: Yahoo!-Mail-Feedback/2.0\nOriginal-Rcpt-To: someone@yahoo.example\n"},
		// A message forwarding an ordinary mail that merely mentions a
		// feedback report: no attached multipart/report.
		{"forwarded plain mail", "From: a@sender.example\nTo: b@sender.example\nSubject: Fwd: deals\nMIME-Version: 1.0\n" +
			"Content-Type: multipart/mixed; boundary=\"f\"\n\n--f\nContent-Type: text/plain\n\nsee below\n\n" +
			"--f\nContent-Type: message/rfc822\n\n" + arf8Original("b@sender.example", "") + "\n--f--\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.Parse(strings.NewReader(tc.msg), lhost.Registry())
			require.NoError(t, err)
			assert.False(t, r.IsBounce(), "kind %v, recipients %v", r.Kind, r.Recipients)
		})
	}
}

// TestBounceOfForwardedReport: a DSN that returns a forwarded feedback
// report is the forward's bounce, not a complaint.
func TestBounceOfForwardedReport(t *testing.T) {
	inner := arf8Report("in", "Feedback-Type: abuse\nUser-Agent: X/1\nVersion: 1\nOriginal-Rcpt-To: c@receiver.example\n", "message/rfc822", arf8Original("c@receiver.example", ""))
	msg := "From: MAILER-DAEMON@mx.sender.example\nTo: fbl@sender.example\nSubject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"o\"\n\n" +
		"--o\nContent-Type: text/plain\n\nYour message could not be delivered.\n\n" +
		"--o\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.sender.example\n\n" +
		"Final-Recipient: rfc822; gone@old.sender.example\nAction: failed\nStatus: 5.1.1\n" +
		"Diagnostic-Code: smtp; 550 5.1.1 User unknown\n\n" +
		"--o\nContent-Type: message/rfc822\n\n" + inner + "\n--o--\n"
	r, err := dsn.Parse(strings.NewReader(msg), lhost.Registry())
	require.NoError(t, err)
	require.Equal(t, dsn.DeliveryReport, r.Kind)
	require.Len(t, r.Recipients, 1)
	assert.Equal(t, "gone@old.sender.example", r.Recipients[0].Recipient)
}

// spamCop8 writes a SpamCop report as SpamCop's FAQ shows one
// (https://www.spamcop.net/fom-serve/cache/338.html): plain text from
// ####@reports.spamcop.net, the issue in the Subject, the reported message
// quoted after "Offending message:".
func spamCop8(from, subject, to string) string {
	return "From: Some User <1234@" + from + ">\nTo: abuse@sender.example\nSubject: " + subject + "\n\n" +
		"- SpamCop V1.3.3 -\nThis message is brief for your comfort.  Please follow links for details.\n\n" +
		"Email from 192.0.2.1 / Sun, 11 Aug 2002 00:11:15 -0700\n\nOffending message:\n" +
		"Received: from [192.0.2.1] by hotmail.com (3.2) with ESMTP id\n MHotMail1; Sun, 11 Aug 2002 00:11:15 -0700\n" +
		"From: \"work at home\" <solary@sender.example>\nTo: " + to + "\nSubject: PC Home Worker\n\nWould you like to work at home?\n"
}

// TestSpamCop: SpamCop's own complaints, and mail that only looks
// like one.
func TestSpamCop(t *testing.T) {
	cases := []struct {
		name, msg string
		complaint bool
		rcpt, ip  string
	}{
		{"hidden reporter", spamCop8("reports.spamcop.net", "[SpamCop (192.0.2.1) id:1234]PC Home Worker", "<x>"), true, "", "192.0.2.1"},
		{"revealed reporter", spamCop8("reports.spamcop.net", "[SpamCop (192.0.2.1) id:1234]PC Home Worker", "<reporter@isp.example>"), true, "reporter@isp.example", "192.0.2.1"},
		{"URL report", spamCop8("reports.spamcop.net", "[SpamCop (http://spam.example/) id:99]Cheap", "<x>"), true, "", ""},
		// Near-misses: the Subject from anyone else, and SpamCop's address
		// on mail that quotes no reported message.
		{"other sender", spamCop8("spamcop.example", "[SpamCop (192.0.2.1) id:1234]PC Home Worker", "<x>"), false, "", ""},
		{"no offending message", strings.Replace(spamCop8("reports.spamcop.net", "[SpamCop (192.0.2.1) id:1234]x", "<x>"), "Offending message:", "Thanks for your note.", 1), false, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.Parse(strings.NewReader(tc.msg), lhost.Registry())
			require.NoError(t, err)
			if !tc.complaint {
				assert.False(t, r.IsBounce(), "kind %v", r.Kind)
				return
			}
			require.Equal(t, dsn.FeedbackReport, r.Kind)
			assert.Equal(t, string(lhost.SpamCop), r.Decoder)
			assert.Equal(t, "abuse", r.FeedbackType)
			require.Len(t, r.Recipients, 1)
			assert.Equal(t, tc.rcpt, r.Recipients[0].Recipient)
			assert.Equal(t, "solary@sender.example", r.Original.From)
			assert.Equal(t, tc.ip, r.Fields.Get("Source-Ip"))
		})
	}
}

// eximDMARC8 writes Exim's DMARC failure report as moan.c's
// ERRMESS_DMARC_FORENSIC case and dmarc.c's dmarc_send_forensic_report
// write it (Exim/exim), with intro as its first line.
func eximDMARC8(intro string) string {
	return "Auto-Submitted: auto-replied\nFrom: Mail Delivery System <Mailer-Daemon@mx.receiver.example>\n" +
		"To: ruf@sender.example\nSubject: DMARC Forensic Report for sender.example from IP 203.0.113.66\n" +
		"Message-Id: <E1vQd7k-0001aB-2x@mx.receiver.example>\n\n" +
		intro + "\npolicy for your domain.\n\n" +
		"  Sender Domain: sender.example\n  Sender IP Address: 203.0.113.66\n" +
		"  Received Date: Mon, 30 Nov 2026 13:05:00 +0000\n  SPF Alignment: no\n  DKIM Alignment: no\n  DMARC Results: Reject\n\n" +
		"------ This is a copy of the headers that were received before the error\n       was detected.\n\n" +
		"Received: from [203.0.113.66] by mx.receiver.example with esmtp (Exim 4.96)\n\tid 1vQd7k-0001a9-1w; Mon, 30 Nov 2026 13:05:00 +0000\n" +
		"From: Billing <billing@sender.example>\nTo: victim@receiver.example\nSubject: Your invoice\nMessage-ID: <fake.1@spoof.example>\n\n"
}

// TestEximDMARC: Exim's DMARC failure report is an auth-failure
// complaint for the failed message's To; the same Subject over other text
// is none.
func TestEximDMARC(t *testing.T) {
	r, err := dsn.Parse(strings.NewReader(eximDMARC8("A message claiming to be from you has failed the published DMARC")), lhost.Registry())
	require.NoError(t, err)
	require.Equal(t, dsn.FeedbackReport, r.Kind)
	assert.Equal(t, string(lhost.EximDMARC), r.Decoder)
	assert.Equal(t, "auth-failure", r.FeedbackType)
	assert.Equal(t, "dmarc", r.Fields.Get("Auth-Failure"))
	assert.Equal(t, "203.0.113.66", r.Fields.Get("Source-Ip"))
	assert.Equal(t, "sender.example", r.Fields.Get("Reported-Domain"))
	require.Len(t, r.Recipients, 1)
	assert.Equal(t, "victim@receiver.example", r.Recipients[0].Recipient)
	assert.Equal(t, "fake.1@spoof.example", r.Original.MessageID)

	r, err = dsn.Parse(strings.NewReader(eximDMARC8("Your DMARC forensic reports are summarised below for the")), lhost.Registry())
	require.NoError(t, err)
	assert.False(t, r.IsBounce(), "kind %v, recipients %v", r.Kind, r.Recipients)
}

// TestReturnedOrQuotedReport: a text bounce that returns a forwarded
// feedback report in its text (Exim's layout, src/moan.c / deliver.c:
// "------ This is a copy of the message, including all the headers.
// ------") is the bounce's; a report pasted into a plain forward, which
// no bounce decoder reads, is still read as a complaint.
func TestReturnedOrQuotedReport(t *testing.T) {
	report := arf8Report("q", "Feedback-Type: abuse\nUser-Agent: X/1\nVersion: 1\nOriginal-Rcpt-To: c@receiver.example\n", "message/rfc822", arf8Original("c@receiver.example", ""))
	bounce := "From: Mail Delivery System <Mailer-Daemon@mx.sender.example>\nTo: fbl@sender.example\n" +
		"Subject: Mail delivery failed: returning message to sender\nX-Failed-Recipients: gone@old.sender.example\n" +
		"Auto-Submitted: auto-replied\n\n" +
		"This message was created automatically by mail delivery software.\n\n" +
		"A message that you sent could not be delivered to one or more of its\n" +
		"recipients. This is a permanent error. The following address(es) failed:\n\n" +
		"  gone@old.sender.example\n    host mx.old.sender.example [198.51.100.9]\n" +
		"    SMTP error from remote mail server after RCPT TO:<gone@old.sender.example>:\n    550 5.1.1 User unknown\n\n" +
		"------ This is a copy of the message, including all the headers. ------\n\n" + report
	r, err := dsn.Parse(strings.NewReader(bounce), lhost.Registry())
	require.NoError(t, err)
	require.Equal(t, dsn.DeliveryReport, r.Kind)
	require.Len(t, r.Recipients, 1)
	assert.Equal(t, "gone@old.sender.example", r.Recipients[0].Recipient)

	forward := "From: Postmaster <postmaster@sender.example>\nTo: fbl@sender.example\nSubject: Fwd: FW: Weekly deals\n\n" +
		"See the report below.\n\n" + report
	r, err = dsn.Parse(strings.NewReader(forward), lhost.Registry())
	require.NoError(t, err)
	require.Equal(t, dsn.FeedbackReport, r.Kind)
	require.Len(t, r.Recipients, 1)
	assert.Equal(t, "c@receiver.example", r.Recipients[0].Recipient)
}
