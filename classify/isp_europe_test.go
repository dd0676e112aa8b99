package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestISPEuropeTexts: European national providers' replies
// (classify/texts/isp_europe.tsv) read as the pages quoting them explain
// them; near misses keep their own reasons.
func TestISPEuropeTexts(t *testing.T) {
	runFactCases(t, []factCase{
		// robrota.com/tag/tiscali (imp-1.mail.tiscali.it).
		{name: "tiscali spf failed", status: "5.1.0", command: "MAIL", diag: "550 5.1.0 <a@example.it> SPF Failed - not authorized", action: dsn.ActionFailed, want: AuthFailure},
		// computerprogrammi.com (mail.tre.it).
		{name: "tre blacklisted ip", status: "5.0.0", command: "MAIL", diag: "550 mail not accepted from blacklisted IP address (192.0.2.7)", action: dsn.ActionFailed, want: Blocked},
		// Near misses: other texts keep their readings.
		{name: "near: sender refused at MAIL", status: "5.1.0", command: "MAIL", diag: "550 5.1.0 <a@example.it> sender rejected", action: dsn.ActionFailed, want: Rejected},
	})
	runFactNearMisses(t, []factNearMiss{
		{name: "spf passed", status: "5.1.0", command: "MAIL", diag: "550 5.1.0 SPF passed - not authorized to relay", action: dsn.ActionFailed, notWant: AuthFailure},
		{name: "blacklisted sender address", status: "5.1.1", command: "RCPT", diag: "550 5.1.1 <a@example.org> sender is blacklisted", action: dsn.ActionFailed, notWant: Blocked},
	})
}
