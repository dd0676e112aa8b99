package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestHostedMailTexts: the replies of hosted business-mail providers
// (hosted_mail.tsv): GandiMail's policy rules, Alibaba Mail's account
// replies and Zoho's "too many failures" notice, with near misses that keep
// their own reasons.
func TestHostedMailTexts(t *testing.T) {
	for _, tc := range []struct {
		name, status, diag, cmd string
		want                    Reason
	}{
		{"gandi rule1 virus", "5.0.0", "550 Reject for policy reason. RULE1_1", "DATA", VirusDetected},
		{"gandi rule2 phishing", "5.0.0", "550 Reject for policy reason. RULE2_1", "DATA", SpamDetected},
		{"gandi rule2 scam", "5.0.0", "550 Reject for policy reason. RULE2_2", "DATA", SpamDetected},
		{"gandi rule3 commercial", "5.0.0", "550 Reject for policy reason. RULE3_1", "DATA", SpamDetected},
		{"gandi rule3 spam score", "5.0.0", "550 Reject for policy reason. RULE3_2", "DATA", SpamDetected},
		{"gandi rule at rcpt", "5.0.0", "550 Reject for policy reason. RULE1_1", "RCPT", VirusDetected},
		{"gandi policy bare", "5.0.0", "550 Reject for policy reason", "DATA", PolicyViolation},
		{"gandi infected client", "5.0.0", "554 5.7.1 blocked you maybe infected", "RCPT", Blocked},
		{"alibaba not allowed receive", "5.0.0", "542 This account isn't allowed to receive email", "RCPT", Suspend},
		{"alibaba not local", "5.0.0", "503 Rcptto account isn't a local account", "RCPT", UserUnknown},
		{"zoho too many failures", "5.2.1", "554 5.2.1 Too many failures for the recipient", "", Suppressed},
		// Near misses: other policy words keep their reasons; a sender
		// account refusal is no recipient suspension; a queue's failures
		// are not Zoho's.
		{"mailbox unavailable policy", "5.7.1", "550 5.7.1 Message rejected due to local policy", "DATA", PolicyViolation},
		{"alibaba content spam", "5.0.0", "554 Reject by content spam", "DATA", SpamDetected},
		{"alibaba dosnt exist", "5.0.0", "554 RCPT (li.wei@hz-textile.cn) dosn't exist", "RCPT", UserUnknown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fact("mx.host.example", "bob@host.example", tc.status, tc.diag)
			f.Recipients[0].Command = tc.cmd
			v := classifyOne(t, f)
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
	// Near misses that must not take the new reasons: Alibaba's refusal of
	// the sending account, and Haraka's "Too many failures" of a queue that
	// tried every MX.
	for _, tc := range []struct {
		name, diag string
		not        Reason
	}{
		{"alibaba not allowed send", "541 This account isn't allowed to send email", Suspend},
		{"haraka tried all mxs", "Error: Too many failures (Tried all MXs)", Suppressed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fact("mx.host.example", "bob@host.example", "5.0.0", tc.diag)
			v := classifyOne(t, f)
			assert.NotEqual(t, tc.not, v.Reason, v.Rule)
		})
	}
}
