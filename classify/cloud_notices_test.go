package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// zohoNotice writes Zoho Mail's notice (sisimai/p5-sisimai
// lib/Sisimai/Lhost/Zoho.pm): "ADDR Invalid Address, ERROR_CODE :<code>,
// ERROR_CODE :<reply>" per recipient, then the returned header.
func zohoNotice(rcpt, code, reply string) string {
	return "From: mailer-daemon@zoho.com\nTo: ann@example.com\nSubject: Undelivered Mail Returned to Sender\n" +
		"MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nX-ZohoMail: Si CHF_MF_NL SS_10 UW48 UB48\nX-Mailer: Zoho Mail\n\n" +
		"This message was created automatically by mail delivery software.\n" +
		"A message that you sent could not be delivered to one or more of its recipients. This is a permanent error.\n\n" +
		rcpt + " Invalid Address, ERROR_CODE :" + code + ", ERROR_CODE :" + reply + "\n\n" +
		"Received: from mail.zoho.com by mx.zohomail.com\n\twith SMTP id 1700000000000.100; Thu, 12 Nov 2026 15:33:13 +0000\n" +
		"From: ann@example.com\nTo: " + rcpt + "\nSubject: hello\n\nhi\n"
}

// workMailNotice writes Amazon WorkMail's notice (dsn/lhost
// provider_amazon.go): the remote reply in its "Technical report:", no
// Remote-MTA, so no provider is known.
func workMailNotice(rcpt, status, reply string) string {
	return "From: MAILER-DAEMON@us-west-2.amazonses.com\nTo: ann@example.com\nSubject: Delivery Status Notification (Failure)\n" +
		"MIME-Version: 1.0\nX-Mailer: Amazon WorkMail\nX-Original-Mailer: Amazon WorkMail\nContent-Type: text/plain; charset=UTF-8\n\n" +
		"An error occurred while trying to deliver the mail to the following recipients:\n" + rcpt + "\n\nTechnical report:\n\n" +
		"Reporting-MTA: dsn; a27-85.smtp-out.us-west-2.amazonses.com\n\nAction: failed\nFinal-Recipient: rfc822; " + rcpt + "\n" +
		"Diagnostic-Code: smtp; " + reply + "\nStatus: " + status + "\n"
}

// TestCloudNoticesZohoReplies: Zoho's own verdicts quoted where no Zoho
// host is named (Sisimai's Zoho table), and Zoho's fixed "Invalid Address"
// label deciding nothing; near misses keep their readings.
func TestCloudNoticesZohoReplies(t *testing.T) {
	cases := []struct {
		name, msg string
		want      classify.Reason
	}{
		{"workmail: zoho virus", workMailNotice("a@example.org", "5.7.1", "552 5.7.1 virus Win.Test.EICAR_HDB-1 detected by Zoho Mail"), classify.VirusDetected},
		{"workmail: zoho destination domain", workMailNotice("a@example.org", "5.4.1", "541 5.4.1 Mail rejected by destination domain"), classify.Rejected},
		{"zoho notice: virus under Invalid Address", zohoNotice("a@example.org", "552", "5.7.1 virus Win.Test.EICAR_HDB-1 detected by Zoho Mail"), classify.VirusDetected},
		{"zoho notice: mailbox full under Invalid Address", zohoNotice("a@example.org", "550", "5.2.2 <a@example.org>... Mailbox Full"), classify.MailboxFull},
		{"zoho notice: user unknown under Invalid Address", zohoNotice("a@example.org", "550", "5.1.1 <a@example.org>... User Unknown"), classify.UserUnknown},
		// Near misses: "Invalid address" outside Zoho's label still reads
		// as the address refused; X.4.1 with other words stays what it
		// was; "virus" without Zoho's words is not this row's.
		{"another MTA's invalid address", workMailNotice("a@example.org", "5.1.1", "550 5.1.1 <a@example.org>: Invalid address"), classify.UserUnknown},
		{"5.4.1 without the words", workMailNotice("a@example.org", "5.4.1", "541 5.4.1 No answer from host"), classify.NetworkError},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertReason(t, verdicts(t, tc.msg), "a@example.org", tc.want)
		})
	}
}
