package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// qmailSendNotice writes a failure notice as qmail-send writes it
// (notqmail/notqmail:qmail-send.c, injectbounce and addbounce): From
// MAILER-DAEMON, Subject "failure notice", the intro, one paragraph per
// recipient ("<address>:" then the delivery's report), and the copy of the
// message after "--- Below this line is a copy of the message.". report is
// qmail-remote's or qmail-local's text for the recipient.
func qmailSendNotice(rcpt, report string) string {
	return "Return-Path: <>\n" +
		"Received: (qmail 21572 invoked for bounce); 13 Jan 2025 19:36:24 -0000\n" +
		"Date: 13 Jan 2025 19:36:24 -0000\n" +
		"From: MAILER-DAEMON@mx1.example.net\n" +
		"To: sender@example.net\n" +
		"Subject: failure notice\n\n" +
		"Hi. This is the qmail-send program at mx1.example.net.\n" +
		"I'm afraid I wasn't able to deliver your message to the following addresses.\n" +
		"This is a permanent error; I've given up. Sorry it didn't work out.\n\n" +
		"<" + rcpt + ">:\n" + report + "\n\n" +
		"--- Below this line is a copy of the message.\n\n" +
		"Return-Path: <sender@example.net>\n" +
		"From: sender@example.net\nTo: " + rcpt + "\nSubject: figures\n\nHello\n"
}

// qmailRemoteRCPT is qmail-remote's report of a refused RCPT
// (notqmail/notqmail:qmail-remote.c).
func qmailRemoteRCPT(reply string) string {
	return "192.0.2.10 does not like recipient.\nRemote host said: " + reply + "\nGiving up on 192.0.2.10."
}

// qmailRemoteDATA is qmail-remote's report of a refusal after the message.
func qmailRemoteDATA(reply string) string {
	return "192.0.2.10 failed after I sent the message.\nRemote host said: " + reply
}

// TestQmailAddOnReplies: the replies of chkuser, the qmail-smtpd patch sets
// (sagredo-dev/qmail, s/qmail and aQmail), simscan and qmail-ldap, as a
// qmail-send notice quotes them, decide their own reason; near misses
// (the same words about the other party, another of the add-on's texts)
// keep theirs.
func TestQmailAddOnReplies(t *testing.T) {
	cases := []struct {
		name   string
		report string
		want   classify.Reason
	}{
		// chkuser (sagredo-dev/qmail and denislemire/netqmail chkuser_settings.h)
		{"chkuser mailbox full, 2.0.9", qmailRemoteRCPT("552 5.2.2 sorry, recipient mailbox is full (chkuser)"), classify.MailboxFull},
		{"chkuser mailbox full, old", qmailRemoteRCPT("522 sorry, recipient mailbox is full (#5.2.2 - chkuser)"), classify.MailboxFull},
		{"chkuser recipient domain without MX", qmailRemoteRCPT("511 sorry, can't find a valid MX for rcpt domain (#5.1.1 - chkuser)"), classify.HostUnknown},
		{"chkuser sender domain without MX", qmailRemoteRCPT("511 sorry, can't find a valid MX for sender domain (#5.1.1 - chkuser)"), classify.Rejected},
		{"chkuser sender format", qmailRemoteRCPT("571 sorry, sender address has invalid format (#5.7.1 - chkuser)"), classify.Rejected},
		{"chkuser intrusion threshold", qmailRemoteRCPT("550 5.7.1 sorry, you are violating our security policies (chkuser)"), classify.PolicyViolation},
		{"chkuser max recipients", qmailRemoteRCPT("550 5.5.3 sorry, reached maximum number of recipients allowed in one session (chkuser)"), classify.RateLimited},
		{"chkuser no mailbox (near miss: not full)", qmailRemoteRCPT("550 5.1.1 sorry, no mailbox here by that name (chkuser)"), classify.UserUnknown},
		// sagredo-dev/qmail qmail-smtpd.c
		{"qregex badmailfrom", "Connected to 192.0.2.10 but sender was rejected.\nRemote host said: 553 sorry, your envelope sender has been denied (#5.7.1)", classify.Rejected},
		{"qregex badrcptto", qmailRemoteRCPT("553 sorry, your envelope recipient has been denied (#5.7.1)"), classify.UserUnknown},
		{"rejectrelaytest", qmailRemoteRCPT("553 we don't relay (#5.7.1)"), classify.NoRelaying},
		// s/qmail and aQmail smtpdlog.c
		{"sqmail invalid sender", "Connected to 192.0.2.10 but sender was rejected.\nRemote host said: 553 sorry, invalid sender address specified (#5.7.1)", classify.Rejected},
		{"sqmail sender must exist", "Connected to 192.0.2.10 but sender was rejected.\nRemote host said: 553 sorry, your envelope sender must exist (#5.7.1)", classify.Rejected},
		{"sqmail HELO", "Connected to 192.0.2.10 but my name was rejected.\nRemote host said: 550 sorry, invalid HELO/EHLO greeting (#5.7.1)\nI'm not going to try again; this message has been in the queue too long.", classify.Blocked},
		{"sqmail no mailbox under 5.7.1", qmailRemoteRCPT("550 sorry, no mailbox by that name (#5.7.1)"), classify.UserUnknown},
		// simscan through qmail-queue-custom-error
		{"simscan virus", qmailRemoteDATA("554 Your email was rejected because it contains the Win.Test.EICAR_HDB-1 virus"), classify.VirusDetected},
		{"simscan attachment", qmailRemoteDATA("554 Your email was rejected because it contains a bad attachment: invoice.exe"), classify.PolicyViolation},
		{"simscan spam (near miss: no virus words)", qmailRemoteDATA("554 Your email is considered spam (12.40 spam-hits)"), classify.SpamDetected},
		// IndiMail qmail.c, qmail-queue filters' exit codes
		{"indimail spam", qmailRemoteDATA("554 qq spam or junk mail threshold exceeded (#5.7.1)"), classify.SpamDetected},
		{"indimail virus", qmailRemoteDATA("554 qq message contains virus (#5.7.1)"), classify.VirusDetected},
		{"indimail attachment", qmailRemoteDATA("554 qq message contains banned attachment (#5.7.1)"), classify.PolicyViolation},
		// qmail-ldap qmail-lspawn.c
		{"qmail-ldap mandatory attribute", "LDAP attribute mailMessageStore is not given but mandatory. (LDAP-ERR #215)", classify.SystemError},
		{"qmail-ldap illegal characters", "LDAP attribute deliveryProgramPath contains illegal characters. (LDAP-ERR #221)", classify.SystemError},
		{"qmail-ldap disabled (near miss: no attribute error)", "Mailaddress is administrativley disabled. (LDAP-ERR #220)", classify.Suspend},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, qmailSendNotice("user@example.org", tc.report))
			assertReason(t, got, "user@example.org", tc.want)
		})
	}
}

// TestQmailAddOnNearMisses: words of the new rows inside texts that mean
// something else must not take their reason.
func TestQmailAddOnNearMisses(t *testing.T) {
	cases := []struct {
		name    string
		report  string
		notWant classify.Reason
	}{
		// the recipient-domain check is not the sender-domain one, and back
		{"sender MX is not hostunknown", qmailRemoteRCPT("550 5.1.8 sorry, can't find a valid MX for sender domain (chkuser)"), classify.HostUnknown},
		{"recipient MX is not rejected", qmailRemoteRCPT("550 5.1.2 sorry, can't find a valid MX for rcpt domain (chkuser)"), classify.Rejected},
		// an attachment refused is no virus, a virus is no attachment policy
		{"attachment is not a virus", qmailRemoteDATA("554 Your email was rejected because it contains a bad attachment: setup.scr"), classify.VirusDetected},
		{"virus is not the attachment policy", qmailRemoteDATA("554 Your email was rejected because it contains the Eicar-Signature virus"), classify.PolicyViolation},
		// a denied sender is no unknown recipient
		{"sender denied is not userunknown", "Connected to 192.0.2.10 but sender was rejected.\nRemote host said: 553 sorry, your envelope sender has been denied (#5.7.1)", classify.UserUnknown},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, qmailSendNotice("user@example.org", tc.report))
			v, ok := got["user@example.org"]
			if !ok {
				t.Fatalf("no verdict for the recipient: %v", got)
			}
			if v.Reason == tc.notWant {
				t.Errorf("must not be %s (rule %s)", tc.notWant, v.Rule)
			}
		})
	}
}
