package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// TestYandexRepliesTexts: replies Yandex's help pages list (yandex_replies.tsv) decide the
// reason when a server other than Yandex's sends them, where the provider
// table (yandex) does not apply and the reply code alone would say little.
func TestYandexRepliesTexts(t *testing.T) {
	cases := []struct {
		name, status, diag string
		want               classify.Reason
	}{
		{"suspicion of spam, not Yandex", "5.0.0", "550 Message rejected under suspicion of SPAM", classify.SpamDetected},
		{"gmail 69585", "5.7.1", "550 5.7.1 Message rejected. See http://mail.google.com/support/bin/answer.py?answer=69585 for more information.", classify.SpamDetected},
		{"mailbox size exceeded", "5.0.0", "550 Mailbox size exceeded", classify.MailboxFull},
		{"virus", "5.0.0", "554 Message infected by virus", classify.VirusDetected},
		{"forpsi dmarc", "5.0.0", "552 cmg1.fe.forpsi.com bizsmtp 0kRa3b0011xyTq01 DMARC validation failed", classify.AuthFailure},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertReason(t, verdicts(t, quotaNotice("failed", c.status, c.diag)), "rcpt@example.org", c.want)
		})
	}
	// Near misses: neighbouring words that must not read as these reasons.
	nearMisses := []struct {
		name, status, diag string
		not                classify.Reason
	}{
		{"rejected, no spam", "5.0.0", "550 Message rejected", classify.SpamDetected},
		{"other gmail answer", "5.7.1", "550 5.7.1 Message rejected. See http://mail.google.com/support/bin/answer.py?answer=10336 for more information.", classify.SpamDetected},
		{"message size exceeded", "5.3.4", "552 5.3.4 Message size exceeds fixed limit", classify.MailboxFull},
		{"virus scanner down", "4.3.0", "451 4.3.0 Virus scanner unavailable, try again later", classify.VirusDetected},
		{"dmarc record lookup", "4.4.3", "451 4.4.3 DMARC record lookup failed, try again later", classify.AuthFailure},
	}
	for _, c := range nearMisses {
		t.Run("near miss "+c.name, func(t *testing.T) {
			v, ok := verdicts(t, quotaNotice("failed", c.status, c.diag))["rcpt@example.org"]
			if ok && v.Reason == c.not {
				t.Errorf("%q: got %s (rule %s), want not %s", c.diag, v.Reason, v.Rule, c.not)
			}
		})
	}
}
