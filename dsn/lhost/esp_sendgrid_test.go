package lhost

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// sendGridRcpt is one recipient of a test notice: its text-part line (the
// reply folded onto an indented line, as Sisimai's decoder quotes it, or
// on the same line), and its delivery-status fields.
type sendGridRcpt struct {
	addr, reply, suffix, action, status string
	folded                              bool
}

// sendGridNotice writes a notice in SendGrid's layout (sisimai/p5-sisimai
// lib/Sisimai/Lhost/SendGrid.pm), with the given Return-Path.
func sendGridNotice(returnPath string, rcpts []sendGridRcpt) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Return-Path: <%s>\nFrom: MAILER-DAEMON\nTo: app@example.com\nSubject: Undelivered Mail Returned to Sender\n"+
		"MIME-Version: 1.0\nContent-Type: multipart/report; boundary=\"----------=_1351676802-30315-116783\"; report-type=delivery-status\n"+
		"X-Mailer: MIME-tools 5.502 (Entity 5.502)\n\nThis is a multi-part message in MIME format...\n\n"+
		"------------=_1351676802-30315-116783\nContent-Type: text/plain; charset=\"utf-8\"\n\n"+
		"This is an automatically generated message from SendGrid.\n\n"+
		"I'm sorry to have to tell you that your message was not able to be\ndelivered to one of its intended recipients.\n\n"+
		"If you require assistance with this, please contact SendGrid support.\n\n", returnPath)
	for _, r := range rcpts {
		sep := " "
		if r.folded {
			sep = "\n  "
		}
		fmt.Fprintf(&b, "app:000000:<%s> : 192.0.2.250 : mx.example.org:[192.0.2.153] :%s%s  %s\n\n", r.addr, sep, r.reply, r.suffix)
	}
	b.WriteString("------------=_1351676802-30315-116783\nContent-Type: message/delivery-status\n\n" +
		"X-SendGrid-QueueID: 959479146\nX-SendGrid-Sender: <bounces+61689-10be-app=example.com@sendgrid.info>\nArrival-Date: 2026-11-20 05-50-12\n")
	for _, r := range rcpts {
		fmt.Fprintf(&b, "\nFinal-Recipient: rfc822; %s\nAction: %s\n", r.addr, r.action)
		if r.status != "" {
			fmt.Fprintf(&b, "Status: %s\n", r.status)
		}
		fmt.Fprintf(&b, "Diagnostic-Code: smtp; %s\n", r.reply)
	}
	b.WriteString("\n------------=_1351676802-30315-116783--\n")
	return b.String()
}

// TestSendGridNotice: the command of the text part's "in RCPT TO" (same
// line or folded), and SendGrid's Action "expired" turned into X.4.7
// where the Status says no more than X.0.0; near misses keep what the
// delivery-status part says.
func TestSendGridNotice(t *testing.T) {
	cases := []struct {
		name     string
		msg      string
		decoder  dsn.DecoderName
		commands []string
		statuses []string
	}{
		{"RCPT on the same line",
			sendGridNotice("apps@sendgrid.net", []sendGridRcpt{{"a@example.org", "550 5.1.1 <a@example.org>... User Unknown", "in RCPT TO", "failed", "5.1.1", false}}),
			SendGrid, []string{dsn.CommandRCPT}, []string{"5.1.1"}},
		{"folded, MAIL and end of DATA",
			sendGridNotice("apps@sendgrid.net", []sendGridRcpt{
				{"b@example.org", "553 sender rejected", "in MAIL FROM", "failed", "5.0.0", true},
				{"c@example.org", "552 5.7.1 virus found", "in End of DATA", "failed", "5.7.1", true}}),
			SendGrid, []string{dsn.CommandMAIL, dsn.CommandDATA}, []string{"5.0.0", "5.7.1"}},
		{"expired with 4.0.0 and without a Status",
			sendGridNotice("apps@sendgrid.net", []sendGridRcpt{
				{"d@example.org", "421 Message from (192.0.2.9) temporarily deferred", "in RCPT TO", "expired", "4.0.0", false},
				{"e@example.org", "450 too frequent connects from 192.0.2.9, please try again later.", "in RCPT TO", "expired", "", false}}),
			SendGrid, []string{dsn.CommandRCPT, dsn.CommandRCPT}, []string{"4.4.7", "4.4.7"}},
		// Near misses: an expired recipient whose Status names the
		// failure keeps it; a failed one with X.0.0 is not expired;
		// "in" followed by the reply's own words is no command.
		{"expired with a specific status",
			sendGridNotice("apps@sendgrid.net", []sendGridRcpt{{"f@example.org", "452 4.2.2 mailbox full", "in RCPT TO", "expired", "4.2.2", false}}),
			SendGrid, []string{dsn.CommandRCPT}, []string{"4.2.2"}},
		{"failed 5.0.0 stays",
			sendGridNotice("apps@sendgrid.net", []sendGridRcpt{{"g@example.org", "554 rejected", "in RCPT TO", "failed", "5.0.0", false}}),
			SendGrid, []string{dsn.CommandRCPT}, []string{"5.0.0"}},
		{"reply ending in lower-case words",
			sendGridNotice("apps@sendgrid.net", []sendGridRcpt{{"h@example.org", "451 temporary failure", "in data centre", "failed", "4.0.0", false}}),
			SendGrid, []string{""}, []string{"4.0.0"}},
		// At the milter no Return-Path is written yet: the Received
		// field of SendGrid's host says who sent it.
		{"no Return-Path, received from SendGrid",
			strings.Replace(sendGridNotice("x", []sendGridRcpt{{"j@example.org", "550 5.1.1 <j@example.org>... User Unknown", "in RCPT TO", "failed", "5.1.1", false}}),
				"Return-Path: <x>\n", "Received: from o1.ptr1234.sendgrid.net (o1.ptr1234.sendgrid.net [192.0.2.40])\n\tby mx.example.com; Fri, 20 Nov 2026 05:50:13 +0000\n", 1),
			SendGrid, []string{dsn.CommandRCPT}, []string{"5.1.1"}},
		{"another Return-Path: not SendGrid's notice",
			sendGridNotice("bounces@mailer.example.com", []sendGridRcpt{{"i@example.org", "550 5.1.1 unknown", "in RCPT TO", "expired", "5.0.0", false}}),
			"", nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(tc.msg), Registry())
			require.NoError(t, err)
			require.NotNil(t, r)
			if tc.decoder == "" {
				assert.NotEqual(t, string(SendGrid), r.Decoder)
				return
			}
			assert.Equal(t, string(tc.decoder), r.Decoder)
			require.Len(t, r.Recipients, len(tc.commands))
			for i := range tc.commands {
				assert.Equal(t, tc.commands[i], r.Recipients[i].Command, "recipient %d", i)
				assert.Equal(t, tc.statuses[i], r.Recipients[i].Status.String(), "recipient %d", i)
			}
		})
	}
}
