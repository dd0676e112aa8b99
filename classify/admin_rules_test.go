package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestAdminRuleTexts: refusals written by administrators' rules
// (admin_rules.tsv: Google Workspace's default compliance rejection,
// published Postfix header_checks texts, VPOP3's SMTP rules) and Exchange's
// mail flow rule codes 5.7.900-5.7.999 (status_vendor.go) read as what the
// rule refused; near misses keep their own reasons.
func TestAdminRuleTexts(t *testing.T) {
	for _, tc := range []struct {
		name, host, status, diag, cmd string
		want                          Reason
	}{
		{"workspace default", "", "5.7.1", "550 5.7.1 Rejected due to policy associated with sender.", "", PolicyViolation},
		{"header_checks attachment", "mx.client.example", "5.7.1", `550 5.7.1 Attachment name "Invoice_2026.pdf.exe" may not end with ".exe"`, "DATA", PolicyViolation},
		{"header_checks charset", "mx.client.example", "5.7.1", `550 5.7.1 HDR2110: Unaccepted character set: "euc-kr"`, "DATA", ContentError},
		{"vpop3 rule", "mail.client.example", "5.7.1", "550 5.7.1 Recipient Prohibited (7)", "RCPT", PolicyViolation},
		{"exchange rule code, custom text", "mail.client.example", "5.7.950", "550 5.7.950 Messages to the legal department must come from a registered address", "DATA", PolicyViolation},
		{"exchange rule code, last of range", "mail.client.example", "5.7.999", "550 5.7.999 Not accepted here", "DATA", PolicyViolation},
		// Near misses: the default text of a rule with a custom code stays
		// Sisimai's rejected; codes outside the range and the transient class
		// keep the subject's catch-all; relaying and other "prohibited" texts
		// keep their own reasons.
		{"exchange default text custom code", "mail.client.example", "5.7.901", "550 5.7.901 Delivery not authorized, message refused", "DATA", Rejected},
		{"below the range", "mail.client.example", "5.7.899", "550 5.7.899 Not accepted here", "DATA", SecurityError},
		{"relay prohibited", "mail.client.example", "5.7.1", "550 5.7.1 Relay Prohibited", "RCPT", NoRelaying},
		{"attachment name alone", "mx.client.example", "5.7.1", `550 5.7.1 Attachment name "report.pdf" accepted`, "DATA", SecurityError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fact(tc.host, "someone@client.example", tc.status, tc.diag)
			f.Recipients[0].Command = tc.cmd
			v := classifyOne(t, f)
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
