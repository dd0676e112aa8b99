package classify_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
)

// gromoxBounce writes a bounce as gromox's English templates do
// (grommunio/gromox data/local_bounce/ascii and data/mail_bounce/ascii):
// the Subject and the sentence of the template, then the original's
// information block, which names the original's sender and every
// recipient.
func gromoxBounce(subject, sentence string) string {
	return fmt.Sprintf("Content-Type: text/plain; charset=utf-8\n"+
		"Subject: %s\n"+
		"From: \"Mail Daemon\"<postmaster@mail.example.org>\n"+
		"To: sender@example.net\n"+
		"Date: Mon, 4 Mar 2024 10:00:05 +0000\n\n"+
		"Hi,\n%s\n\n"+
		"Below is the original mail information:\n"+
		"   Time:    Mon, 4 Mar 2024 10:00:00 +0000\n"+
		"   From:    sender@example.net\n"+
		"   To:      user@example.org, other@example.org\n"+
		"   Subject: Quarterly report\n"+
		"   Parts:   1\n"+
		"   Length:  1234\n", subject, sentence)
}

// TestGromoxBounces: gromox's English bounces are read as bounces of the
// failed address alone (not the original's other recipients in its
// information block), and each template names its reason.
func TestGromoxBounces(t *testing.T) {
	cases := []struct {
		name, subject, sentence string
		want                    classify.Reason
	}{
		{"no such user", "Delivery failure, user doesn't exist!",
			"  I am sorry to tell you that that the address \"user@example.org\" does not\nexist. Please check whether the addess is rigthly composed and try it\nagain.",
			classify.UserUnknown},
		{"mailbox full", "Delivery failure, user's mailbox is full",
			"  I am sorry to tell you that user@example.org's mailbox is full, we cannot\ndeliver any message into this mailbox, please try it later.",
			classify.MailboxFull},
		{"system error", "Delivery failure, mail system error!",
			"  I am sorry to tell you that some error occurs in our mail system,\nyour message to \"user@example.org\" cannot be delivered, please contact our mail\nsystem administrator to settle this problem.",
			classify.SystemError},
		{"too large", "Delivery failure, mail too large",
			"  Your message to \"user@example.org\" cannot be delivered properly because it's too large!",
			classify.EmailTooLarge},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, gromoxBounce(tc.subject, tc.sentence))
			assertReason(t, got, "user@example.org", tc.want)
			assert.NotContains(t, got, "other@example.org")
			assert.NotContains(t, got, "sender@example.net")
		})
	}
}
