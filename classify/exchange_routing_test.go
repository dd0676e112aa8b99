package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// exchangeRoutingNDR writes an Exchange Server 2013+ / Exchange Online NDR
// ("Delivery has failed to these recipients or groups", "Diagnostic
// information for administrators", "Remote Server returned '...'") with a
// delivery-status part for one recipient whose Diagnostic-code is diag.
func exchangeRoutingNDR(status, diag string) string {
	return "From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@example.com>\nTo: <sender@example.com>\n" +
		"Subject: Undeliverable: report\nAuto-Submitted: auto-replied\nX-MS-Exchange-Message-Is-Ndr: \nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"x19\"\n\n" +
		"--x19\nContent-Type: text/plain; charset=\"us-ascii\"\n\nDelivery has failed to these recipients or groups:\n\n" +
		"rcpt@example.org (rcpt@example.org)\nThe server has tried to deliver this message, without success, and has stopped trying.\n\n" +
		"Diagnostic information for administrators:\n\nGenerating server: EX01.corp.example.com\n\n" +
		"rcpt@example.org\nRemote Server returned '" + diag + "'\n\n" +
		"--x19\nContent-Type: message/delivery-status\n\nReporting-MTA: dns;EX01.corp.example.com\n\n" +
		"Final-recipient: RFC822;rcpt@example.org\nAction: failed\nStatus: " + status + "\n" +
		"Diagnostic-code: smtp;" + diag + "\nX-Display-Name: rcpt@example.org\n\n--x19--\n"
}

// TestExchangeRoutingMessageExpiredRefused: Microsoft's "Message expired,
// connection refused" is the queue giving up after refused connections;
// go-sisimai (rhost/for-microsoft.go) and p5-sisimai (Expired.pm) read the
// whole phrase as expired - exchange_routing.tsv.
func TestExchangeRoutingMessageExpiredRefused(t *testing.T) {
	cases := []struct {
		name, status, diag string
		want               classify.Reason
	}{
		{"5.4.316 socket error", "5.4.316", "550 5.4.316 Message expired, connection refused(Socket error code 10061)", classify.Expired},
		{"5.4.316 spaced", "5.4.316", "550 5.4.316 Message expired, connection refused (Socket error code 10061)", classify.Expired},
		{"cannot connect", "5.4.300", "550 5.4.300 Message expired, cannot connect to remote server", classify.Expired},
		// Near misses: a refused connection that is not an expiry stays a network error.
		{"4.4.316 connection refused", "4.4.316", "450 4.4.316 Connection refused [Message=Socket error code 10061]", classify.NetworkError},
		{"postfix refused", "5.4.1", "connect to mx.example.org[192.0.2.1]:25: Connection refused", classify.NetworkError},
		// A different cause after "message expired" keeps its own reason.
		{"expired with mailbox full", "5.2.2", "550 5.2.2 Message expired, mailbox full", classify.MailboxFull},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertReason(t, verdicts(t, exchangeRoutingNDR(c.status, c.diag)), "rcpt@example.org", c.want)
		})
	}
}
