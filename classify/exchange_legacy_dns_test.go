package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestExchange2003DNS: Exchange 2003's DSN gives only
// "<host #5.4.0>" (5.4.0 names no reason of its own), and its NDR sentence
// "The destination server for this recipient could not be found in Domain
// Name Service (DNS)" (https://snmail.co.uk/support/failure-dns.htm,
// exchange_legacy_dns.tsv) names the unknown host in the notice. A notice naming no
// reason, a shorter "could not be found", or a specific status keep
// their reading.
func TestExchange2003DNS(t *testing.T) {
	const dnsSentence = "orders@no-such-shop.example on 25/10/2026 2:14 PM\n" +
		"    The destination server for this recipient could not be found in Domain Name Service (DNS).  Please verify the email address and retry.  If that fails, contact your administrator.\n" +
		"    <SNMAIL01.client.example #5.4.0>"
	for _, tc := range []struct {
		name, status, diag, notice string
		want                       Reason
	}{
		{"Exchange 2003 DNS sentence", "5.4.0", "SNMAIL01.client.example #5.4.0", dnsSentence, HostUnknown},
		// Near misses.
		{"notice naming no reason", "5.4.0", "SNMAIL01.client.example #5.4.0",
			"orders@no-such-shop.example on 25/10/2026 2:14 PM\n    The e-mail system was unable to deliver the message, but did not report a specific reason.", NetworkError},
		{"generic could not be found", "5.4.0", "SNMAIL01.client.example #5.4.0",
			"orders@no-such-shop.example\n    The server could not be found.", NetworkError},
		{"specific status unchanged", "5.2.2", "SNMAIL01.client.example #5.2.2", dnsSentence, MailboxFull},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fact("", "orders@no-such-shop.example", tc.status, tc.diag)
			f.Recipients[0].DiagnosticType = ""
			f.Recipients[0].Notice = tc.notice
			v := classifyOne(t, f)
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
