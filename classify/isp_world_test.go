package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestISPWorldTexts: regional providers' and gateways' replies
// (classify/texts/isp_world.tsv) read as their operators explain them;
// near misses keep their own reasons.
func TestISPWorldTexts(t *testing.T) {
	runFactCases(t, []factCase{
		// tk-open-systems.com/unblockme (tango.tkos.co.il).
		{name: "tkos no reverse lookup", status: "5.7.1", diag: "550 5.7.1 Rejected IP with no reverse lookup. See explanation at http://tk-open-systems.com/unblockme/index.php", action: dsn.ActionFailed, want: RequirePTR},
		{name: "tkos pool address", status: "5.7.1", diag: "550 5.7.1 Rejected pool address. See explanation at http://tk-open-systems.com/unblockme/index.php", action: dsn.ActionFailed, want: Blocked},
		// SingNet's outbound gateway.
		{name: "singnet potential spam", status: "5.0.0", diag: "554 Your email has been identified by SingNet as a potential spam. Your email was not sent.", action: dsn.ActionFailed, want: SpamDetected},
		// url.com.tw help page.
		{name: "sb0102 spam", status: "5.0.0", diag: "550 Error: SB0102 - Rejected: SPAM", action: dsn.ActionFailed, want: SpamDetected},
		// newpages.com.my help page.
		{name: "mailbox limit appending", status: "5.0.0", diag: "Mailbox limit exceeded while appending message", action: dsn.ActionFailed, want: MailboxFull},
		// netbit.com.br help page.
		{name: "helo not fqdn", status: "5.0.0", diag: "550 R1: HELO should be a FQDN or address literal (See RFC 2821 4.1.1.1)", action: dsn.ActionFailed, want: Blocked},
		// Near misses: other texts keep their readings.
		{name: "near: sender domain missing", status: "5.1.8", diag: "553 5.1.8 <a@example.org>... Domain of sender address a@example.org does not exist", action: dsn.ActionFailed, want: Rejected},
		{name: "near: cannot find hostname", status: "5.0.0", diag: "550 Client host rejected: cannot find your hostname, [192.0.2.7]", action: dsn.ActionFailed, want: RequirePTR},
		{name: "near: sorbs listing", status: "5.0.0", diag: "554 Service unavailable; Client host [192.0.2.7] blocked using dnsbl.sorbs.net; See: http://www.dnsbl.sorbs.net/lookup.shtml", action: dsn.ActionFailed, want: Blocked},
	})
	// Texts that share words with the rows but say something else must not take their reasons.
	runFactNearMisses(t, []factNearMiss{
		{name: "rejected ip alone", status: "5.7.1", diag: "550 5.7.1 Rejected IP 192.0.2.7", action: dsn.ActionFailed, notWant: RequirePTR},
		{name: "pool in a host name", status: "5.7.1", diag: "550 5.7.1 Rejected: relay pool.example.net not allowed", action: dsn.ActionFailed, notWant: Blocked},
		{name: "not spam", status: "2.0.0", diag: "250 2.0.0 Ok: queued as 4F2A1 (no spam detected)", action: dsn.ActionFailed, notWant: SpamDetected},
	})
}
