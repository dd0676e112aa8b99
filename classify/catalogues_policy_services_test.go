package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestPolicyServiceCatalogueTexts reads the replies of catalogues_policy_services.tsv as their sources
// write them, and near misses that must not take the same reason: the same
// words inside a wider text that names something else.
func TestPolicyServiceCatalogueTexts(t *testing.T) {
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{Blocked, []reasonCase{
			{text: "550 192.0.2.25 listed at spamhaus, see http://www.spamhaus.org", command: dsn.CommandRCPT},
			{text: "550 5.7.0 Your server IP address is in the SpamHaus SBL-XBL database, bye", status: "5.7.0", command: dsn.CommandRCPT},
			{text: "550 5.7.1 Your IP address is listed by https://spamhaus.org/zen, correct this", status: "5.7.1", command: dsn.CommandRCPT},
			{text: "553 5.3.0 192.0.2.25 Rejected - see http://www.spamhaus.org", status: "5.3.0", command: dsn.CommandRCPT},
			{text: "550 Rejected due to DNSBL server response (dnsbl.cobion.com - 192.0.2.25)", command: dsn.CommandRCPT},
			{text: "554 5.7.1 SORBS DNSBL Entry - see <http://www.us.sorbs.net/lookup.shtml?192.0.2.25>", status: "5.7.1", command: dsn.CommandRCPT},
			{text: "550 Black listed at hostkarma http://ipadmin.junkemailfilter.com/remove.php?ip=192.0.2.25", command: dsn.CommandRCPT},
			{text: "554 mx.example.org Service not available No SMTP service IP address is black listed", command: dsn.CommandCONN},
			{text: "550-5.7.1 To protect our users from spam, mail sent from your IP address has been blocked.", status: "5.7.1", command: dsn.CommandRCPT},
			{text: "550 5.7.1 Bad sender IP", status: "5.7.1", command: dsn.CommandRCPT},
			{text: "521 5.7.0 Error: I can break rules, too. Goodbye.", status: "5.7.0", command: dsn.CommandCONN},
			{text: "554 5.7.1 <user@example.org>: Recipient address rejected: Blacklisted reverse DNS name of server IP address", status: "5.7.1", command: dsn.CommandRCPT},
			{text: "554 5.7.1 <user@example.org>: Recipient address rejected: Invalid HELO/EHLO; HRP limit exceeded", status: "5.7.1", command: dsn.CommandRCPT},
			// The client's HELO name does not resolve: not the recipient's domain.
			{text: "554 5.7.1 <user@example.org>: Recipient address rejected: Invalid HELO/EHLO; Cannot resolve 'mta.example.net', no such domain", status: "5.7.1", command: dsn.CommandRCPT},
			{text: "550 mta.example.net That HELO is not allowed to connect", command: dsn.CommandEHLO},
			{text: "550 You talk too soon", command: dsn.CommandCONN},
		}, []reasonCase{
			// The sender's domain on Spamhaus's domain list, with the
			// operator's URL: the sender is refused, not the client.
			{text: "554 5.7.1 Service unavailable; Sender address [sender@example.net] blocked using dbl.spamhaus.org; https://www.spamhaus.org/query/domain/example.net", status: "5.7.1", command: dsn.CommandRCPT},
		}},
		{RequirePTR, []reasonCase{
			{text: "550 5.7.1 This message does not meet IPv6 sending guidelines regarding PTR records and authentication.", status: "5.7.1", command: dsn.CommandDATA},
			{text: "550 Sorry we could not find address for 192.0.2.25.", command: dsn.CommandCONN},
			{text: "550 Sorry we encountered an error when looking up 192.0.2.25.", command: dsn.CommandCONN},
		}, nil},
		{RateLimited, []reasonCase{
			{text: "450 4.2.1 The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time.", status: "4.2.1", command: dsn.CommandRCPT},
			{text: "450 4.2.1 Peak SMTP relay limit exceeded for customer.", status: "4.2.1", command: dsn.CommandRCPT},
		}, nil},
		{FailedSTARTTLS, []reasonCase{
			{text: "421 4.7.0 TLS required for RCPT domain, closing connection.", status: "4.7.0", command: dsn.CommandRCPT},
		}, nil},
		{Suspend, []reasonCase{
			{text: "550 5.2.1 user@example.org is expired account", status: "5.2.1", command: dsn.CommandRCPT},
		}, []reasonCase{
			// The sender's password, not the recipient's account.
			{text: "535 5.7.8 Authentication failed: password is expired", status: "5.7.8", command: dsn.CommandAUTH},
		}},
		{VirusDetected, nil, []reasonCase{
			// A scanner that failed found no virus.
			{text: "451 4.7.1 Message rejected due to virus scanner error", status: "4.7.1", command: dsn.CommandDATA},
		}},
		{SystemError, []reasonCase{
			{text: "450 4.0.0 Failed to process recipient, try again [ERRC01]", status: "4.0.0", command: dsn.CommandRCPT},
		}, nil},
		{Rejected, []reasonCase{
			{text: "554 5.7.1 <user@example.org>: Recipient address rejected: Policy rejection due to null sender", status: "5.7.1", command: dsn.CommandRCPT},
			{text: "554 5.7.1 Matched map: GLOBAL_SMTP_FROM_BL", status: "5.7.1", command: dsn.CommandDATA},
			{text: "550 sender@example.net That sender cannot send mail here", command: dsn.CommandMAIL},
		}, []reasonCase{
			// mailcow's recipient blacklist names the recipient, not the sender.
			{text: "554 5.7.1 Matched map: GLOBAL_RCPT_BL", status: "5.7.1", command: dsn.CommandDATA},
		}},
		{SpamDetected, []reasonCase{
			{text: "550 Sorry, looks like spam", command: dsn.CommandDATA},
			{text: "554 5.7.1 Message rejected: looks like spam", status: "5.7.1", command: dsn.CommandDATA},
		}, []reasonCase{
			{text: "550 This message does not look like spam", command: dsn.CommandDATA},
		}},
		{NotAccept, []reasonCase{
			{text: "550 host does not receive any mail", command: dsn.CommandRCPT},
		}, nil},
		{EmailTooLarge, []reasonCase{
			{text: "554 5.7.1 <user@example.org>: Recipient address rejected: Message size exceed (maybe caused by big attachment file)", status: "5.7.1", command: dsn.CommandRCPT},
		}, []reasonCase{
			{text: "552 5.2.2 Mailbox size exceeded", status: "5.2.2", command: dsn.CommandRCPT},
		}},
	}
	for _, tt := range tests {
		assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
	}
}
