package classify_test

import (
	"fmt"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

func ExampleClassify() {
	msg := []byte(`From: MAILER-DAEMON@mx.example.org
Subject: Undelivered Mail Returned to Sender
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; kijitora@example.net
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <kijitora@example.net>: too many recipients
--B--
`)
	r, err := dsn.ParseBytes(msg, lhost.Registry())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range classify.Classify(r) {
		fmt.Println(v.Reason, v.Rule, v.Status, v.HardBounce)
	}
	// Output:
	// ratelimited text/ratelimited/too many recipients 5.1.1 false
}
