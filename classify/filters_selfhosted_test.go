package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestFiltersSelfhostedRefusals: the replies of the filters and policy services that
// self-hosted receivers plug into Postfix, Exim and Sendmail, as the
// sending MTA quotes them (filters_selfhosted.tsv and the older filter tables). rspamd's
// soft reject and greylisting reply, "451 4.7.1 Try again later"
// (src/libserver/milter_internal.h, src/plugins/lua/greylist.lua), names no
// failure: a delay notice quoting it is expired, not RFC 5321's "local
// error in processing" for 451.
func TestFiltersSelfhostedRefusals(t *testing.T) {
	cases := []factCase{
		{"rspamd soft reject, delayed", "4.7.1", "451 4.7.1 Try again later", dsn.CommandDATA, dsn.ActionDelayed, Expired, "fallback/delayed"},
		{"rspamd greylisting, given up", "4.7.1", "451 4.7.1 Try again later", dsn.CommandDATA, dsn.ActionFailed, Expired, "fallback/given-up"},
		{"rspamd reject", "5.7.1", "554 5.7.1 Spam message rejected", dsn.CommandDATA, dsn.ActionFailed, SpamDetected, ""},
		{"rspamd ratelimit", "4.7.1", `451 4.7.1 Ratelimit "to_ip_from" exceeded`, dsn.CommandRCPT, dsn.ActionDelayed, RateLimited, ""},
		{"postscreen dnsbl", "5.7.1", "550 5.7.1 Service unavailable; client [192.0.2.17] blocked using zen.spamhaus.org", dsn.CommandRCPT, dsn.ActionFailed, Blocked, ""},
		{"pypolicyd-spf fail", "5.7.23", "550 5.7.23 <a@example.org>: Recipient address rejected: Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=mfrom;id=b@example.net;ip=192.0.2.1;r=<UNKNOWN>", dsn.CommandRCPT, dsn.ActionFailed, AuthFailure, ""},
		{"policyd-weight", "5.7.1", "550 5.7.1 <a@example.org>: Recipient address rejected: Mail appeared to be SPAM or forged. Ask your Mail/DNS-Administrator to correct HELO and DNS MX settings or to get removed from DNSBLs", dsn.CommandRCPT, dsn.ActionFailed, Blocked, ""},
		{"amavis banned", "5.7.0", "554 5.7.0 Reject, id=13579-03 - BANNED: invoice.pdf.exe", dsn.CommandDATA, dsn.ActionFailed, PolicyViolation, ""},
		{"postfix unknown sender domain", "5.1.8", "550 5.1.8 <a@example.invalid>: Sender address rejected: Domain not found", dsn.CommandRCPT, dsn.ActionFailed, Rejected, ""},
	}
	runFactCases(t, cases)
}

// TestFiltersSelfhostedNearMisses: replies that end with the same words and name a
// reason keep it; the mask decides nothing.
func TestFiltersSelfhostedNearMisses(t *testing.T) {
	cases := []factCase{
		{"stalwart rate limit", "4.5.3", "452 4.5.3 Rate limit exceeded, try again later", dsn.CommandRCPT, dsn.ActionDelayed, RateLimited, ""},
		{"sendmail disk space", "4.4.5", "452 4.4.5 Insufficient disk space; try again later", dsn.CommandMAIL, dsn.ActionDelayed, SystemFull, ""},
		{"comcast recent messages", "4.1.1", "452 4.1.1 <a@example.net> too many recent messages; Try again later", dsn.CommandRCPT, dsn.ActionDelayed, RateLimited, ""},
		{"qpsmtpd load", "4.3.0", "451 Server load too high, please try again later", dsn.CommandRCPT, dsn.ActionDelayed, SystemError, ""},
	}
	runFactCases(t, cases)
}
