package classify_test

import (
	"fmt"
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// directGatewayNotice writes a one-recipient failure notice as the Direct
// Project gateway does (DirectProject/nhin-d DSNGenerator.java,
// HumanReadableTextAssembler.java): the error message in an HTML part
// alone, a delivery-status part with Reporting-MTA mta, X-Original-
// Message-ID, and the recipient's Action, Final-Recipient and status, no
// Diagnostic-Code.
func directGatewayNotice(mta, status, errMsg, rcpt string) string {
	const b = "----=_Part_7_2210934.1764713002981"
	return fmt.Sprintf("From: postmaster@direct.example.org\nTo: records@direct.example.org\nSubject: Undeliverable: lab results\n"+
		"MIME-Version: 1.0\nContent-Type: multipart/report; \n\tboundary=%q; report-type=delivery-status\n\n"+
		"--%s\nContent-Type: text/html; charset=us-ascii\n\n<html>\n  <body>\n    <p>Medical Records,<br/></p>\n"+
		"    <p>\n      Failed recipient(s):\n      <ul>\n        <li>%s</li>\n      </ul>\n    </p>\n"+
		"    <p>\n      \n      <br />\n      %s\n    </p>\n  </body>\n</html>\n\n"+
		"--%s\nContent-Type: message/delivery-status; name=status.dat\n\n"+
		"Reporting-MTA: dns;%s\nX-Original-Message-ID: <9.8.JavaMail.james@direct.example.org>\n\n"+
		"Action: failed\nFinal-Recipient: rfc822;%s\nStatus: %s\n\n--%s--\n",
		b, b, rcpt, errMsg, b, mta, rcpt, status, b)
}

// TestDirectGatewayReasons: the gateway's default error messages decide
// over its catch-all statuses; an error message of the operator's own
// leaves the status to decide.
func TestDirectGatewayReasons(t *testing.T) {
	cases := []struct {
		name, mta, status, msg string
		want                   classify.Reason
	}{
		{"recipient not trusted", "Security Agent", "5.0.0",
			"The Direct address that you tried to reach is not trusted. Try double-checking the recipient's email address for typos or unnecessary spaces. Learn more by visiting our help.",
			classify.SecurityError},
		{"address not located", "Local Delivery Service", "5.4.0",
			"The Direct address that you tried to reach could not be located or does not exist. Try double-checking the recipient's email address for typos or unnecessary spaces. Learn more by visiting our help.",
			classify.UserUnknown},
		// Near misses: words of the operator's own, and the CONNECT
		// adapter's "is not responding" (another product's text), are not
		// the gateway's defaults; the status decides.
		{"operator's own message", "Local Delivery Service", "5.4.0", "Delivery to this HISP failed, please call the help desk.", classify.NetworkError},
		{"not responding", "Local Delivery Service", "5.4.0", "The Direct address that you tried to reach is not responding.", classify.NetworkError},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, directGatewayNotice(tc.mta, tc.status, tc.msg, "dr.ng@direct.example.net"))
			assertReason(t, got, "dr.ng@direct.example.net", tc.want)
		})
	}
}
