package dsn_test

import (
	"fmt"
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

func ExampleParse() {
	msg := `From: MAILER-DAEMON@mx.example.org
Subject: Undelivered Mail Returned to Sender
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; kijitora@example.net
Action: failed
Status: 5.2.2
Diagnostic-Code: smtp; 552 5.2.2 Mailbox full
--B--
`
	r, err := dsn.Parse(strings.NewReader(msg), lhost.Registry())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, rc := range r.Recipients {
		fmt.Println(r.Kind, rc.Recipient, rc.Action, rc.Status, rc.ReplyCode)
	}
	// Output:
	// delivery-report kijitora@example.net failed 5.2.2 552
}
