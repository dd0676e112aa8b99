package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// eximDNSNotice writes Exim's failure report or delay warning
// (deliver.c: "This message was created automatically by mail delivery
// software.", the -eximdsn- multipart/report) for one recipient whose
// error line is text.
func eximDNSNotice(text string, delayed bool) string {
	action, status, intro := "failed", "5.0.0",
		"A message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n  rcpt@example.org\n    "+text+"\n\n"
	if delayed {
		action, status = "delayed", "4.0.0"
		intro = "A message that you sent has not yet been delivered to one or more of its\nrecipients after more than 24 hours on the queue on mx.example.com.\n\n" +
			"The address to which the message has not yet been delivered is:\n\n  rcpt@example.org\n    Delay reason: " + text + "\n\n" +
			"No action is required on your part. Delivery attempts will continue for\nsome time.\n\n"
	}
	return "From: Mail Delivery System <Mailer-Daemon@mx.example.com>\nTo: sender@example.com\nAuto-Submitted: auto-replied\n" +
		"Subject: Mail delivery failed: returning message to sender\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=1795-eximdsn-21\n\n" +
		"--1795-eximdsn-21\nContent-type: text/plain; charset=us-ascii\n\nThis message was created automatically by mail delivery software.\n\n" + intro +
		"--1795-eximdsn-21\nContent-type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\n" +
		"Action: " + action + "\nFinal-Recipient: rfc822;rcpt@example.org\nStatus: " + status + "\n\n--1795-eximdsn-21--\n"
}

// TestMtaDNSExim: Exim's own routing texts (mta_dns.tsv).
func TestMtaDNSExim(t *testing.T) {
	cases := []struct {
		name, text string
		delayed    bool
		want       classify.Reason
	}{
		{"self via address record", "remote host address is the local host", false, classify.NetworkError},
		{"self via MX", "lowest numbered MX record points to local host", false, classify.NetworkError},
		{"dns defer until the retry cutoff", "host lookup did not complete: retry timeout exceeded", false, classify.Expired},
		// Near misses: in a delay the DNS failure is the current cause; a
		// permanent lookup failure is not a give-up; a local address is not
		// the local host.
		{"dns defer in a delay", "host lookup did not complete", true, classify.NetworkError},
		{"permanent host lookup failure", "all host address lookups failed permanently", false, classify.HostUnknown},
		{"unrouteable", "Unrouteable address", false, classify.HostUnknown},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertReason(t, verdicts(t, eximDNSNotice(c.text, c.delayed)), "rcpt@example.org", c.want)
		})
	}
}

// TestMtaDNSSendmailNullMX: Sendmail's lookup of a null MX's "." target
// stays hostunknown under 5.1.2, as Sisimai's own Sendmail sample reads it
// (its NotAccept list names the words, but the X.1.2 status decides first).
func TestMtaDNSSendmailNullMX(t *testing.T) {
	cases := []struct {
		name, diag string
		want       classify.Reason
	}{
		{"null MX target", "550 5.1.2 <rcpt@example.org>... Host unknown (Name server: .: host not found)", classify.HostUnknown},
		// Near misses: a named host that does not exist.
		{"named host not found", "550 5.1.2 <rcpt@example.org>... Host unknown (Name server: example.org: host not found)", classify.HostUnknown},
		{"mx host not found", "550 5.1.2 <rcpt@example.org>... Host unknown (Name server: mx.example.org.: host not found)", classify.HostUnknown},
		{"no data", "550 5.1.2 <rcpt@example.org>... Host unknown (Name server: example.org: no data known)", classify.HostUnknown},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertReason(t, verdicts(t, sendmailNotice("5.1.2", c.diag)), "rcpt@example.org", c.want)
		})
	}
}

// dominoNotice writes Domino's DELIVERY FAILURE report (go-sisimai
// lhost/via-domino.go: "Your message" ... "was not delivered to:" ...
// "because:").
func dominoNotice(because string) string {
	return "From: Postmaster/ACME@notes.example.com\nTo: sender@example.com\nSubject: DELIVERY FAILURE: " + because + "\n" +
		"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"=_mixed 0A1B_=\"\n\n" +
		"--=_mixed 0A1B_=\nContent-Type: text/plain; charset=\"US-ASCII\"\n\nYour message\n\n  Subject: Test\n\nwas not delivered to:\n\n  rcpt@example.org\n\nbecause:\n\n  " + because + "\n\n" +
		"--=_mixed 0A1B_=\nContent-Type: message/rfc822\n\nFrom: sender@example.com\nTo: rcpt@example.org\nSubject: Test\n\nhello\n\n--=_mixed 0A1B_=--\n"
}

// TestMtaDNSDomino: Domino's router without a route to the Notes domain.
func TestMtaDNSDomino(t *testing.T) {
	cases := []struct {
		name, because string
		want          classify.Reason
	}{
		{"no route", "No route found to domain EXCHANGE from server MAIL01/ACME. Check Server, Connection and Domain documents in Name & Address Book.", classify.NetworkError},
		// Near miss: the directory lookup of a user keeps its reason.
		{"not listed", "User j.smith (rcpt@example.org) not listed in Domino Directory", classify.UserUnknown},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertReason(t, verdicts(t, dominoNotice(c.because)), "rcpt@example.org", c.want)
		})
	}
}

// sendmailDNSNotice writes Sendmail's queue-timeout return (4.4.7) or its
// 4-hour warning (Action: delayed) with the deferral line in the
// transcript.
func sendmailDNSNotice(deferral string, delayed bool) string {
	action, status, subject, head, tail := "failed", "4.4.7", "Returned mail: Cannot send message for 5 days",
		"   ----- The following addresses had permanent fatal errors -----\n<rcpt@example.org>\n    (reason: Name server timeout)\n\n",
		"Message could not be delivered for 5 days\nMessage will be deleted from queue\n"
	if delayed {
		action, status, subject = "delayed", "4.4.3", "Warning: could not send message for past 4 hours"
		head = "   ----- The following addresses had transient non-fatal errors -----\n<rcpt@example.org>\n\n"
		tail = "Warning: message still undelivered after 4 hours\nWill keep trying until message is 5 days old\n"
	}
	return "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.com>\nTo: <sender@example.com>\nSubject: " + subject + "\n" +
		"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"s21\"\n\n" +
		"--s21\n\nThe original message was received at Fri, 27 Nov 2026 12:18:55 +0200\nfrom client.example.com [192.0.2.9]\n\n" + head +
		"   ----- Transcript of session follows -----\nrcpt@example.org... " + deferral + "\n" + tail + "\n" +
		"--s21\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\n" +
		"Final-Recipient: RFC822; rcpt@example.org\nAction: " + action + "\nStatus: " + status + "\n\n--s21--\n"
}

// TestMtaDNSSendmailNameServerTimeout: the DNS timeout quoted when the
// queue time ran out is expired; in the warning it is the current cause.
func TestMtaDNSSendmailNameServerTimeout(t *testing.T) {
	cases := []struct {
		name, deferral string
		delayed        bool
		want           classify.Reason
	}{
		{"queue timeout return", "Deferred: Name server timeout", false, classify.Expired},
		// Near misses: the warning, and another deferral in the return.
		{"delay warning", "Deferred: Name server timeout", true, classify.NetworkError},
		{"warning with lookup failure", "Deferred: Name server: mx.example.org.: host name lookup failure", true, classify.NetworkError},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertReason(t, verdicts(t, sendmailDNSNotice(c.deferral, c.delayed)), "rcpt@example.org", c.want)
		})
	}
}
