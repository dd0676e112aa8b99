package classify_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// moxFailure writes a failure DSN as mox's queue does (mjl-/mox:
// queue/dsn.go deliverDSNFailure, laid out by dsn/dsn.go Message.Compose):
// the error of the last attempt in the notice and as the Status comment;
// Remote-MTA and Diagnostic-Code only when a remote host replied.
func moxFailure(rcpt, status, errText, reply string) string {
	var notice, fields strings.Builder
	fmt.Fprintf(&notice, "\nDelivery has failed permanently for your email to:\n\n\t%s\n\n"+
		"No further deliveries will be attempted.\n\nError during the last delivery attempt:\n\n\t%s\n", rcpt, errText)
	if reply != "" {
		fmt.Fprintf(&notice, "\nFull SMTP response:\n\n\t%s\n", reply)
		fmt.Fprintf(&fields, "Remote-MTA: dns;mx.example.org\nDiagnostic-Code: smtp; %s\n", reply)
	}
	return "From: <postmaster@mail.example.net>\nTo: <sender@example.net>\n" +
		"Subject: mail delivery failed\nMessage-Id: <dsn1@mail.example.net>\n" +
		"Date: 04 Mar 2024 10:00:00 +0000\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=\"delivery-status\"; boundary=\"b0\"\n\n" +
		"--b0\nContent-Transfer-Encoding: 7BIT\nContent-Type: text/plain\n\n" + notice.String() +
		"\n--b0\nContent-Transfer-Encoding: 7BIT\nContent-Type: message/delivery-status\n\n" +
		"Reporting-MTA: dns; mail.example.net\nArrival-Date: 04 Mar 2024 09:00:00 +0000\n\n" +
		"Final-Recipient: rfc822;" + rcpt + "\nAction: failed\n" +
		"Status: " + status + " (" + errText + ")\n" + fields.String() +
		"Last-Attempt-Date: 04 Mar 2024 09:59:59 +0000\n\n" +
		"--b0\nContent-Transfer-Encoding: 7BIT\nContent-Type: text/rfc822-headers\n\n" +
		"From: <sender@example.net>\nTo: <" + rcpt + ">\nSubject: hello\n\n\n--b0--\n"
}

// TestMoxBounces: mox's failure for a recipient domain with a null MX
// (smtpclient/gather.go errNoMail, no SMTP reply, Status 5.0.0) is
// notaccept; a remote refusal keeps the reason of its reply.
func TestMoxBounces(t *testing.T) {
	cases := []struct {
		name, status, errText, reply string
		want                         classify.Reason
	}{
		{"null mx", "5.0.0", "domain does not accept email as indicated with single dot for mx record, permanent", "",
			classify.NotAccept},
		{"rcpt refused", "5.1.1",
			"permanent: 550 5.1.1 <user@example.org>: Recipient address rejected: User unknown in local recipient table",
			"550 5.1.1 <user@example.org>: Recipient address rejected: User unknown in local recipient table",
			classify.UserUnknown},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, moxFailure("user@example.org", tc.status, tc.errText, tc.reply))
			assertReason(t, got, "user@example.org", tc.want)
		})
	}
}
