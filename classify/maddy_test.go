package classify_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
)

// maddyBounce writes a failed DSN as maddy's queue does
// (foxcpp/maddy:internal/dsn/dsn.go, GenerateDSN and failedText): the
// notification with one "Delivery to ... failed with error: ..." line per
// recipient, then the delivery-status fields in maddy's order. maddy's
// queue writes the reply code it got but loses the remote's enhanced code
// (Status X.0.0) and names no command.
func maddyBounce(code int, status, msg string) string {
	return fmt.Sprintf("Subject: Undelivered Mail Returned to Sender\n"+
		"From: MAILER-DAEMON@mx.example.net\n"+
		"To: sender@example.net\n"+
		"Auto-Submitted: auto-replied\n"+
		"Mime-Version: 1.0\n"+
		"Content-Type: multipart/report; report-type=delivery-status; boundary=bnd\n"+
		"Message-Id: <d1@mx.example.net>\n\n"+
		"--bnd\nContent-Description: Notification\nContent-Type: text/plain; charset=\"utf-8\"\n\n\n"+
		"This is the mail delivery system at mx.example.net.\n\n"+
		"Unfortunately, your message could not be delivered to one or more\n"+
		"recipients. The usual cause of this problem is invalid\n"+
		"recipient address or maintenance at the recipient side.\n\n"+
		"Message ID: 5e6ccf1a\n\n"+
		"Delivery to user@example.org failed with error: SMTP error %d: %s\n\n"+
		"--bnd\nContent-Description: Delivery report\nContent-Type: message/delivery-status\n\n"+
		"Arrival-Date: Mon, 4 Mar 2024 10:00:00 +0000\n"+
		"Reporting-Mta: dns; mx.example.net\n\n"+
		"Diagnostic-Code: smtp; %d %s %s\n"+
		"Status: %s\n"+
		"Action: failed\n"+
		"Final-Recipient: rfc822; user@example.org\n\n"+
		"--bnd\nContent-Type: message/rfc822-headers\nContent-Description: Undelivered message header\n\n"+
		"From: sender@example.net\nTo: user@example.org\nSubject: Quarterly report\n\n"+
		"--bnd--\n", code, msg, code, status, msg, status)
}

// TestMaddyBounces: maddy's own "Network I/O error" (a connection that
// failed on every try) is a network error, not the system error that the
// looser "I/O error" says; the remote's words keep deciding otherwise.
func TestMaddyBounces(t *testing.T) {
	cases := []struct {
		name   string
		code   int
		status string
		msg    string
		want   classify.Reason
	}{
		{"connection failed", 450, "4.0.0", "Network I/O error", classify.NetworkError},
		{"mailbox full, retried", 452, "4.0.0", "<user@example.org>: Recipient address rejected: Mailbox full", classify.MailboxFull},
		{"relay refused", 554, "5.0.0", "<user@example.org>: Relay access denied", classify.NoRelaying},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, maddyBounce(tc.code, tc.status, tc.msg))
			if v, ok := assertReason(t, got, "user@example.org", tc.want); ok {
				assert.False(t, v.HardBounce, "rule %s", v.Rule)
			}
			assert.NotContains(t, got, "sender@example.net")
		})
	}
}
