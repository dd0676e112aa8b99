package classify

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The documented texts of Rambler, Free, Infomaniak, Rackspace, Fastmail
// and Proton Mail, each as a recipient fact from the provider's own host,
// through the whole classifier. The row's Source names the page each
// text comes from.
func TestProviderEUUSTexts(t *testing.T) {
	tests := []struct {
		name, provider, remote, rcpt, status, diag string
		want                                       Reason
	}{
		// Rambler
		{"rambler/data-deferred", "rambler", "mx13.rambler.ru", "neko@rambler.ru", "4.7.1",
			"452 4.7.1 Try again later", RateLimited},

		// Free
		{"free/ip-blocked", "free", "mx1.free.fr", "neko@free.fr", "4.0.0",
			"421 Too many spams from your IP (192.0.2.1), please visit http://postmaster.free.fr/", Blocked},
		{"free/spam", "free", "mx1.free.fr", "neko@free.fr", "5.0.0",
			"550 spam detected", SpamDetected},
		{"free/connections", "free", "mx2.free.fr", "neko@aliceadsl.fr", "4.0.0",
			"421 Too many connections", RateLimited},

		// Infomaniak
		{"infomaniak/disabled", "infomaniak", "mta-gw.infomaniak.ch", "neko@ik.me", "5.1.1",
			"550 5.1.1 <neko@ik.me> recipient rejected, account administratively disabled", Suspend},

		// Rackspace
		{"rackspace/ptr", "rackspace", "mx1.emailsrvr.com", "neko@example.com", "4.7.1",
			"450 4.7.1 Client host 192.0.2.1 has no PTR record (G1F)", RequirePTR},
		{"rackspace/mailbox-flood", "rackspace", "mx1.emailsrvr.com", "neko@example.com", "4.2.1",
			"450 4.2.1 <neko@example.com>: Mailbox received too much email in a short period of time (G30)", RateLimited},
		{"rackspace/new-ip", "rackspace", "mx2.emailsrvr.com", "neko@example.com", "4.7.1",
			"451 4.7.1 Received too many messages from a new or untrusted IP (G28)", RateLimited},
		{"rackspace/connections", "rackspace", "mx1.emailsrvr.com", "neko@example.com", "4.0.0",
			"421 Too many concurrent connections from this client (G2)", RateLimited},
		{"rackspace/dmarc-dns", "rackspace", "mx1.emailsrvr.com", "neko@example.com", "4.4.0",
			"450 4.4.0 <neko@example.com> Temporary DMARC DNS lookup failure (G1E)", NetworkError},
		{"rackspace/loop", "rackspace", "mx1.emailsrvr.com", "neko@example.com", "4.4.6",
			"450 4.4.6 Routing loop detected (G16)", NetworkError},
		{"rackspace/recipient-check", "rackspace", "mx1.emailsrvr.com", "neko@example.com", "4.4.1",
			"450 4.4.1 <neko@example.com>: The recipient's server was temporarily unavailable to accept your message (G6)", SystemError},
		{"rackspace/throttled-spam", "rackspace", "mx1.emailsrvr.com", "neko@example.com", "4.3.0",
			"451 4.3.0 <mail.example.org[192.0.2.1]>: Client host rejected: Throttled - Too much spam from your mail server. Try again later.", Blocked},
		{"rackspace/rbl", "rackspace", "mx1.emailsrvr.com", "neko@example.com", "5.7.1",
			"554 5.7.1 ACL dns_rbl", Blocked},
		{"rackspace/sender-domain", "rackspace", "mx1.emailsrvr.com", "neko@example.com", "4.1.8",
			"450 4.1.8 <kijitora@example.org>: Sender address rejected: Domain not found", Rejected},

		// Fastmail
		{"fastmail/locked", "fastmail", "in1-smtp.messagingengine.com", "neko@fastmail.com", "5.0.0",
			"554 neko@fastmail.com; Recipient address rejected: Account locked for abuse or overuse; see http://mail.messagingengine.com/docs/locked.html", Suspend},
		{"fastmail/over-quota", "fastmail", "in1-smtp.messagingengine.com", "neko@fastmail.com", "4.2.2",
			"451 User is over quota, try again later", MailboxFull},
		{"fastmail/header-address", "fastmail", "in2-smtp.messagingengine.com", "neko@fastmail.com", "5.7.1",
			"551 5.7.1 Not authorised to send from this header address", SecurityError},
		{"fastmail/auth", "fastmail", "in1-smtp.messagingengine.com", "neko@fastmail.com", "5.7.8",
			"535 5.7.8 Error: authentication failed: authentication failure", SecurityError},
		{"fastmail/virtual-table", "fastmail", "in1-smtp.messagingengine.com", "neko@fastmail.com", "5.1.1",
			"550 5.1.1 <neko@fastmail.com>: Recipient address rejected: User unknown in virtual mailbox table", UserUnknown},
		{"fastmail/address-unknown", "fastmail", "in1-smtp.messagingengine.com", "neko@fastmail.fm", "5.1.1",
			"550 5.1.1 Sorry, user address unknown", UserUnknown},
		{"fastmail/local-table", "fastmail", "in1-smtp.messagingengine.com", "neko@fastmail.com", "5.1.1",
			"550 5.1.1 <neko@fastmail.com>: Recipient address rejected: User unknown in local recipient table", UserUnknown},
		{"fastmail/relay", "fastmail", "in1-smtp.messagingengine.com", "neko@example.net", "5.7.1",
			"554 <neko@example.net>: Recipient address rejected: Relay access denied", NoRelaying},
		{"fastmail/spamhaus", "fastmail", "in1-smtp.messagingengine.com", "neko@fastmail.com", "5.7.1",
			"554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using xbl.spamhaus.org", Blocked},
		{"fastmail/content", "fastmail", "in1-smtp.messagingengine.com", "neko@fastmail.com", "5.7.1",
			"554 5.7.1 Content rejected", SpamDetected},
		{"fastmail/access-denied", "fastmail", "in1-smtp.messagingengine.com", "neko@fastmail.com", "5.7.1",
			"554 5.7.1 <neko@fastmail.com>: Recipient address rejected: Access denied", Blocked},

		// Proton Mail
		{"protonmail/rspamd", "protonmail", "mailsec.protonmail.ch", "neko@proton.me", "5.7.1",
			"554 5.7.1 rejected by rspamd filter", SpamDetected},
		{"protonmail/rspamd-mx", "protonmail", "mail.protonmail.ch", "neko@protonmail.com", "5.7.1",
			"554 5.7.1 rejected by rspamd filter", SpamDetected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := classifyOne(t, fact(tt.remote, tt.rcpt, tt.status, tt.diag))
			assert.Equal(t, tt.provider, v.Provider)
			assert.Equal(t, tt.want, v.Reason, v.Rule)
			assert.Equal(t, StageProvider, v.Stage, v.Rule)
			assert.True(t, strings.HasPrefix(v.Rule, tt.provider+"/"+string(tt.want)+"/"), v.Rule)
		})
	}
}

// Infomaniak's page shows a report its own MTA wrote about another
// provider's refusal: the reporting MTA alone makes the fact Infomaniak's.
func TestProviderInfomaniakRelayedReport(t *testing.T) {
	r := fact("mxbw-abc-xyz.abc-ab12.abc.example", "anna.a@abc.example", "5.1.1",
		"550 5.1.1 anna.a@abc.example recipient rejected, account administratively disabled")
	r.ReportingMTA = "dns; smtp-1-1234.mail.infomaniak.ch"
	v := classifyOne(t, r)
	assert.Equal(t, "infomaniak", v.Provider)
	assert.Equal(t, Suspend, v.Reason, v.Rule)
	assert.Equal(t, StageProvider, v.Stage, v.Rule)
	assert.True(t, strings.HasPrefix(v.Rule, "infomaniak/"), v.Rule)
}

// A provider's rows decide only its own texts: an unknown text from its
// host goes on to the generic stages.
func TestProviderEUUSUnknownTextFallsThrough(t *testing.T) {
	for _, tt := range []struct{ remote, rcpt string }{
		{"mx.rambler.ru", "neko@rambler.ru"},
		{"mx1.free.fr", "neko@free.fr"},
		{"mta-gw.infomaniak.ch", "neko@ik.me"},
		{"mx1.emailsrvr.com", "neko@example.com"},
		{"in1-smtp.messagingengine.com", "neko@fastmail.com"},
		{"mail.protonmail.ch", "neko@proton.me"},
	} {
		v := classifyOne(t, fact(tt.remote, tt.rcpt, "5.2.2", "552 5.2.2 Mailbox is full"))
		assert.Equal(t, MailboxFull, v.Reason, tt.remote)
		assert.NotEqual(t, StageProvider, v.Stage, tt.remote)
	}
}
