package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// EarthLink's ELNK codes, XMission's XM-RJCT codes, TalkTalk's TT codes,
// IONOS's and freenet's texts decide their own replies; the same words
// elsewhere, a longer code or a look-alike host do not.
func TestProviderMoreTables(t *testing.T) {
	tests := []providerTableCase{
		{"earthlink/ptr", "", "neko@earthlink.net", "5.7.1",
			"550 5.7.1 Connection refused - ELNK_105", "earthlink", RequirePTR, true},
		{"earthlink/vade-list", "", "neko@mindspring.com", "5.7.1",
			"550 5.7.1 Connection refused - ELNK_101", "earthlink", Blocked, true},
		{"earthlink/connections", "", "neko@earthlink.net", "4.2.1",
			"421 4.2.1 Connection deferred - ELNK_110", "earthlink", RateLimited, true},
		{"earthlink/quality", "", "neko@peoplepc.com", "4.2.1",
			"421 4.2.1 Connection deferred - ELNK_130", "earthlink", BadReputation, true},
		// A code of four digits is none of EarthLink's: its table does
		// not decide it.
		{"earthlink/longer-code", "", "neko@earthlink.net", "5.7.1",
			"550 5.7.1 Connection refused - ELNK_1050", "earthlink", "", false},
		// A host and a recipient domain that only look like EarthLink's
		// are not its.
		{"earthlink/look-alike-domain", "mx.earthlink.net.example.org", "neko@notearthlink.net", "5.7.1",
			"550 5.7.1 Connection refused", "", "", false},

		{"ionos/blocked", "mx00.ionos.de", "neko@example.com", "4.0.0",
			"421 Reject due to policy violations", "ionos", Blocked, true},
		{"ionos/rate", "mx01.kundenserver.de", "neko@example.com", "4.0.0",
			"421 Rate limit reached. Please try again later", "ionos", RateLimited, true},
		// GMX, also United Internet's, words its policy refusals
		// differently; IONOS's row does not read them.
		{"ionos/gmx-wording", "mx00.emig.gmx.net", "neko@gmx.net", "5.0.0",
			"554 Reject due to policy restrictions", "webde-gmx", PolicyViolation, true},
		// WEB.DE's and GMX's sender checks follow their generic
		// "mailbox unavailable" line; the check decides, not that line.
		{"webde/sender-dns", "mx-ha02.web.de", "neko@web.de", "5.0.0",
			"550-Requested action not taken: mailbox unavailable 550 invalid DNS MX or A/AAAA resource record",
			"webde-gmx", Rejected, true},
		{"webde/ptr", "mx-ha03.web.de", "neko@web.de", "5.0.0",
			"554-Requested action not taken: mailbox unavailable 554 invalid DNS PTR resource record",
			"webde-gmx", RequirePTR, true},
		{"gmx/ptr-bad", "mx00.emig.gmx.net", "neko@gmx.net", "5.0.0",
			"550-Requested action not taken: mailbox unavailable 550 Bad DNS PTR resource record",
			"webde-gmx", RequirePTR, true},
		{"webde/unavailable-alone", "mx-ha02.web.de", "neko@web.de", "5.0.0",
			"550 Requested action not taken: mailbox unavailable",
			"webde-gmx", UserUnknown, true},
		{"ionos/look-alike-host", "mx00.ionos.de.example.net", "neko@example.com", "4.0.0",
			"421 Reject due to policy violations", "", "", false},

		{"xmission/unknown", "mx01.mta.xmission.com", "neko@xmission.com", "5.0.0",
			"550-XM-RJCT01: Account <neko@xmission.com> does not exist. 550 [192.0.2.1] [mx01.mta.xmission.com]",
			"xmission", UserUnknown, true},
		{"xmission/relay", "mx01.mta.xmission.com", "neko@example.net", "5.0.0",
			"550-XM-RJCT06: Unauthorized relay attempt", "xmission", NoRelaying, true},
		// A code of three digits is none of XMission's.
		{"xmission/longer-code", "mx01.mta.xmission.com", "neko@xmission.com", "5.0.0",
			"550-XM-RJCT041: IP address listed", "xmission", "", false},

		{"talktalk/policy-reject", "", "neko@tiscali.co.uk", "5.0.0",
			"550 Content rejected (TT992)", "talktalk", PolicyViolation, true},
		{"talktalk/policy-deferral", "", "neko@talktalk.net", "4.0.0",
			"451 Content deferred (TT991)", "talktalk", PolicyViolation, true},
		// Another number after TT is not one of TalkTalk's codes.
		{"talktalk/other-code", "", "neko@talktalk.net", "5.0.0",
			"550 Content rejected (TT9921)", "talktalk", "", false},

		{"sfr/spam", "smtp-in.sfr.fr", "neko@sfr.fr", "4.7.1",
			"450 4.7.1 SFR_IN_101 Service refused due to bad behavior - Too many spam messages", "sfr", Blocked, true},
		{"sfr/volume", "smtp-in.sfr.fr", "neko@neuf.fr", "4.7.1",
			"450 4.7.1 SFR_IN_105 Service refused due to bad behavior", "sfr", RateLimited, true},
		// Three digits after the brand digit are none of SFR's codes.
		{"sfr/longer-code", "smtp-in.sfr.fr", "neko@sfr.fr", "4.7.1",
			"450 4.7.1 SFR_IN_1050 Service refused", "sfr", "", false},

		{"freenet/unknown", "mx.freenet.de", "neko@freenet.de", "5.0.0",
			"550 unrouteable address", "freenet", UserUnknown, true},
		// The same words from a host that is not freenet's (a relay on
		// the way) keep Exim's meaning: freenet's row does not read them.
		{"freenet/other-host", "mx.example.org", "neko@freenet.de", "5.0.0",
			"550 unrouteable address", "freenet", "", false},
	}
	checkProviderTableCases(t, tests)
}

// The national texts this round added (providers-national.tsv: Alibaba
// Mail, CompuServe, BBIQ, Tiscali, WP, NetZero) take their reasons wherever they appear; near
// misses do not: the same limit words about another count, a size over a
// fixed limit instead of over what is left of a quota.
func TestProviderMoreTexts(t *testing.T) {
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{UserUnknown, []reasonCase{
			{text: "554 RCPT (neko@example.com) dosn't exist", command: dsn.CommandRCPT},
		}, []reasonCase{
			// The sender's account, not the recipient's.
			{text: "501 \"MAIL FROM\" is non-local account", command: dsn.CommandMAIL},
		}},
		{RateLimited, []reasonCase{
			{text: "505 the total of RCPTs is achieved the maximum threshold", command: dsn.CommandRCPT},
			{text: "454 Transient reject by behaviour spam at DATA State (Connection IP address:192.0.2.1) ANTISPAM_BAT[01201311R5167S531,r41g03022]: currently unexpected sending", command: dsn.CommandDATA, delayed: true},
		}, []reasonCase{
			// The size limit of the body is not a sending limit.
			{text: "510 The length of DATA content is achieved the maximum threshold", command: dsn.CommandDATA},
		}},
		{EmailTooLarge, []reasonCase{
			{text: "510 The number of attachments is achieved the maximum threshold", command: dsn.CommandDATA},
		}, []reasonCase{
			{text: "505 the total of RCPTs is achieved the maximum threshold", command: dsn.CommandRCPT},
		}},
		{MailboxFull, []reasonCase{
			{text: "552 Message size exceeds remaining quota", command: dsn.CommandRCPT},
			{text: "552 Mailbox Disk Quota Exceeded", command: dsn.CommandRCPT},
		}, []reasonCase{
			// A message over the fixed limit is too large, whatever the quota.
			{text: "552 5.2.3 Message size exceeds fixed maximum message size", status: "5.2.3", command: dsn.CommandDATA},
		}},
		{Blocked, []reasonCase{
			{text: "554 cmgw-1.mail.tiscali.it Tu5K1y00L1wtCLS01 IP: 192.0.2.1, You are not allowed to send mail. Please see http://csi.cloudmark.com/reset-request/?ip=192.0.2.1 if you feel this is in error."},
		}, nil},
		{Rejected, []reasonCase{
			{text: "554 sorry, refused mailfrom because return MX does not exist", command: dsn.CommandMAIL},
		}, nil},
		{Suspend, []reasonCase{
			{text: "550 Account Inactive", command: dsn.CommandRCPT},
		}, []reasonCase{
			// The sender's account, not the recipient's.
			{text: "553 5.7.1 Sender account inactive, message rejected", status: "5.7.1", command: dsn.CommandMAIL},
		}},
		{RequirePTR, []reasonCase{
			{text: "554 Refused. Your reverse DNS entry contains your IP address and a country code."},
		}, nil},
		{VirusDetected, []reasonCase{
			{text: "551 virus infected mail rejected", command: dsn.CommandDATA},
		}, nil},
		{SpamDetected, []reasonCase{
			{text: "554 Reject by content spam", command: dsn.CommandDATA},
			{text: "554 spamed by local spam engine", command: dsn.CommandDATA},
		}, nil},
	}
	for _, tt := range tests {
		assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
	}
}

// providerTableCase is a fact for a provider's table: the remote host,
// recipient, status and diagnostic, the provider that must claim it ("" for
// none), and the reason; byProvider says the table itself must decide.
type providerTableCase struct {
	name, remote, rcpt, status, diag string
	provider                         string
	want                             Reason // "" to check only that the table does not decide
	byProvider                       bool
}

// checkProviderTableCases classifies each case's fact and checks its
// provider, its reason, and whether the provider's table decided.
func checkProviderTableCases(t *testing.T, cases []providerTableCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			v := classifyOne(t, fact(tt.remote, tt.rcpt, tt.status, tt.diag))
			assert.Equal(t, tt.provider, v.Provider, v.Rule)
			if tt.want != "" {
				assert.Equal(t, tt.want, v.Reason, v.Rule)
			}
			if tt.byProvider {
				assert.Equal(t, StageProvider, v.Stage, v.Rule)
				return
			}
			assert.NotEqual(t, StageProvider, v.Stage, v.Rule)
		})
	}
}
