package classify_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
)

// harakaBounce writes a bounce as Haraka's outbound does
// (haraka/Haraka:outbound/hmail.js, populate_bounce_message_with_headers):
// a multipart/report whose text part is config/outbound.bounce_message
// filled in (empty when the config directory has no such file, as
// "haraka -i" leaves it: then the bounce has no From, To or Subject
// either), a delivery-status part with one group per recipient, and the
// original's headers. status is the Status field as Haraka writes it,
// diag the Diagnostic-Code ("" when the failure had no SMTP reply).
func harakaBounce(template bool, reason, status, diag string) string {
	var b strings.Builder
	b.WriteString("Received: (Haraka outbound); Mon, 4 Mar 2024 10:20:00 +0000\n")
	if template {
		b.WriteString("Date: Mon, 4 Mar 2024 10:20:00 +0000\n" +
			"From: MAILER-DAEMON@mx.example.net\n" +
			"To: <sender@example.net>\n" +
			"Auto-Submitted: auto-replied\n" +
			"Subject: failure notice\n")
	}
	b.WriteString("Message-Id: <B1@mx.example.net>\n" +
		"Content-Type: multipart/report; report-type=delivery-status;\n    boundary=\"bnd\"\n\n" +
		"This is a MIME-encapsulated message.\n\n" +
		"--bnd\nContent-Type: text/plain; charset=us-ascii\n\n")
	if template {
		fmt.Fprintf(&b, "Hi. This is the Haraka Mailer program at mx.example.net.\n"+
			"I'm afraid I wasn't able to deliver your message\n    \"Quarterly report\"\n"+
			"to the following addresses.\n"+
			"This is a permanent error; I've given up. Sorry it didn't work out.\n\n"+
			"Intended Recipients: <user@example.org>\n"+
			"Failure Reason: Error: %s\n\n", reason)
	}
	b.WriteString("\n--bnd\nContent-type: message/delivery-status\n\n" +
		"Reporting-MTA: dns;mx.example.net\n" +
		"Arrival-Date: Mon, 4 Mar 2024 10:00:00 +0000\n\n" +
		"Final-Recipient: rfc822;user@example.org\n" +
		"Action: failed\n" +
		"Status: " + status + "\n")
	if diag != "" {
		b.WriteString("Remote-MTA: 192.0.2.25\nDiagnostic-Code: smtp;" + diag + " \n")
	}
	b.WriteString("\n--bnd\nContent-Description: Undelivered Message Headers\n" +
		"Content-Type: text/rfc822-headers\n\n" +
		"From: sender@example.net\nTo: user@example.org\nSubject: Quarterly report\n\n" +
		"--bnd--\n")
	return b.String()
}

// TestHarakaOutboundBounces: Haraka's bounce after its retries ran out on
// hosts that never took the connection says Status 5.1.2 with "Tried all
// MXs <domain>"; the host exists and the queue time ran out, so it is
// expired, with or without the bounce template. A domain without MX keeps
// the 5.1.2 hostunknown that Haraka means by it.
func TestHarakaOutboundBounces(t *testing.T) {
	cases := []struct {
		name     string
		template bool
		reason   string
		status   string
		diag     string
		want     classify.Reason
	}{
		{"retries ran out", true, "Too many failures (Tried all MXs)",
			"5.1.2 (550 Tried all MXs example.org)", "", classify.Expired},
		{"retries ran out, no template", false, "",
			"5.1.2 (550 Tried all MXs example.org)", "", classify.Expired},
		{"no MX", true, "No MX for example.org",
			"5.1.2 (550 No MX for example.org)", "", classify.HostUnknown},
		{"refused at RCPT", true, "Some recipients failed: <user@example.org>",
			"5.1.1", "550 5.1.1 <user@example.org>: Recipient address rejected: User unknown", classify.UserUnknown},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, harakaBounce(tc.template, tc.reason, tc.status, tc.diag))
			assertReason(t, got, "user@example.org", tc.want)
			assert.NotContains(t, got, "sender@example.net")
		})
	}
}
