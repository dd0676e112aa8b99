package classify

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// TestJamesNoDNS: Apache James's remote delivery fails a domain without
// DNS entries in its own words, which DSNBounce writes as the Status and as
// an X-James Diagnostic-Code (james.tsv). Near misses keep their reasons.
func TestJamesNoDNS(t *testing.T) {
	const james = "There are no DNS entries for the hostname stavby-olomouc.example.  I cannot determine where to send this message."
	for _, tc := range []struct {
		name, status, diag string
		want               Reason
	}{
		{"james, no status code", "", james, HostUnknown},
		{"james under 5.0.0", "5.0.0", james, HostUnknown},
		// Near misses: policyd-weight's client check (requireptr), a
		// user-unknown reply naming DNS, a temporary DNS failure.
		{"policyd-weight client DNS", "4.7.1", "450 4.7.1 No DNS entries for your MTA, HELO and Domain. Contact YOUR administrator", RequirePTR},
		{"user unknown", "5.1.1", "550 5.1.1 <a@dns-entries.example>: Recipient address rejected: User unknown in local recipient table", UserUnknown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fact("", "office@stavby-olomouc.example", tc.status, tc.diag)
			v := classifyOne(t, f)
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}

// TestJamesReport reads a James DSNBounce report whole: the Status
// field holds the error text, not a code.
func TestJamesReport(t *testing.T) {
	raw := "From: postmaster@tradeport.example\nTo: quotes@tradeport.example\nSubject: [BOUNCE] Quote\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"BB\"\n\n--BB\nContent-Type: text/plain\n\n" +
		"Hi. This is the James mail server at james1.tradeport.example.\nI'm afraid I wasn't able to deliver your message to the following addresses.\n\n" +
		"--BB\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; james1.tradeport.example\nReceived-From-MTA: dns; 10.8.1.23\n\n" +
		"Final-Recipient: rfc822; office@stavby-olomouc.example\nAction: failed\n" +
		"Status: There are no DNS entries for the hostname stavby-olomouc.example.  I cannot determine where to send this message.\n" +
		"Diagnostic-Code: X-James; There are no DNS entries for the hostname stavby-olomouc.example.  I cannot determine where to send this message.\n\n--BB--\n"
	r, err := dsn.Parse(strings.NewReader(raw), lhost.Registry())
	if err != nil {
		t.Fatal(err)
	}
	if r == nil || len(r.Recipients) != 1 {
		t.Fatalf("report %+v", r)
	}
	v := classifyOne(t, r)
	assert.Equal(t, HostUnknown, v.Reason, v.Rule)
}
