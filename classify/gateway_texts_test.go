package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestGatewayAndServerTexts reads the replies of the mail servers,
// filtering services and national providers in stalwart.tsv, maddy.tsv,
// mta-more.tsv, gateways-more.tsv and providers-national.tsv as their
// sources write them, and near misses that must not take the same
// reason: the words about the sender instead of the recipient, a code
// that only begins like a documented one, a gap that would swallow a
// negation.
func TestGatewayAndServerTexts(t *testing.T) {
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{UserUnknown, []reasonCase{
			{text: "550 5.1.2 Mailbox does not exist.", status: "5.1.2", command: dsn.CommandRCPT},
			{text: "501 5.1.1 User does not exist", command: dsn.CommandRCPT},
			{text: "550 5.7.1 Connection refused - OXSUS0001_403", status: "5.7.1", command: dsn.CommandRCPT},
			{text: "550 5.1.1 Account not found", command: dsn.CommandRCPT},
			{text: "5.1.1 szn; User hasn't got the service mapped", status: "5.1.1"},
			{text: "550 Invalid Mailbox (Call FWD)", command: dsn.CommandRCPT},
		}, []reasonCase{
			{text: "550 5.1.7 Sender mailbox does not exist", status: "5.1.7", command: dsn.CommandMAIL},
			{text: "550 5.1.0 Sender account not found", command: dsn.CommandMAIL},
		}},
		{NoRelaying, []reasonCase{
			{text: "550 5.1.1 not accepting email for domain", command: dsn.CommandRCPT},
			{text: "550 <user@example.com>: ETP100 Invalid recipient", command: dsn.CommandRCPT},
			{text: "550 5.1.2 Relay not allowed.", status: "5.1.2", command: dsn.CommandRCPT},
			{text: "550 Relay Disabled", command: dsn.CommandRCPT},
			{text: "550 5.7.1 routed address relaying denied #131", status: "5.7.1", command: dsn.CommandRCPT},
		}, []reasonCase{
			// A code that only begins like Trellix's ETP100.
			{text: "550 <user@example.com>: ETP1000 Invalid recipient", command: dsn.CommandRCPT},
		}},
		{Blocked, []reasonCase{
			{text: "550 [S10] Blocked"},
			{text: "550 5.7.1 <a@example.org>: Recipient address rejected: Mail appeared to be SPAM or forged. Ask your Mail/DNS-Administrator to correct HELO and DNS MX settings or to get removed from DNSBLs", command: dsn.CommandRCPT},
			{text: "550 5.7.1 [RBL] Sender blocked 192.0.2.1", status: "5.7.1", command: dsn.CommandDATA},
			{text: "550 5.7.1 Connection refused - OXSUS0001_101", status: "5.7.1"},
			{text: "554 5.7.0 Client identity listed in the used DNSBL", command: dsn.CommandMAIL},
			{text: "550 5.7.1 host mail.example.org [192.0.2.1] black listed #120", status: "5.7.1"},
			{text: "550 Error. Blocked for abuse", command: dsn.CommandMAIL},
			{text: "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using Guardian Mail", status: "5.7.1", command: dsn.CommandRCPT},
			{text: "554 5.7.1 Client host 192.0.2.1 blocked using ZEN - see https://www.spamhaus.org/query/ip/192.0.2.1 for details", status: "5.7.1", command: dsn.CommandRCPT},
			// A listing on the public zone, answered with its record, not an error.
			{text: "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.1", status: "5.7.1", command: dsn.CommandRCPT},
		}, []reasonCase{
			// A code that only begins like Vade's 101.
			{text: "550 5.7.1 Connection refused - OXSUS0001_1010", status: "5.7.1"},
			// The gap of a loose "host * black listed" would take the "not".
			{text: "550 5.7.1 host mail.example.org [192.0.2.1] not black listed, recipient rejected", status: "5.7.1", command: dsn.CommandRCPT},
		}},
		{RequirePTR, []reasonCase{
			{text: "450 4.7.1 <a@example.org>: Client host rejected: No DNS entries for your MTA, HELO and Domain. Contact YOUR administrator", status: "4.7.1", command: dsn.CommandRCPT, delayed: true},
			{text: "550 5.7.25 Reverse DNS validation failed.", status: "5.7.25", command: dsn.CommandMAIL},
			{text: "550 5.7.25 No PTR record found", status: "5.7.25", command: dsn.CommandMAIL},
			{text: "550 5.7.1 Connection refused - OXSUS0001_105", status: "5.7.1"},
		}, nil},
		{Rejected, []reasonCase{
			{text: "550 5.7.1 [ESA] Sender blocked.", status: "5.7.1", command: dsn.CommandDATA},
			{text: "501 5.7.27 Domain in MAIL FROM has null MX record", status: "5.7.27", command: dsn.CommandMAIL},
			{text: "550 5.1.1 <sender@example.org> sender is blacklisted", status: "5.1.1", command: dsn.CommandRCPT},
			{text: "554 5.7.1 Sender address sender@example.net blocked using DBL - see https://www.spamhaus.org/query/domain/example.net for details", status: "5.7.1", command: dsn.CommandRCPT},
			{text: "554 5.7.1 Sender address sender@example.net blocked using ZRD - domain too young", status: "5.7.1", command: dsn.CommandRCPT},
		}, []reasonCase{
			// The client's HELO name on the same list, not the sender's domain.
			{text: "554 5.7.1 Helo command mail.example.net blocked using DBL - see https://www.spamhaus.org/query/domain/mail.example.net for details", status: "5.7.1", command: dsn.CommandRCPT},
			// The recipient's domain, not the sender's.
			{text: "550 Domain in RCPT TO does not have any MX records", command: dsn.CommandRCPT},
			// The sending IP, not the sender's address.
			{text: "550 5.7.1 sender IP is blacklisted", status: "5.7.1", command: dsn.CommandRCPT},
		}},
		{AuthFailure, []reasonCase{
			{text: "550 5.7.1 [BFD] Sender prohibited by SPF", status: "5.7.1", command: dsn.CommandDATA},
			{text: "550 5.7.1 Unauthenticated email is not accepted due to domain's DMARC policy", status: "5.7.1", command: dsn.CommandDATA},
			{text: "550 5.7.20 No passing DKIM signatures found.", status: "5.7.20", command: dsn.CommandDATA},
			{text: "550 5.7.1 Email rejected per DMARC policy.", status: "5.7.1", command: dsn.CommandDATA},
			{text: "550 5.7.23 SPF authentication soft-failed", status: "5.7.23", command: dsn.CommandDATA},
			{text: "550 Forged sender domain from this server", command: dsn.CommandMAIL},
		}, nil},
		{MailboxFull, []reasonCase{
			{text: "550 neko: mailbox quota exceeded for this recipient", command: dsn.CommandRCPT},
			{text: "550 neko: message would exceed maximum mailbox size for this recipient", command: dsn.CommandRCPT},
			{text: "422 4.2.2 Quota limit exceeded (Speicherplatz des Kontos ueberschritten)", status: "4.2.2", command: dsn.CommandRCPT, delayed: true},
		}, []reasonCase{
			// The message's size, not the mailbox's.
			{text: "550 Message size would exceed maximum message size for this recipient's server", command: dsn.CommandRCPT},
		}},
		{RateLimited, []reasonCase{
			{text: "452 4.4.5 Rate limit exceeded, try again later.", status: "4.4.5", command: dsn.CommandRCPT, delayed: true},
			{text: "421 4.2.1 Connection refused - OXSUS0001_139", status: "4.2.1", delayed: true},
		}, nil},
		{SpamDetected, []reasonCase{
			{text: "558 5.7.1 Message content rejected due to suspected spam. IB704x", status: "5.7.1", command: dsn.CommandDATA},
			{text: "554 5.7.1 Mail (m1-12345) appears to be unsolicited - resend with the code 123 appended to subject", status: "5.7.1", command: dsn.CommandDATA},
			{text: "550 The message is rejected by spam filtering engine.", command: dsn.CommandDATA},
		}, nil},
		{BadReputation, []reasonCase{
			{text: "554 5.5.4 Your IP 192.0.2.1 address has a bad reputation. To unblock visit http://cloud-security.net/unblock?a=1", status: "5.5.4", command: dsn.CommandRCPT},
		}, nil},
		{SystemError, []reasonCase{
			// Spamhaus answered the receiver's query from an open resolver with an error code.
			{text: "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org; Error: open resolver; https://check.spamhaus.org/returnc/pub/192.0.2.1/", status: "5.7.1", command: dsn.CommandRCPT},
			{text: "550 Error: open resolver; https://www.spamhaus.org/returnc/pub/2001:db8::1", command: dsn.CommandRCPT},
			{text: "554 5.7.1 Service unavailable; Sender address [example.net] blocked using dbl.spamhaus.org; Error: open resolver; https://check.spamhaus.org/returnc/pub/192.0.2.1/", status: "5.7.1", command: dsn.CommandRCPT},
			{text: "451 Could not complete recipient callout", command: dsn.CommandRCPT, delayed: true},
			// Trellix ETP could not check the recipient with the customer's server.
			{text: "451 4.3.0 <user@example.com>: ETP103 Invalid recipient", status: "4.3.0", command: dsn.CommandRCPT, delayed: true},
			{text: "550 5.7.1 <user@example.com>: ETP105 Invalid domain mode", status: "5.7.1", command: dsn.CommandRCPT},
		}, []reasonCase{
			// A code that only begins like Trellix's ETP103.
			{text: "550 5.1.1 <user@example.com>: ETP1030 Invalid recipient", status: "5.1.1", command: dsn.CommandRCPT},
			// The error words after another list's name are not Spamhaus's.
			{text: "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using bl.spamcop.net; Error: open resolver", status: "5.7.1", command: dsn.CommandRCPT},
		}},
		{SystemFull, []reasonCase{
			{text: "452 4.3.1 Mail system full, try again later.", status: "4.3.1", command: dsn.CommandDATA, delayed: true},
		}, nil},
		{EmailTooLarge, []reasonCase{
			{text: "552 Message too large (maximum size 14MB)", command: dsn.CommandDATA},
		}, nil},
		{VirusDetected, []reasonCase{
			{text: "554 5.7.1 Mail appears infected with Eicar-Test -- disinfect and resend.", status: "5.7.1", command: dsn.CommandDATA},
		}, nil},
		{Suspend, []reasonCase{
			{text: "550 5.1.1 Inactive mbox", status: "5.1.1", command: dsn.CommandRCPT},
			{text: "550 5.1.1 Suspended user", status: "5.1.1", command: dsn.CommandRCPT},
		}, []reasonCase{
			// The sender's account, not the recipient's.
			{text: "553 5.7.1 Sender is a suspended user", status: "5.7.1", command: dsn.CommandMAIL},
		}},
		{Filtered, []reasonCase{
			{text: "550 5.7.1 Recipient doesn't want your mail", status: "5.7.1", command: dsn.CommandRCPT},
			{text: "550 You are registered as spammer (by user's reject list)", command: dsn.CommandRCPT},
		}, nil},
		{HostUnknown, []reasonCase{
			{text: "550 5.1.2 No usable MXs found", status: "5.1.2"},
		}, []reasonCase{
			// maddy's failure to connect to every MX of a domain that has them.
			{text: "451 4.4.1 No usable MXs, last err: dial tcp 192.0.2.1:25: connect: connection refused", status: "4.4.1", delayed: true},
		}},
		{FailedSTARTTLS, []reasonCase{
			{text: "550 Your sender domain is required to send via an encrypted SMTP session", command: dsn.CommandMAIL},
			{text: "<neko@example.com> (TLS error from 'mx.example.com': invalid peer certificate)", status: "5.0.0"},
			{text: "<neko@example.com> (DANE failed to authenticate 'mx.example.com': no matching TLSA record)", status: "5.0.0"},
		}, nil},
		{NetworkError, nil, []reasonCase{
			// A receiver's local fault, not a connection to a remote host.
			{text: "451 4.3.0 Connection to mailbox database failed, try again later", status: "4.3.0", command: dsn.CommandDATA, delayed: true},
		}},
		{Suppressed, []reasonCase{
			{text: "550 5.7.1 [UNS] Recipient has unsubscribed from your list.", status: "5.7.1", command: dsn.CommandDATA},
		}, nil},
		{PolicyViolation, []reasonCase{
			{text: "550 5.7.1 [IB_FEB] Your message could not be delivered because it contained an attachment type that is not allowed", status: "5.7.1", command: dsn.CommandDATA},
		}, nil},
		{NetworkError, []reasonCase{
			{text: "554 ETP104 Routing loop detected", command: dsn.CommandDATA},
		}, nil},
	}
	for _, tt := range tests {
		assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
	}
}
