package dsn_test

import (
	"strings"
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// exchangeOOF builds an Exchange out-of-office reply: Outlook's subject
// prefix, and the marks Exchange sets on it (Auto-Submitted:
// auto-generated, X-MS-Exchange-Inbox-Rules-Loop, X-Auto-Response-Suppress;
// [MS-OXCMAIL] 2.1.3.2.20), none of which alone says "auto-reply".
func exchangeOOF(subject string) string {
	return "From: Kijitora <kijitora@example.jp>\n" +
		"To: Neko <neko@example.com>\n" +
		"Subject: " + subject + "\n" +
		"Auto-Submitted: auto-generated\n" +
		"X-MS-Exchange-Inbox-Rules-Loop: kijitora@example.jp\n" +
		"X-Auto-Response-Suppress: All\n" +
		"MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n\n" +
		"I am away until 7 December.\n"
}

func TestOutlookLocalisedOOF(t *testing.T) {
	// The prefixes of the StackOverflow answer
	// https://stackoverflow.com/questions/1027395 (see autoReplySubjects).
	for _, subject := range []string{
		"Autosvar: Quarterly figures",
		"Risposta Non al computer: Quarterly figures",
		"Frånvaro: Quarterly figures",
		"Fuori sede: Quarterly figures",
		"AUTOSVAR: Quarterly figures",
	} {
		r, err := dsn.Parse(strings.NewReader(exchangeOOF(subject)), lhost.Registry())
		if err != nil {
			t.Fatalf("%q: %v", subject, err)
		}
		if r.Kind != dsn.AutoReply || len(r.Recipients) != 1 || r.Recipients[0].Recipient != "kijitora@example.jp" {
			t.Errorf("%q: got %v %v, want an auto-reply of kijitora@example.jp", subject, r.Kind, r.Recipients)
		}
	}
}

// TestNotbounceOutlookOOFNotBounces holds messages that look like bounces or arrive at
// return paths and are none: each must come out as NotBounce. They are
// written from the formats named beside each.
func TestNotbounceOutlookOOFNotBounces(t *testing.T) {
	cases := []struct{ name, msg string }{
		{"ordinary subject with the word for absence", "From: HR <hr@example.se>\nTo: all@example.se\nSubject: Frånvaro vecka 49\n\nAnmäl frånvaro i systemet.\n"},
		{"ordinary subject: off-site day", "From: Anna <anna@example.it>\nTo: team@example.it\nSubject: Fuori sede il 3 dicembre\n\nCi vediamo a Milano.\n"},
		// RFC 7489 section 7.2.1.1: an aggregate report.
		{"DMARC aggregate report", "From: dmarc-reporting@receiver.example.org\nTo: dmarc-feedback@example.com\n" +
			"Subject: Report Domain: example.com\n    Submitter: receiver.example.org\n    Report-ID: <2002.02.15.1>\n" +
			"MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"B\"\n\n" +
			"--B\nContent-Type: text/plain\n\nThis is an aggregate report from receiver.example.org.\n" +
			"--B\nContent-Type: application/gzip\nContent-Disposition: attachment; filename=\"receiver.example.org!example.com!1013662812!1013749130.gz\"\nContent-Transfer-Encoding: base64\n\nH4sIAAAAAAAA/wMAAAAAAAAAAAA=\n--B--\n"},
		// RFC 8460 section 5.3: a TLS report is a multipart/report too.
		{"TLS-RPT report", "From: tlsrpt@mail.sender.example.com\nTo: mts-sts-tlsrpt@example.net\n" +
			"Subject: Report Domain: example.net Submitter: mail.sender.example.com Report-ID: <735ff.e317+bf22029@example.net>\n" +
			"TLS-Report-Domain: example.net\nTLS-Report-Submitter: mail.sender.example.com\n" +
			"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=\"tlsrpt\"; boundary=\"B\"\n\n" +
			"--B\nContent-Type: text/plain\n\nThis is an aggregate TLS report from mail.sender.example.com\n" +
			"--B\nContent-Type: application/tlsrpt+json\n\n{\"organization-name\": \"x\", \"policies\": [{\"summary\": {\"total-failure-session-count\": 100}}]}\n--B--\n"},
		// Mailman 3 template list:user:notice:probe.
		{"Mailman probe to a member", "From: announce-bounces+probe.5a1d@lists.example.org\nTo: kijitora@example.jp\n" +
			"Subject: Announce mailing list probe message\nPrecedence: bulk\n\n" +
			"This is a probe message.  You can ignore this message.\n\nThe announce@lists.example.org mailing list has received a number of bounces from you,\n" +
			"indicating that there may be a problem delivering messages to\nkijitora@example.jp.\n"},
		// RT's Autoreply template and headers (bestpractical/rt etc/initialdata).
		{"RT acknowledgement of a bounce mailed in", "From: \"Support via RT\" <support@example.org>\nTo: neko@example.com\n" +
			"Subject: [example.org #4711] AutoReply: Undelivered Mail Returned to Sender\nPrecedence: bulk\nX-RT-Loop-Prevention: example.org\nX-RT-Ticket: example.org #4711\n\n" +
			"Greetings,\n\nThis message has been automatically generated in response to the creation of a\ntrouble ticket regarding Undelivered Mail Returned to Sender, a summary of which appears below.\n"},
		// Exchange Online quarantine notification (quarantine@messaging.microsoft.com).
		{"quarantine notification listing NDR subjects", "From: Microsoft 365 security <quarantine@messaging.microsoft.com>\nTo: neko@example.edu\n" +
			"Subject: Microsoft 365 security: You have messages in quarantine\n\nReview These Messages\n\n3 messages are being held for you to review.\n\n" +
			"Sender: MAILER-DAEMON@mail.example.org\nSubject: Undelivered Mail Returned to Sender\nBlock Sender | Release | Review Message\n"},
		// Dovecot quota-warning.sh example.
		{"quota warning from postmaster", "From: postmaster@example.com\nSubject: quota warning\n\nYour mailbox is now 95% full.\n"},
		// RFC 5546 reply in Google Calendar's wording.
		{"calendar decline", "From: kijitora@example.jp\nTo: neko@example.com\nSubject: Declined: Bounce review @ Thu Dec 3, 2026\n" +
			"MIME-Version: 1.0\nContent-Type: text/calendar; method=REPLY\n\nBEGIN:VCALENDAR\nMETHOD:REPLY\nEND:VCALENDAR\n"},
		// The lure quoted at https://www.netsolinc.com/convincing-phishing-scam/.
		{"phishing lure with a pasted Diagnostic-Code", "From: \"Mail Delivery System\" <no-reply@mail-admin-example.net>\nTo: neko@example.com\n" +
			"Subject: Mail Delivery Failed for neko@example.com\nMIME-Version: 1.0\nContent-Type: text/html\n\n" +
			"<p>This message was created automatically by mail delivery software.</p><p>You have more than 6 incoming messages that could not be delivered to your inbox</p>" +
			"<p>Diagnostic-Code: smtp; 552-5.7.0[TSS04] max defers and failures per hour (Exim 4.88) allowed. Message deferred</p>\n"},
		// postqueue(1) -p output mailed by cron.
		{"cron mail of the queue", "From: root@mx.example.com (Cron Daemon)\nTo: root@mx.example.com\nSubject: Cron <root@mx> /usr/sbin/postqueue -p\n\n" +
			"-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n4QZ0A1B2C4     3310 Mon Nov 30 04:01:12  newsletter@example.com\n" +
			"(connect to mx.example.net[192.0.2.10]:25: Connection timed out)\n                                         tora@example.net\n"},
		// A person's reply quoting a Postfix report line by line.
		{"reply quoting a bounce", "From: \"Darrick\" <d@example.org>\nTo: list@example.org\nSubject: Re: Undelivered Mail Returned to Sender\n\n" +
			"Why was this refused?\n\n> <list@example.org>: host vger.example.org[192.0.2.18] said: 550 5.7.1\n>     Content-Policy reject (in reply to end of DATA command)\n" +
			"> Final-Recipient: rfc822; list@example.org\n> Action: failed\n> Status: 5.7.1\n"},
	}
	for _, c := range cases {
		r, err := dsn.Parse(strings.NewReader(c.msg), lhost.Registry())
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if r.Kind != dsn.NotBounce {
			t.Errorf("%s: got %v with %v, want not-bounce", c.name, r.Kind, r.Recipients)
		}
	}
}
