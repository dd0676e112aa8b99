package classify_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
)

// chasquidDSN writes a failed DSN as chasquid's queue does
// (albertito/chasquid:internal/queue/dsn.go, as its tests expect it in
// internal/queue/dsn_test.go and test/t-05-null_address/expected_dsr): a
// notice listing the addresses the sender used, one "Technical details"
// entry per routed recipient with its type (EMAIL or PIPE), then a
// message/global-delivery-status part whose Final-Recipient is the routed
// address (an alias target or the pipe's command) and whose
// Original-Recipient is the address the sender used.
func chasquidDSN(routed, kind, errText string) string {
	return fmt.Sprintf("From: Mail Delivery System <postmaster-dsn@mx.example.net>\n"+
		"To: <sender@example.net>\n"+
		"Subject: Mail delivery failed: returning message to sender\n"+
		"Message-ID: <chasquid-dsn-0123456789a@mx.example.net>\n"+
		"Date: Mon, 4 Mar 2024 10:00:00 +0000\n"+
		"X-Failed-Recipients: user@example.net, \n"+
		"Auto-Submitted: auto-replied\n"+
		"MIME-Version: 1.0\n"+
		"Content-Type: multipart/report; report-type=delivery-status;\n    boundary=\"0123456789a\"\n\n\n"+
		"--0123456789a\nContent-Type: text/plain; charset=\"utf-8\"\nContent-Disposition: inline\n"+
		"Content-Description: Notification\nContent-Transfer-Encoding: 8bit\n\n"+
		"Delivery of your message to the following recipient(s) failed permanently:\n\n"+
		"  - user@example.net\n\n\nTechnical details:\n"+
		"- %q (%s) failed permanently with error:\n    %s\n\n\n"+
		"--0123456789a\nContent-Type: message/global-delivery-status\nContent-Description: Delivery Report\n"+
		"Content-Transfer-Encoding: 8bit\n\n"+
		"Reporting-MTA: dns; mx.example.net\n\n"+
		"Original-Recipient: utf-8; user@example.net\n"+
		"Final-Recipient: utf-8; %s\n"+
		"Action: failed\nStatus: 5.0.0\n"+
		"Diagnostic-Code: smtp; %s\n\n\n\n"+
		"--0123456789a\nContent-Type: message/rfc822\nContent-Description: Undelivered Message\n"+
		"Content-Transfer-Encoding: 8bit\n\n"+
		"Message-ID: <m1@example.net>\nFrom: sender@example.net\nSubject: hello\n\nhi\n\n\n"+
		"--0123456789a--\n", routed, kind, errText, routed, errText)
}

// TestChasquidDSNs: a delivery program's failure as chasquid reports it
// (a pipe alias's exit status, its MDA courier's wrapper) is a mailer
// error, for the address the sender used; a remote host's refusal relayed
// the same way keeps its own reason.
func TestChasquidDSNs(t *testing.T) {
	cases := []struct {
		name    string
		routed  string
		kind    string
		errText string
		rcpt    string // the fact's recipient
		want    classify.Reason
	}{
		// The pipe's command is no address: the fact is the sender's.
		{"pipe alias", "false", "PIPE", "exit status 1", "user@example.net", classify.MailerError},
		{"mda", "user@example.net", "EMAIL",
			`MDA delivery failed: exit status 1 - ""`,
			"user@example.net", classify.MailerError},
		{"remote refusal", "user@example.org", "EMAIL",
			"550 5.1.1 <user@example.org>: Recipient address rejected: User unknown in local recipient table",
			"user@example.org", classify.UserUnknown},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, chasquidDSN(tc.routed, tc.kind, tc.errText))
			assert.Len(t, got, 1)
			assertReason(t, got, tc.rcpt, tc.want)
		})
	}
}
