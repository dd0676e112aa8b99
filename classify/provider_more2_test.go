package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// STRATO's bracketed filter codes decide its own replies: the same
// "No SPAM please!" words with B-ATTACH are an attachment policy, with
// B-URL spam; a look-alike code, a look-alike host or the words without
// a code are not its table's.
func TestProviderMore2Tables(t *testing.T) {
	tests := []providerTableCase{
		{"strato/attachment", "smtpin.rzone.de", "neko@example.de", "5.7.1",
			"550 5.7.1 Refused by local policy. No SPAM please! (B-ATTACH)", "strato", PolicyViolation, true},
		{"strato/url", "smtpin.rzone.de", "neko@example.de", "5.7.1",
			"550 5.7.1 Refused by local policy. No SPAM please! (B-URL)", "strato", SpamDetected, true},
		{"strato/score", "", "neko@strato.de", "5.7.1",
			"550 5.7.1 Refused by local policy. No SPAM please! (B-SCORE)", "strato", SpamDetected, true},
		{"strato/envelope-from", "smtpin.rzone.de", "neko@example.de", "5.0.0",
			"550 Forbidden domain 'strato.de' in Envelope-From (B-EFROM-STRATO)", "strato", Rejected, true},
		{"strato/phishing", "smtpin.rzone.de", "neko@example.de", "5.7.1",
			"550 5.7.1 Suspected phishing attempt", "strato", SpamDetected, true},
		{"strato/spf", "smtpin.rzone.de", "neko@example.de", "5.7.1",
			"550 5.7.1 SPF failed for 192.0.2.1", "strato", AuthFailure, true},
		{"strato/unknown", "smtpin.rzone.de", "neko@example.de", "5.0.0",
			"550 recipient e-mail address unknown", "strato", UserUnknown, true},
		{"strato/unknown-de-spelling", "smtpin.rzone.de", "neko@example.de", "5.0.0",
			"550 recipient e-mail adress unknown", "strato", UserUnknown, true},
		{"strato/spam", "smtpin.rzone.de", "neko@example.de", "5.7.1",
			"550 5.7.1 Mail was identified as spam", "strato", SpamDetected, true},
		// The words without a code are spam wherever they come from;
		// STRATO's table has no row for them.
		{"strato/no-code", "smtpin.rzone.de", "neko@example.de", "5.7.1",
			"550 5.7.1 Refused by local policy. No SPAM please!", "strato", SpamDetected, false},
		// A longer code after B- is none of STRATO's.
		{"strato/longer-code", "smtpin.rzone.de", "neko@example.de", "5.7.1",
			"550 5.7.1 Refused by local policy. No SPAM please! (B-ATTACHMENT)", "strato", SpamDetected, false},
		// A host that only looks like STRATO's is not its: the code
		// means nothing there, and the words keep their generic reason.
		{"strato/look-alike-host", "smtpin.rzone.de.example.net", "neko@example.org", "5.7.1",
			"550 5.7.1 Refused by local policy. No SPAM please! (B-ATTACH)", "", SpamDetected, false},
	}
	checkProviderTableCases(t, tests)
}

// The texts of providers_documented.tsv (Cloudflare Email Routing's block list
// refusal) take their reason wherever they appear; near misses do not: a
// lookup that found the IP on no list, a list that names the message's
// links rather than the sending IP.
func TestProviderMore2Texts(t *testing.T) {
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{Blocked, []reasonCase{
			{text: "554 192.0.2.1 found on one or more RBLs (abusixip). Refer to https://developers.cloudflare.com/email-routing/postmaster/#spam-and-abusive-traffic/", command: dsn.CommandRCPT},
			{text: "554 192.0.2.1 found on one or more DNSBLs (abusixip). Refer to https://developers.cloudflare.com/email-routing/postmaster/#spam-and-abusive-traffic/", command: dsn.CommandRCPT},
		}, []reasonCase{
			{text: "554 5.7.1 Message rejected as spam: sending IP not found on any RBLs, content scored too high", status: "5.7.1", command: dsn.CommandDATA},
			{text: "554 5.7.1 Message rejected: a link in the message found on one or more URI block lists", status: "5.7.1", command: dsn.CommandDATA},
		}},
	}
	for _, tt := range tests {
		assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
	}
}
