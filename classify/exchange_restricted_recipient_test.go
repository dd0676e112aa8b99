package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestExchangeRestrictedRecipient: Exchange's 5.7.12 and 5.7.133-136
// refusals (the recipient takes mail only from inside its organization) read
// rejected whether or not the replying host is a Microsoft one (exchange_restricted_recipient.tsv,
// conflicts.tsv). Near misses keep their own reasons.
func TestExchangeRestrictedRecipient(t *testing.T) {
	for _, tc := range []struct {
		name, host, status, diag string
		want                     Reason
	}{
		{"5.7.133 own MX", "mx.contoso.example", "5.7.133", "550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; Sender Not Authenticated for Group", Rejected},
		{"5.7.134 own MX", "mail.contoso.example", "5.7.134", "550 5.7.134 RESOLVER.RST.SenderNotAuthenticatedForMailbox; Sender was not authenticated for mailbox", Rejected},
		{"5.7.135 own MX", "mail.contoso.example", "5.7.135", "550 5.7.135 RESOLVER.RST.SenderNotAuthenticatedForPublicFolder; Sender was not authenticated for public folder", Rejected},
		{"5.7.136 own MX", "mail.contoso.example", "5.7.136", "550 5.7.136 RESOLVER.RST.SenderNotAuthenticatedForMailUser; Sender was not authenticated", Rejected},
		{"5.7.12 own MX", "mail.contoso.example", "5.7.12", "550 5.7.12 RESOLVER.RST.SenderNotAuthenticatedForOrg; Delivery restriction check failed as sender was not authenticated by organization", Rejected},
		{"5.7.133 Exchange Online", "contoso-example-com.mail.protection.outlook.com", "5.7.133", "550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; Sender Not Authenticated for Group", Rejected},
		// Near misses: Exchange's AuthRequired (Sisimai: securityerror), Exchange
		// Online's own submission refusal 5.7.57, and Microsoft's "Client host
		// rejected: was not authenticated" (Sisimai: blocked).
		{"AuthRequired", "mail.contoso.example", "5.7.1", "550 5.7.1 RESOLVER.RST.AuthRequired; authentication required", SecurityError},
		{"5.7.57 submission", "smtp.office365.com", "5.7.57", "530 5.7.57 Client not authenticated to send mail. Error: 535 5.7.139 Authentication unsuccessful", SecurityError},
		{"client host not authenticated", "mx.contoso.example", "5.7.1", "550 5.7.1 Client host rejected: was not authenticated", Blocked},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fact(tc.host, "team@contoso.example", tc.status, tc.diag)
			f.Recipients[0].Command = "DATA"
			v := classifyOne(t, f)
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
