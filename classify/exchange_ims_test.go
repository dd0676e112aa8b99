package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// imsNotice is Exchange 5.5's Internet Mail Service text NDR (Microsoft KB
// 251152's layout, the MSEXCH code line as KB 246881 shows it) for one
// recipient with the given MSEXCH line.
func imsNotice(rcpt, msexch string) string {
	return `From: System Administrator <postmaster@example.com>
To: sender@example.net
Subject: Undeliverable: Spring concert
X-Mailer: Internet Mail Service (5.5.2653.19)
Content-Type: text/plain

Your message

      To:      ` + rcpt + `
      Subject: Spring concert
      Sent:    Fri, 14 Mar 2003 18:20:05 -0000

did not reach the following recipient(s):

` + rcpt + ` on Fri, 14 Mar 2003 18:21:40 -0000
    ` + msexch + `
`
}

// TestExchangeIMSCodes: the MSEXCH code 00010256 with its words "Too many
// recipients." is a systemerror in Sisimai's Exchange2003 code table
// (exchange_ims.tsv); the same words without the code, or the code's words
// in another MTA's report, keep their general reading (a recipient limit).
func TestExchangeIMSCodes(t *testing.T) {
	cases := []messageCase{
		{"IMS 00010256", imsNotice("members@example.com",
			"MSEXCH:IMS:Example:Main:EX1 0 (00010256) Too many recipients."),
			map[string]classify.Reason{"members@example.com": classify.SystemError}},
		{"IMS 000C05A6 still unknown recipient", imsNotice("ann@example.com",
			"MSEXCH:IMS:Example:Main:EX1 0 (000C05A6) Unknown Recipient"),
			map[string]classify.Reason{"ann@example.com": classify.UserUnknown}},
		// Near misses: the words without the IMS code.
		{"IMS words without the code", imsNotice("list@example.com",
			"452 4.5.3 Error: too many recipients"),
			map[string]classify.Reason{"list@example.com": classify.RateLimited}},
		{"Postfix quoting too many recipients", `From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
To: sender@example.net
Subject: Undelivered Mail Returned to Sender
Content-Type: text/plain

This is the mail system at host mx.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

                   The mail system

<bob@example.org>: host mx.example.org[192.0.2.7] said: 452 4.5.3 Error:
    too many recipients (in reply to RCPT TO command)
`, map[string]classify.Reason{"bob@example.org": classify.RateLimited}},
	}
	runMessageCases(t, cases)
}
