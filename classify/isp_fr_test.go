package classify_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestFrenchProviderReplies pins the French-speaking providers' replies of
// held-out round 22 (fr22): Orange and La Poste codes as Sisimai's FrancePTT
// table reads them (sisimai/go-sisimai rhost/for-franceptt.go), SFR's
// GU_EIB phrases (p5-sisimai Reason/Blocked.pm) and Free's anti-troyan
// refusal (forum.ubuntu-fr.org viewtopic id=2008675). Near misses: other
// codes of the same table keep their own reasons.
func TestFrenchProviderReplies(t *testing.T) {
	cases := []struct {
		name, rcpt, mta, status, cmd, diag string
		want                               classify.Reason
	}{
		{"orange 103", "a@orange.fr", "smtp-in.orange.fr", "5.0.0", "",
			"550 mwinf5c10 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR006_103 192.0.2.1 [103]", classify.Blocked},
		{"orange 415", "a@wanadoo.fr", "smtp-in.orange.fr", "5.1.0", dsn.CommandMAIL,
			"501 5.1.0 Emetteur invalide. Invalid Sender. OFR_415 [415]", classify.Rejected},
		{"laposte 101", "a@laposte.net", "smtp-in.laposte.net", "5.7.1", dsn.CommandRCPT,
			"550 5.7.1 Service unavailable; client [192.0.2.1] blocked using Spamhaus Les emails envoyes vers la messagerie Laposte.net ont ete bloques par nos services. https://www.spamhaus.org/lookup/ LPNAAA_101", classify.Blocked},
		{"laposte 102", "a@laposte.net", "smtp-in.laposte.net", "5.5.0", dsn.CommandRCPT,
			"550 5.5.0 Les emails envoyes vers la messagerie Laposte.net ont ete bloques par nos services. https://senderscore.org/blacklistlookup/ LPN007_102", classify.Blocked},
		{"laposte 104", "a@laposte.net", "smtp-in.laposte.net", "4.0.0", "",
			"421 Too many connections, slow down. LPN105_104", classify.RateLimited},
		{"laposte 405", "a@laposte.net", "smtp-in.laposte.net", "5.0.1", dsn.CommandMAIL,
			"501 5.0.1 Emetteur invalide. Invalid Sender. LPN105_405", classify.Rejected},
		{"laposte 505", "a@laposte.net", "smtp-in.laposte.net", "4.2.1", dsn.CommandDATA,
			"421 4.2.1 Service refuse. Veuillez essayer plus tard. Service refused, please try later. LPN007_505", classify.SystemError},
		{"sfr gu_eib_02", "a@sfr.fr", "mx2.sfr.fr", "5.7.1", dsn.CommandRCPT,
			"554 5.7.1 <mail.example.fr[192.0.2.1]>: Client host rejected: Abus detecte GU_EIB_02", classify.Blocked},
		{"free anti-troyan", "a@free.fr", "mx1.free.fr", "4.0.0", "",
			"421 Your IP (192.0.2.1) is temporary blacklisted by an anti-troyan rule, retry later and/or visit http://postmaster.free.fr/", classify.Blocked},
		// The newer FrancePTT table (codes from Orange's postmaster page).
		{"laposte 109", "a@laposte.net", "smtp-in.laposte.net", "4.0.0", dsn.CommandMAIL,
			"421 Veuillez essayer plus tard. LPN003_109", classify.RateLimited},
		{"orange 201", "a@orange.fr", "smtp-in.orange.fr", "4.0.0", "",
			"421 mwinf5c22 ME Veuillez essayer plus tard. OFR004_201 [201]", classify.Blocked},
		// Near misses: the same table's other codes keep their readings.
		{"near: laposte 108", "a@laposte.net", "smtp-in.laposte.net", "5.5.0", dsn.CommandRCPT,
			"550 5.5.0 Service refuse. Veuillez essayer plus tard. service refused, please try later. LPN001_108", classify.Blocked},
		{"near: orange 999", "a@orange.fr", "smtp-in.orange.fr", "4.0.0", "",
			"421 mwinf5c77 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR_999 [999]", classify.Blocked},
		{"near: orange 104", "a@orange.fr", "smtp-in.orange.fr", "4.0.0", "",
			"421 mwinf5c79 ME Trop de connexions, veuillez verifier votre configuration. Too many connections, slow down. OFR004_104 [104]", classify.RateLimited},
		{"near: orange 416", "a@orange.fr", "smtp-in.orange.fr", "5.1.1", dsn.CommandRCPT,
			"550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 [416]", classify.UserUnknown},
		{"near: laposte 420", "a@laposte.net", "smtp-in.laposte.net", "5.5.0", dsn.CommandRCPT,
			"550 5.5.0 Boite du destinataire archivee. Archived recipient. LPN007_420", classify.Suspend},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := classifyReply(t, remoteReply{decoder: "Postfix", rcpt: tc.rcpt, mta: tc.mta, status: tc.status, command: tc.cmd, diag: tc.diag, action: dsn.ActionFailed})
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
