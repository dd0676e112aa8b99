package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestCatalogueTexts reads the replies of catalogues.tsv (other bounce
// handlers' phrase catalogues) as the catalogues quote them, and near
// misses that must not take the same reason: the same words about the
// sender, an MTA's own connection failure, a gap that needs a word.
func TestCatalogueTexts(t *testing.T) {
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{Suspend, []reasonCase{
			{text: "550 Message was not accepted -- invalid mailbox. Local mailbox user@example.org is unavailable: account is disabled", command: dsn.CommandRCPT},
			{text: "550 5.1.1 user@example.org recipient rejected (mailbox locked)", status: "5.1.1", command: dsn.CommandRCPT},
			{text: `550 "User inactive"`, command: dsn.CommandRCPT},
			{text: "550 NOACTIVITY: Sorry, no recipient activity since 2019", command: dsn.CommandRCPT},
			{text: "550 Mailbox user@example.org is locked due to inactivity for more than 6 months", command: dsn.CommandRCPT},
			{text: "540 5.7.1 user@example.org recipient address rejected: Inactive", status: "5.7.1", command: dsn.CommandRCPT},
			{text: "554 5.7.1 User user@example.org should log in to enable receiving the mail", status: "5.7.1", command: dsn.CommandRCPT},
			{text: "552 user@example.org is a disabled mailbox", command: dsn.CommandRCPT},
			{text: "550 5.2.1 <user@example.org> Account administratively disabled", status: "5.2.1", command: dsn.CommandRCPT},
			{text: "550 5.2.1 Sorry, conta inativa", status: "5.2.1", command: dsn.CommandRCPT},
			{text: "550 account deactivated due to extended inactivity", command: dsn.CommandRCPT},
		}, []reasonCase{
			// The same words about the sender, before any recipient.
			{text: "553 5.7.1 <sender@example.net>: Sender address rejected: User inactive", status: "5.7.1", command: dsn.CommandMAIL},
		}},
		{NoRelaying, []reasonCase{
			{text: "554 Refused. Sending to remote addresses (relaying) is not allowed", command: dsn.CommandRCPT},
			{text: "553 sorry, relay of mail is not allowed", command: dsn.CommandRCPT},
		}, nil},
		{HostUnknown, []reasonCase{
			{text: "550 unable to route: no mail hosts for domain", command: dsn.CommandRCPT},
			{text: "550 RCPT address has non-existant domain example.org", command: dsn.CommandRCPT},
			{text: "550 5.1.2 domain no longer in use", status: "5.1.2", command: dsn.CommandRCPT},
			{text: "550 unknown domain", command: dsn.CommandRCPT},
		}, []reasonCase{
			// The sender's domain, before the recipient and after it.
			{text: "553 5.1.8 <sender@example.net>: no mail hosts for domain", status: "5.1.8", command: dsn.CommandMAIL},
			{text: "450 4.1.8 <sender@example.net>: Sender address rejected: unknown domain", status: "4.1.8", command: dsn.CommandRCPT, delayed: true},
		}},
		{BadReputation, []reasonCase{
			{text: "554 rejected due to sender IP reputation", command: dsn.CommandCONN},
		}, nil},
		{AuthFailure, []reasonCase{
			{text: "550 message fails domainkeys", command: dsn.CommandDATA},
			{text: "550 5.7.1 sender id (pra) not permitted", status: "5.7.1", command: dsn.CommandMAIL},
		}, nil},
		{RequirePTR, []reasonCase{
			{text: "554 Client address rejected: No reverse DNS for 192.0.2.25", command: dsn.CommandCONN},
			{text: "421 mx.example.org Your host 192.0.2.25 has no valid Reverse DNS", command: dsn.CommandCONN, delayed: true},
			{text: "554 5.7.1 - Connection refused. IP name lookup failed for 192.0.2.25", status: "5.7.1", command: dsn.CommandCONN},
			{text: "421 4.1.2 user@example.org: Recipient address rejected: No reverse name for your IP address", status: "4.1.2", command: dsn.CommandRCPT, delayed: true},
			{text: "550-5.5.1 Server 192.0.2.25 has an invalid PTR record", status: "5.5.1", command: dsn.CommandCONN},
			{text: "550 Reverse DNS lookup failed for host 192.0.2.25"},
		}, nil},
		{SystemError, []reasonCase{
			{text: "451 4.3.5 <sender@example.net>: Sender address rejected: Server configuration problem", status: "4.3.5", command: dsn.CommandMAIL, delayed: true},
		}, nil},
		{Blocked, []reasonCase{
			{text: "550 5.7.1 Mailbox unavailable. Your IP address 192.0.2.25 is blacklisted using bl.example.org", status: "5.7.1", command: dsn.CommandRCPT},
			{text: "554 mx.example.org ESMTP - Too much Spam from this IP", command: dsn.CommandCONN},
			{text: "554 5.3.2 Sorry, we do not accept connections from your IP", status: "5.3.2", command: dsn.CommandCONN},
			{text: "554 mx.example.org bizsmtp a1b2c3 Connection refused from 192.0.2.25", command: dsn.CommandCONN},
		}, []reasonCase{
			// The MTA's own failure to connect is not a refusal of the client.
			{text: "connect to mx.example.org[192.0.2.1]:25: Connection refused", status: "4.4.1", delayed: true},
		}},
		{SpamDetected, []reasonCase{
			{text: "550 Message refused by spam filter", command: dsn.CommandDATA},
			{text: "550 5.7.1 Refused by local policy. No SPAM please", status: "5.7.1", command: dsn.CommandDATA},
			{text: "550 This message has been blocked because it contains FortiGuard - AntiSpam blocking URL", command: dsn.CommandDATA},
			{text: "550 The message that you sent was considered spam", command: dsn.CommandDATA},
			{text: "550 message looks too much like spam", command: dsn.CommandDATA},
		}, nil},
		{PolicyViolation, []reasonCase{
			{text: "550 Message rejected due to the attachment filtering policy", command: dsn.CommandDATA},
			{text: "550 Message Denied: Restricted attachment", command: dsn.CommandDATA},
		}, nil},
		{NotCompliantRFC, []reasonCase{
			{text: "550 5.7.0 (a1b2c3) Message could not be delivered. Please ensure the message is RFC 5322 compliant", status: "5.7.0", command: dsn.CommandDATA},
			{text: "554 Message not allowed - Headers are not RFC compliant[291]", command: dsn.CommandDATA},
		}, nil},
		{MailboxFull, []reasonCase{
			{text: "550 MapiExceptionShutoffQuotaExceeded", command: dsn.CommandRCPT},
			{text: "451 Account user@example.org out of quota. Try later", command: dsn.CommandRCPT, delayed: true},
			{text: "550 Delivery error.Mailbox of user@example.org is FULL", command: dsn.CommandRCPT},
			{text: "550 message would exceed the quota for the mailbox", command: dsn.CommandDATA},
			{text: "550 The user's space has used up.", command: dsn.CommandRCPT},
		}, []reasonCase{
			// The sender's sending allowance, and words the gap needs a word for.
			{text: "552 5.7.1 Sender account is full", status: "5.7.1", command: dsn.CommandMAIL},
			{text: "451 4.7.1 Sending account out of quota, try later", status: "4.7.1", command: dsn.CommandRCPT, delayed: true},
		}},
	}
	for _, tt := range tests {
		assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
	}
}
