package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestDnsblMTAWordingRefusals: receivers' refusals citing a DNS blocklist or a
// reputation service (dnsbl_mta_wording.tsv).
func TestDnsblMTAWordingRefusals(t *testing.T) {
	cases := []factCase{
		{"exchange ip block list provider", "5.7.1", "550 5.7.1 Source IP address is listed at the Contoso.com block list provider", dsn.CommandRCPT, dsn.ActionFailed, Blocked, ""},
		{"exchange ip block list provider, other name", "5.7.1", "550 5.7.1 Source IP address is listed at the Spamhaus ZEN block list provider", dsn.CommandMAIL, dsn.ActionFailed, Blocked, ""},
		{"old sendmail dnsbl", "5.7.1", "550 5.7.1 Mail from 192.0.2.7 refused by blackhole site rbl.example.net", dsn.CommandRCPT, dsn.ActionFailed, Blocked, ""},
		{"sendmail dnsbl, unknown zone", "5.7.1", "550 5.7.1 Rejected: 192.0.2.7 listed at rbl.example.net", dsn.CommandRCPT, dsn.ActionFailed, Blocked, ""},
		{"spamhaus open resolver", "5.7.1", "554 5.7.1 Service unavailable; Client host [192.0.2.61] blocked using zen.spamhaus.org; Error: open resolver; https://check.spamhaus.org/returnc/pub/192.0.2.61/", dsn.CommandRCPT, dsn.ActionFailed, SystemError, ""},
		{"dqs dbl on the sender", "5.7.1", "554 5.7.1 Sender address example.net blocked using DBL - see https://www.spamhaus.org/query/domain/example.net for details", dsn.CommandRCPT, dsn.ActionFailed, Rejected, ""},
	}
	runFactCases(t, cases)
}

// TestDnsblMTAWordingNearMisses: texts that share words with the new rows but do
// not report a listing of the sending IP.
func TestDnsblMTAWordingNearMisses(t *testing.T) {
	cases := []factNearMiss{
		// A block list provider named without a listing is no refusal of the IP.
		{"provider unreachable", "4.4.3", "451 4.4.3 The block list provider could not be reached", dsn.CommandRCPT, dsn.ActionDelayed, Blocked},
		// "site" without "blackhole" is a relay refusal.
		{"refused by site policy", "5.7.1", "550 5.7.1 Relaying refused by site policy", dsn.CommandRCPT, dsn.ActionFailed, Blocked},
	}
	runFactNearMisses(t, cases)
}
