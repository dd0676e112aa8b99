package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestHostingPanelsTexts reads the hosting control panels' texts of hosting_panels.tsv as
// their sources write them (cPanel's router, DirectAdmin's exim.pl, Plesk's
// outgoing mail control, HestiaCP's Exim ACLs), and near misses that must
// not take the same reason: the same words about something else, a limit
// that is not a sending limit, a relay refusal that mentions SMTP AUTH.
func TestHostingPanelsTexts(t *testing.T) {
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{Rejected, []reasonCase{
			{text: "Domain example.com has an outgoing mail suspension. Message discarded.", status: "5.0.0"},
		}, []reasonCase{
			// The recipient's account suspended: the recipient, not the sender.
			{text: "550 5.2.1 The email account that you tried to reach is suspended", status: "5.2.1", command: dsn.CommandRCPT},
		}},
		{RateLimited, []reasonCase{
			{text: "You (webshop) have reached your message limit.", status: "5.0.0"},
			{text: "550 5.7.0 Your message could not be sent. The limit on the number of allowed outgoing messages was exceeded. Try again later.", status: "5.7.0", command: dsn.CommandDATA},
		}, []reasonCase{
			// A size limit, not a count of messages.
			{text: "552 5.3.4 Your message could not be sent. The limit on the size of allowed outgoing messages was exceeded.", status: "5.3.4", command: dsn.CommandDATA},
			// The recipient's mailbox is at its limit.
			{text: "552 5.2.2 The mailbox has reached its message limit", status: "5.2.2", command: dsn.CommandRCPT},
		}},
		{SecurityError, []reasonCase{
			{text: "550 smtp auth required", status: "5.0.0", command: dsn.CommandRCPT},
		}, []reasonCase{
			// A relay refusal that names SMTP AUTH: relaying denied.
			{text: "554 5.7.1 <a@example.net>: Relay access denied; smtp auth required for relaying", status: "5.7.1", command: dsn.CommandRCPT},
			{text: "550 relaying denied, smtp auth required", status: "5.0.0", command: dsn.CommandRCPT},
			{text: "550 SMTP AUTH is not available on port 25", status: "5.0.0", command: dsn.CommandMAIL},
		}},
		{VirusDetected, []reasonCase{
			{text: "550 Message contains a virus (Eicar-Signature) and has been rejected", status: "5.0.0", command: dsn.CommandDATA},
		}, []reasonCase{
			{text: "550 Message contains a forbidden attachment", status: "5.0.0", command: dsn.CommandDATA},
		}},
		{PolicyViolation, []reasonCase{
			{text: "550 Blacklisted file extension detected", status: "5.0.0", command: dsn.CommandDATA},
		}, []reasonCase{
			{text: "550 Blacklisted sender detected", status: "5.0.0", command: dsn.CommandMAIL},
		}},
		{Blocked, []reasonCase{
			{text: "554 Your host in blacklist on this server.", status: "5.0.0", command: dsn.CommandCONN},
			{text: "550 Access denied - Invalid HELO name (See RFC2821 4.1.3)", status: "5.0.0", command: dsn.CommandMAIL},
		}, []reasonCase{
			// The sender's address on the list, not the client host.
			{text: "550 Your sender address in blacklist on this server.", status: "5.0.0", command: dsn.CommandMAIL},
			// The recipient's domain name is invalid, not the client's HELO.
			{text: "550 5.1.2 Invalid domain name in recipient address", status: "5.1.2", command: dsn.CommandRCPT},
		}},
	}
	for _, tt := range tests {
		assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
	}
}

// TestHostingPanelsGreylisting: Plesk's greylisting deferral names no failure, so a
// delay notice or a give-up with a transient status that quotes it is
// expired, not RFC 5321's "local error in processing" for 451; a 451 whose
// words name a cause keeps it.
func TestHostingPanelsGreylisting(t *testing.T) {
	assertReasonCases(t, Expired, []reasonCase{
		{text: "451 4.7.1 Service unavailable - try again later", status: "4.7.1", command: dsn.CommandDATA, delayed: true},
		{text: "451 4.7.1 Service unavailable - try again later", status: "4.7.1", command: dsn.CommandDATA},
	}, []reasonCase{
		{text: "451 4.3.0 Server load too high, please try again later", status: "4.3.0", command: dsn.CommandDATA, delayed: true},
		{text: "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org", status: "5.7.1", command: dsn.CommandRCPT},
	})
}
