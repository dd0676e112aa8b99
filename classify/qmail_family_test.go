package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// qmailExpiry is qmail-send's line after the last deferral text when the
// message outlived the queue (notqmail/notqmail:qmail-send.c).
const qmailExpiry = "\nI'm not going to try again; this message has been in the queue too long."

// TestQmailFamilyTexts: qmail-local's system errors, IndiMail's
// vdelivermail texts, spamdyke's sender-MX refusal and qmail-remote's
// temporary texts after the queue lifetime (classify/texts/qmail_family.tsv)
// decide as Sisimai's qmail decoder reads them.
func TestQmailFamilyTexts(t *testing.T) {
	cases := []struct {
		name   string
		report string
		want   classify.Reason
	}{
		{"qmail-local home directory", "Unable to switch to /home/alumni: file does not exist. (#4.3.0)" + qmailExpiry, classify.SystemError},
		{"qmail-local forward refused", "Unable to forward message: mail server permanently rejected message (#5.3.0).", classify.SystemError},
		{"indimail no account", "no account vikram@example.org here by that name. indimail (#5.1.5)", classify.Filtered},
		{"indimail quota", "deepa@example.org has insufficient quota. 88211/10485760:10480012:1833/0:10485760. indimail (#5.1.4)", classify.MailboxFull},
		{"indimail inactive", "account anita@example.org is inactive. indimail(#5.1.3)", classify.Suspend},
		{"spamdyke sender without MX", "192.0.2.10 does not like recipient.\nRemote host said: 421 Refused. The domain of your sender address has no mail exchanger (MX)." + qmailExpiry, classify.Rejected},
		{"temporary DNS failure", "Sorry, I couldn't find any host by that name. (#4.1.2)" + qmailExpiry, classify.HostUnknown},
		{"connection died", "Connected to 192.0.2.10 but connection died. (#4.4.2)" + qmailExpiry, classify.Expired},
		{"spamdyke rDNS name blacklisted", qmailRemoteRCPT("554 Refused. Your domain name is blacklisted."), classify.Blocked},
		{"spamdyke header blacklist", qmailRemoteDATA("554 Refused. Your message has been blocked due to its content."), classify.Filtered},
		{"spamdyke rDNS does not resolve", qmailRemoteRCPT("554 Refused. Your reverse DNS entry does not resolve."), classify.RequirePTR},
		{"connection died after the dot", "Connected to 192.0.2.10 but connection died. Possible duplicate! (#4.4.2)" + qmailExpiry, classify.Expired},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, qmailSendNotice("user@example.org", tc.report))
			assertReason(t, got, "user@example.org", tc.want)
		})
	}
}

// TestQmailFamilyNearMisses: the same words outside a qmail notice's
// texts, or the neighbouring texts, keep their own reasons.
func TestQmailFamilyNearMisses(t *testing.T) {
	cases := []struct {
		name    string
		report  string
		notWant classify.Reason
	}{
		// qmail-remote's connection refusal keeps Sisimai's networkerror, not the expiry
		{"no connection is not expired", "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)" + qmailExpiry, classify.Expired},
		// an inactive account exists: it is suspended, not unknown, though its status is X.1.3
		{"inactive account is not unknown", "account anita@example.org is inactive. indimail(#5.1.3)", classify.UserUnknown},
		// the recipient domain without MX is no sender refusal
		{"recipient domain without MX is not rejected", "Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)", classify.Rejected},
		// spamdyke's refusal of the sender's address is not its blacklist of the client's name
		{"sender blacklisted is not blocked", qmailRemoteRCPT("554 Refused. Your sender address has been blacklisted."), classify.Blocked},
		// a permanent refusal has no expiry line
		{"permanent refusal is not expired", qmailRemoteRCPT("550 5.1.1 user unknown"), classify.Expired},
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
