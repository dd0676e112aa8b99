package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// Google appends "gcdp" to the errors a Workspace administrator's own
// rules cause (support.google.com/a/answer/3726730): whatever words the
// administrator chose, the refusal is the domain's policy, also where the
// words are borrowed from one of Google's own replies. Google's own
// replies without the marker keep their reasons, and the marker means
// nothing at a host that is not Google's.
func TestGoogleCustomPolicy(t *testing.T) {
	tests := []providerTableCase{
		{"google/gcdp", "aspmx.l.google.com", "legal@example.com", "5.7.1",
			"550 5.7.1 This message violates example.com email policy. - gcdp AOjnG8yeHpMV8 - gsmtp", "google", PolicyViolation, true},
		{"google/gcdp-gmail-host", "gmail-smtp-in.l.google.com", "legal@example.com", "5.7.1",
			"550 5.7.1 Messages to this group are restricted. - gcdp 2xC7qP - gsmtp", "google", PolicyViolation, true},
		// An administrator's rule that borrows the words of Google's
		// unknown-user reply is still the rule.
		{"google/gcdp-borrowed-words", "aspmx.l.google.com", "gone@example.com", "5.1.1",
			"550 5.1.1 The email account that you tried to reach does not exist. - gcdp AOjnG8 - gsmtp", "google", PolicyViolation, true},
		// Google's own replies, without the marker, keep their reasons.
		{"google/no-marker-unknown", "aspmx.l.google.com", "gone@example.com", "5.1.1",
			"550 5.1.1 The email account that you tried to reach does not exist. - gsmtp", "google", UserUnknown, true},
		{"google/no-marker-reputation", "gmail-smtp-in.l.google.com", "reader@gmail.com", "5.7.1",
			"550 5.7.1 This message is likely suspicious due to the very low reputation of the sending IP address. - gsmtp", "google", BadReputation, true},
		// The marker glued to another word is not the marker.
		{"google/gcdp-inside-word", "aspmx.l.google.com", "legal@example.com", "5.7.1",
			"550 5.7.1 Message refused by xgcdpfilter. - gsmtp", "google", "", false},
		// A host that is not Google's: its table is not read.
		{"other/gcdp-word", "mx.example.net", "legal@example.org", "5.7.1",
			"550 5.7.1 Refused by gcdp filter", "", "", false},
	}
	checkProviderTableCases(t, tests)
}

// The same marker where no Google host is named (a bounce that quotes only
// the reply): provider_markers.tsv reads "gcdp <session id> gsmtp" as the policy
// refusal; the word alone, or Google's marker without gcdp, is not it.
func TestGoogleCustomPolicyText(t *testing.T) {
	assertReasonCases(t, PolicyViolation, []reasonCase{
		{text: "550 5.7.1 This message violates example.com email policy. - gcdp AOjnG8yeHpMV8 - gsmtp", status: "5.7.1", command: dsn.CommandDATA},
		{text: "550 5.7.1 Attachment type not allowed by administrator - gcdp x9Yz - gsmtp", status: "5.7.1", command: dsn.CommandDATA},
	}, []reasonCase{
		{text: "550 5.7.1 Rejected by gcdp filter", status: "5.7.1", command: dsn.CommandRCPT},
		{text: "550 5.7.1 gsmtp relay gcdp", status: "5.7.1", command: dsn.CommandRCPT},
		{text: "550 5.7.1 The IP you're using to send email is not authorized to send email directly to our servers. - gsmtp", status: "5.7.1", command: dsn.CommandMAIL},
	})
}
