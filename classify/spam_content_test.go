package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestSpamContentMicrosoft: Microsoft's 5.7.520 is also the outbound spam
// filter's content verdict ("Message blocked because it contains content
// identified as spam. AS(4810)"), not only the external-forwarding block;
// Outlook.com's OU-002 sentence names IP/domain reputation, which Sisimai
// reads before spam and block words (go-sisimai reason/lib.go classorder).
// Near misses keep the forwarding block and the bare OU-002 code's reading.
func TestSpamContentMicrosoft(t *testing.T) {
	const olc = "hotmail-com.olc.protection.outlook.com"
	for _, tc := range []struct {
		name, mta, status, diag string
		want                    Reason
	}{
		{"5.7.520 spam content, own NDR", "", "5.7.520", "550 5.7.520 Message blocked because it contains content identified as spam. AS(4810)", SpamDetected},
		{"5.7.520 spam content, nested", "", "5.7.520", "554 5.7.0 < #5.7.520 smtp;550 5.7.520 Message blocked because it contains content identified as spam. AS(4810)>", SpamDetected},
		{"OU-002 sentence", olc, "5.0.0", "550 OU-002 Mail rejected by Windows Live Hotmail for policy reasons. Reasons for rejection may be related to content with spam-like characteristics or IP/domain reputation problems.", BadReputation},
		// Near misses.
		{"5.7.520 forwarding", "", "5.7.520", "550 5.7.520 Access denied, Your organization does not allow external forwarding. Please contact your administrator for further assistance. AS(7555)", PolicyViolation},
		{"OU-002 bare code", olc, "5.0.0", "550 OU-002 Mail rejected by Windows Live Hotmail for policy reasons.", Blocked},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fact(tc.mta, "someone@example.net", tc.status, tc.diag)
			if tc.mta == "" {
				r.ReportingMTA = "PH0PR10MB4646.namprd10.prod.outlook.com"
			}
			v := classifyOne(t, r)
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}

// TestSpamContentTexts: spam_content.tsv's rows decide before the reply code
// (551 is RFC 5321's "user not local") and the 5.7.x catch-all; near misses
// keep their readings.
func TestSpamContentTexts(t *testing.T) {
	cases := []factCase{
		{"551 denied for spam", "5.0.0", "551 Denied for Spam", dsn.CommandDATA, dsn.ActionFailed, SpamDetected, ""},
		{"spamdefang", "5.7.1", "554 5.7.1 spamdefang score exceeds maximum", dsn.CommandDATA, dsn.ActionFailed, SpamDetected, ""},
	}
	runFactCases(t, cases)
	near := []factNearMiss{
		{"551 user not local", "5.1.6", "551 5.1.6 User not local; please try <b@example.org>", dsn.CommandRCPT, dsn.ActionFailed, SpamDetected},
		{"denied for relaying", "5.7.1", "550 5.7.1 Denied for relaying", dsn.CommandRCPT, dsn.ActionFailed, SpamDetected},
	}
	runFactNearMisses(t, near)
}

// TestCoarserTextStatus: a text code of the same class and subject with no
// detail does not replace a Status field that names one (Exchange's
// "554 5.7.0 < #5.7.520 smtp;550 5.7.520 ...>" under Status 5.7.520); a more
// specific or a differently-subjected text code still does.
func TestCoarserTextStatus(t *testing.T) {
	for _, tc := range []struct {
		name, status, diag, want string
	}{
		{"exchange nested", "5.7.520", "554 5.7.0 < #5.7.520 smtp;550 5.7.520 Message blocked because it contains content identified as spam. AS(4810)>", "5.7.520"},
		{"text more specific", "5.1.0", "550 5.2.2 mailbox full", "5.2.2"},
		{"text same subject, detailed", "5.7.0", "550 5.7.1 Message rejected as spam by Content Filtering", "5.7.1"},
		{"other subject, no detail", "5.7.1", "554 5.6.0 Message content rejected", "5.6.0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fact("mx.example.net", "someone@example.net", tc.status, tc.diag)
			v := classifyOne(t, r)
			assert.Equal(t, tc.want, v.Status.String(), v.Rule)
		})
	}
}
