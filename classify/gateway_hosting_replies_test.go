package classify

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestGatewayHostingReplies reads the rows of gateway_hosting_replies.tsv and the
// blocklist rows provgw added to dnsbl.tsv as the servers write them, and
// near misses that must not take the same reason.
func TestGatewayHostingReplies(t *testing.T) {
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{RateLimited, []reasonCase{
			// Exchange's receive connector, deferring and refusing; its 4.4.2
			// is a connection code, the words decide.
			{text: "421 4.4.2 Message submission rate for this client has exceeded the configured limit", status: "4.4.2", command: dsn.CommandMAIL, delayed: true},
			{text: "432 4.4.2 Message submission rate for this client has exceeded the configured limit", status: "4.4.2", command: dsn.CommandMAIL, delayed: true},
		}, []reasonCase{
			// The same enhanced code for a dropped connection is no rate limit.
			{text: "421 4.4.2 Connection dropped due to SocketError", status: "4.4.2", command: dsn.CommandDATA, delayed: true},
			// A message over the size limit: "exceeded the configured limit" alone does not make the phrase.
			{text: "552 5.3.4 Message size for this client has exceeded the configured limit", status: "5.3.4", command: dsn.CommandDATA},
		}},
		{Blocked, []reasonCase{
			// UCEPROTECT's lookup URL, whatever the receiver's words around it.
			{text: "553 Your IP is BLACKLISTED at UCEPROTECT-LEVEL 1 - See: http://www.uceprotect.net/rblcheck.php?ipr=192.0.2.1", command: dsn.CommandRCPT},
			{text: "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using dnsbl-3.uceprotect.net; Your ISP Example, US/AS64496 is UCEPROTECT-Level3 listed because of a spamscore of 42. See: http://www.uceprotect.net/rblcheck.php?ipr=192.0.2.1", status: "5.7.1", command: dsn.CommandRCPT},
			// Trend Micro's reputation database, refused or deferred.
			{text: "550 Mail from 192.0.2.1 blocked using Trend Micro Email Reputation database. Please see <http://www.mail-abuse.com/cgi-bin/lookup?ip_address=192.0.2.1>", command: dsn.CommandRCPT},
			{text: "450 Mail from 192.0.2.1 deferred using Trend Micro Email Reputation database. Please see https://www.mail-abuse.com/cgi-bin/lookup?192.0.2.1", command: dsn.CommandRCPT, delayed: true},
		}, []reasonCase{
			// UCEPROTECT's home page or its whitelist is not its lookup.
			{text: "550 5.1.1 <kijitora@example.org>: Recipient address rejected: User unknown (see http://www.uceprotect.net/en/index.php)", status: "5.1.1", command: dsn.CommandRCPT},
			// Trend Micro's name without its reputation database.
			{text: "550 5.1.1 <kijitora@example.org>: Recipient address rejected: User unknown in Trend Micro Email Security", status: "5.1.1", command: dsn.CommandRCPT},
		}},
	}
	for _, tt := range tests {
		assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
	}
}

// Mimecast's header-based Blocked Senders refusals decide as its table
// says when the log prints the sender's address instead of the policy's
// name; the words from another host, or with another reply code, are not
// Mimecast's.
func TestMimecastHeaderBlockedSenders(t *testing.T) {
	for _, tt := range []struct {
		remote, status, diag string
		want                 Reason
		provider             bool
	}{
		{"eu-smtp-inbound-1.mimecast.com", "5.0.0", "550 Rejected by header based Blocked Senders: sender@example.net - https://community.mimecast.com/docs/DOC-1369#550", Rejected, true},
		{"us-smtp-inbound-2.mimecast.com", "5.0.0", "550 Rejected by header based manually Blocked Senders: sender@example.net - https://community.mimecast.com/docs/DOC-1369#550", Rejected, true},
		// Mimecast's own wording still reaches its own rows.
		{"us-smtp-inbound-1.mimecast.com", "5.0.0", "550 Rejected by header-based Blocked Senders - Block policy for Header From", Rejected, true},
		// Another reply code is another Mimecast refusal.
		{"us-smtp-inbound-1.mimecast.com", "4.0.0", "451 Rejected by header based Blocked Senders: sender@example.net", Rejected, false},
		// Another host's words are not Mimecast's table.
		{"mx.example.net", "5.0.0", "550 Rejected by header based Blocked Senders: sender@example.net", Rejected, false},
	} {
		t.Run(tt.remote+"/"+tt.diag, func(t *testing.T) {
			v := classifyOne(t, fact(tt.remote, "kijitora@example.com", tt.status, tt.diag))
			if !tt.provider {
				assert.False(t, strings.HasPrefix(v.Rule, "mimecast/"), v.Rule)
				return
			}
			assert.Equal(t, "mimecast", v.Provider)
			assert.Equal(t, StageProvider, v.Stage, v.Rule)
			assert.Equal(t, tt.want, v.Reason, v.Rule)
		})
	}
}
