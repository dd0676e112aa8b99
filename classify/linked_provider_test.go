package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestLinkedProvider: a reply relayed by an MTA that names no host
// (qmail gives the remote's address only; OpenSMTPD's report has no
// Remote-MTA) is its provider's when it links the provider's own pages,
// and the recipient's domain is no provider's. The replies are verbatim
// from classify/testdata/provider-replies.tsv (rows 36 and 178, with the
// pages cited there).
func TestLinkedProvider(t *testing.T) {
	for _, tc := range []struct {
		name, rcpt, status, diag string
		provider                 string
		want                     Reason
	}{
		{"Mimecast's TLS route, no host", "billing@harbor.example", "5.0.0",
			"553 This route requires encryption (TLS) - https://community.mimecast.com/docs/DOC-1369#553 [Xq312jySktVUwVlXTw.us202]", "mimecast", FailedSTARTTLS},
		{"Google's unsolicited message, no host", "n.kowalski@example.com", "5.7.1",
			"550-5.7.1 This message is likely unsolicited email. To reduce the amount of 550-5.7.1 spam sent to Gmail, this message has been blocked. For more 550-5.7.1 information, go to 550 5.7.1  https://support.google.com/mail/?p=UnsolicitedMessageError d75a77b69052e-0036a8c1si0285084qtb.36 - gsmtp", "google", SpamDetected},
		// Near misses: the recipient's domain goes first (AT&T's mail,
		// on Yahoo's hosts, links Yahoo's pages); a block list's page
		// names no provider; a link that is not http(s) is no link.
		{"recipient's provider first", "neko@att.net", "5.7.1",
			"553 5.7.1 [BL23] Connections not accepted from IP addresses on Spamhaus XBL; see http://postmaster.yahoo.com/errors/550-bl23.html [550]", "att", Blocked},
		{"block list page", "a@example.org", "5.7.1",
			"554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.1", "", Blocked},
		{"not a web link", "a@example.org", "5.0.0",
			"550 see ftp://community.mimecast.com/x for details", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := classifyOne(t, fact("", tc.rcpt, tc.status, tc.diag))
			assert.Equal(t, tc.provider, v.Provider, v.Rule)
			if tc.want != "" {
				assert.Equal(t, tc.want, v.Reason, v.Rule)
			}
		})
	}
}
