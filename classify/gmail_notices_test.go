package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// gmailTitled is Google's current notice with an empty delivery-status
// part and the text given.
func gmailTitled(from, rcpt, text string) string {
	return "From: " + from + "\nTo: sender@gmail.com\nSubject: Delivery Status Notification (Failure)\nX-Failed-Recipients: " + rcpt + "\n" +
		"MIME-Version: 1.0\nContent-Type: multipart/report; boundary=\"B\"; report-type=delivery-status\n\n" +
		"--B\nContent-Type: text/plain; charset=\"UTF-8\"\n\n" + text + "\n--B\nContent-Type: message/delivery-status\n\n\n" +
		"--B\nContent-Type: text/rfc822-headers\n\nFrom: <sender@gmail.com>\nTo: " + rcpt + "\nSubject: hi\n\n--B--\n"
}

// TestGmailNoticeDomainNotFound: Google's own sentence for a recipient
// domain that does not resolve, with no remote reply
// (https://github.com/samouraiworld/zenao/issues/646), is hostunknown.
func TestGmailNoticeDomainNotFound(t *testing.T) {
	msg := gmailTitled("Mail Delivery Subsystem <mailer-daemon@googlemail.com>", "contact@mail.example.io",
		"\n** Address not found **\n\nYour message wasn't delivered to contact@mail.example.io because the domain mail.example.io couldn't be found. "+
			"Check for typos or unnecessary spaces and try again.\n\nLearn more here: https://support.google.com/mail/?p=BadRcptDomain\n")
	assertReason(t, verdicts(t, msg), "contact@mail.example.io", classify.HostUnknown)
}

// Near misses: Google's address sentence ("the address couldn't be
// found, or is unable to receive mail") is not a missing domain, and the
// domain sentence outside Google's notice decides nothing.
func TestGmailNoticeDomainNotFoundNearMisses(t *testing.T) {
	addr := gmailTitled("Mail Delivery Subsystem <mailer-daemon@googlemail.com>", "anna@example.net",
		"\n** Address not found **\n\nYour message wasn't delivered to anna@example.net because the address couldn't be found, or is unable to receive mail.\n")
	if v, ok := verdicts(t, addr)["anna@example.net"]; ok && v.Reason == classify.HostUnknown {
		t.Errorf("address sentence read as %s (%s)", v.Reason, v.Rule)
	}
	other := "From: MAILER-DAEMON@mx.example.org\nTo: sender@example.org\nSubject: Undelivered Mail Returned to Sender\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\nContent-Type: text/plain\n\nfailed\n\n" +
		"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n" +
		"Final-Recipient: rfc822; user@example.com\nAction: failed\nStatus: 5.0.0\n" +
		"Diagnostic-Code: smtp; 550 The page couldn't be found. Check for typos or unnecessary spaces and try again\n\n--b--\n"
	if v, ok := verdicts(t, other)["user@example.com"]; ok && v.Reason == classify.HostUnknown {
		t.Errorf("the sentence outside Google's notice read as %s (%s)", v.Reason, v.Rule)
	}
}
