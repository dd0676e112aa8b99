package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestHostingStacksPanelTexts: texts of the hosting control panels' Exim ACLs and
// of iRedMail's policy server (hosting_stacks.tsv), with near misses that keep
// their own reasons.
func TestHostingStacksPanelTexts(t *testing.T) {
	for _, tc := range []struct {
		name, status, diag string
		want               Reason
	}{
		// cPanel's RBL ACL: a block-list refusal of the client (KumoMTA's SpamBlock).
		{"cpanel junkmail ptr", "5.0.0", `550 "JunkMail rejected - (mail.shop.example) [192.0.2.7]:43211 is in an RBL: Reverse DNS (PTR) missing - RFC1912 section 2.1"`, Blocked},
		{"cpanel junkmail spamhaus", "", `550 "JunkMail rejected - (mail.shop.example) [192.0.2.7]:51772 is in an RBL (zen.spamhaus.org), see https://check.spamhaus.org/listed/?searchterm=192.0.2.7"`, Blocked},
		// HestiaCP's sending limits and HELO check.
		{"hestia website limit", "5.0.0", "550 Website of user admin is sending too many emails - rate overlimit = 201.0 / 1h", RateLimited},
		{"hestia account limit", "5.0.0", "550 Email account info@shop.example is sending too many emails - rate overlimit = 120.0 / 1h", RateLimited},
		{"hestia helo ip", "5.0.0", "550 Helo name contains an IP address (HELO was 192-0-2-7.dsl.example) and not is valid", Blocked},
		// iRedAPD's forged-sender refusal, as Postfix's recipient-restriction reply.
		{"iredapd smtp auth", "5.7.1", "554 5.7.1 <bob@host.example>: Recipient address rejected: SMTP AUTH is required for users under this sender domain", SecurityError},
		// Near misses: spam-content texts stay spamdetected; a junk-mail
		// threshold is content; a rate limit in other words stays ratelimited;
		// a HELO text without the IP wording is not ours.
		{"rspamd spam message rejected", "5.7.1", "554 5.7.1 Spam message rejected", SpamDetected},
		{"junk mail threshold", "5.7.1", "554 spam or junk mail threshold exceeded (#5.7.1)", SpamDetected},
		{"cpanel hourly", "5.0.0", "550 Domain shop.example has exceeded the max emails per hour (226/150 (150%)) allowed.  Message discarded.", RateLimited},
		{"iredapd bad reputation", "5.7.1", "554 5.7.1 <bob@host.example>: Recipient address rejected: Server IP address has bad reputation. FYI: https://www.senderscore.org/lookup.php?lookup=192.0.2.7", BadReputation},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fact("mx.host.example", "bob@host.example", tc.status, tc.diag)
			f.Recipients[0].Command = "RCPT"
			v := classifyOne(t, f)
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
