package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// quotaNotice writes a Postfix delivery-status notice (src/bounce templates:
// a human part and one delivery-status group) for one recipient whose last
// reply was diag, with the Status and Action the notice would carry.
func quotaNotice(action, status, diag string) string {
	return "From: MAILER-DAEMON@mx.example.com (Mail Delivery System)\nTo: sender@example.com\n" +
		"Subject: Undelivered Mail Returned to Sender\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"q14\"\n\n" +
		"--q14\nContent-Type: text/plain; charset=us-ascii\n\nThis is the mail system at host mx.example.com.\n\n" +
		"<rcpt@example.org>: host mx.example.org[192.0.2.8] said: " + diag + " (in reply to end of DATA command)\n\n" +
		"--q14\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\n" +
		"Final-Recipient: rfc822; rcpt@example.org\nAction: " + action + "\nStatus: " + status + "\n" +
		"Remote-MTA: dns; mx.example.org\nDiagnostic-Code: smtp; " + diag + "\n\n--q14--\n"
}

// TestRateLimitsTexts: the words decide where the enhanced code names another
// class (4.5.1 invalid command; 5.2.0 mailbox status) - rate_limits.tsv.
func TestRateLimitsTexts(t *testing.T) {
	cases := []struct {
		name, action, status, diag string
		want                       classify.Reason
	}{
		{"yandex receive rate", "delayed", "4.5.1",
			"451 4.5.1 The recipient <rcpt@example.org> has exceeded their message rate limit. Try again later. 1793870021-Qm7LpXw2Rc-KNrS4bTu",
			classify.RateLimited},
		{"outlook.com RefuseQuota", "failed", "5.2.0",
			"554 5.2.0 STOREDRV.Submission.Exception:OutboundSpamException; Failed to process message due to a permanent exception with message " +
				"WASCL UserAction verdict is not None. Actual verdict is RefuseQuota, ShowTierUpgrade. [Hostname=PAXP192MB1372.EURP192.PROD.OUTLOOK.COM]",
			classify.RateLimited},
		{"outlook.com RefuseQuota without tier", "failed", "5.2.0",
			"554 5.2.0 STOREDRV.Submission.Exception:OutboundSpamException; Failed to process message due to a permanent exception with message " +
				"[BeginDiagnosticData]WASCL UserAction verdict is not None. Actual verdict is RefuseQuota.[EndDiagnosticData]",
			classify.RateLimited},
		{"policyd quota through postfix", "delayed", "4.7.1",
			"450 4.7.1 <sender@example.com>: Sender address rejected: Deferring: Too many messages from sender in last 60",
			classify.RateLimited},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertReason(t, verdicts(t, quotaNotice(c.action, c.status, c.diag)), "rcpt@example.org", c.want)
		})
	}
	// Near misses: the same layouts whose words name no rate or quota.
	nearMisses := []struct{ name, action, status, diag string }{
		// An account suspended by Outlook.com's outbound filter is not a quota.
		{"outlook.com Suspend", "failed", "5.2.0",
			"554 5.2.0 STOREDRV.Submission.Exception:OutboundSpamException; Failed to process message due to a permanent exception with message " +
				"[BeginDiagnosticData]WASCL UserAction verdict is not None. Actual verdict is Suspend.[EndDiagnosticData]"},
		// A 4.5.1 syntax refusal stays a syntax error.
		{"syntax", "delayed", "4.5.1", "451 4.5.1 Syntax error in parameters"},
		// Postfix's own sender refusal without a policy's rate words.
		{"sender rejected", "failed", "5.1.8", "553 5.1.8 <sender@example.com>: Sender address rejected: Domain not found"},
		// A size refusal is not a rate limit.
		{"size, not rate", "failed", "5.3.4", "552 5.3.4 Message size exceeds fixed limit"},
	}
	for _, c := range nearMisses {
		t.Run("near miss "+c.name, func(t *testing.T) {
			v, ok := verdicts(t, quotaNotice(c.action, c.status, c.diag))["rcpt@example.org"]
			if ok && v.Reason == classify.RateLimited {
				t.Errorf("%q: got %s (rule %s), want no rate limit", c.diag, v.Reason, v.Rule)
			}
		})
	}
}
