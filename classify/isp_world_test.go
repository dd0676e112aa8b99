package classify_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestISPWorldTexts: regional providers' and gateways' replies
// (classify/texts/isp_world.tsv) read as their operators explain them;
// near misses keep their own reasons.
func TestISPWorldTexts(t *testing.T) {
	cases := []struct {
		name, status, diag string
		want               classify.Reason
	}{
		// tk-open-systems.com/unblockme (tango.tkos.co.il).
		{"tkos no reverse lookup", "5.7.1", "550 5.7.1 Rejected IP with no reverse lookup. See explanation at http://tk-open-systems.com/unblockme/index.php", classify.RequirePTR},
		{"tkos pool address", "5.7.1", "550 5.7.1 Rejected pool address. See explanation at http://tk-open-systems.com/unblockme/index.php", classify.Blocked},
		// SingNet's outbound gateway.
		{"singnet potential spam", "5.0.0", "554 Your email has been identified by SingNet as a potential spam. Your email was not sent.", classify.SpamDetected},
		// url.com.tw help page.
		{"sb0102 spam", "5.0.0", "550 Error: SB0102 - Rejected: SPAM", classify.SpamDetected},
		// newpages.com.my help page.
		{"mailbox limit appending", "5.0.0", "Mailbox limit exceeded while appending message", classify.MailboxFull},
		// netbit.com.br help page.
		{"helo not fqdn", "5.0.0", "550 R1: HELO should be a FQDN or address literal (See RFC 2821 4.1.1.1)", classify.Blocked},
		// Near misses: other texts keep their readings.
		{"near: sender domain missing", "5.1.8", "553 5.1.8 <a@example.org>... Domain of sender address a@example.org does not exist", classify.Rejected},
		{"near: cannot find hostname", "5.0.0", "550 Client host rejected: cannot find your hostname, [192.0.2.7]", classify.RequirePTR},
		{"near: sorbs listing", "5.0.0", "554 Service unavailable; Client host [192.0.2.7] blocked using dnsbl.sorbs.net; See: http://www.dnsbl.sorbs.net/lookup.shtml", classify.Blocked},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st, _ := dsn.ParseStatus(tc.status)
			r := &dsn.Report{Kind: dsn.DeliveryReport, Decoder: "Postfix", Recipients: []dsn.Recipient{{
				Recipient: "bob@example.org", Action: dsn.ActionFailed, Status: st,
				DiagnosticType: "smtp", DiagnosticCode: tc.diag, ReplyCode: dsn.FindReplyCode(tc.diag),
			}}}
			v := classify.Classify(r)[0]
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
	// Texts that share words with the rows but say something else must not take their reasons.
	nots := []struct {
		name, status, diag string
		not                classify.Reason
	}{
		{"rejected ip alone", "5.7.1", "550 5.7.1 Rejected IP 192.0.2.7", classify.RequirePTR},
		{"pool in a host name", "5.7.1", "550 5.7.1 Rejected: relay pool.example.net not allowed", classify.Blocked},
		{"not spam", "2.0.0", "250 2.0.0 Ok: queued as 4F2A1 (no spam detected)", classify.SpamDetected},
	}
	for _, tc := range nots {
		t.Run(tc.name, func(t *testing.T) {
			st, _ := dsn.ParseStatus(tc.status)
			r := &dsn.Report{Kind: dsn.DeliveryReport, Decoder: "Postfix", Recipients: []dsn.Recipient{{
				Recipient: "bob@example.org", Action: dsn.ActionFailed, Status: st,
				DiagnosticType: "smtp", DiagnosticCode: tc.diag, ReplyCode: dsn.FindReplyCode(tc.diag),
			}}}
			v := classify.Classify(r)[0]
			assert.NotEqual(t, tc.not, v.Reason, v.Rule)
		})
	}
}
