package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestMailServerTexts reads the replies of the mail servers in
// mta_groupware.tsv (Citadel, XMail, Kopano's dagent) and
// the older Exchange NDR texts in exchange.tsv as their sources write
// them, with the near misses that must keep another reason: the same
// server's refusal of the sender, a text that names two causes and
// leaves the choice to the status code.
func TestMailServerTexts(t *testing.T) {
	const exchangeSize = "This message is larger than the current system limit or the recipient's mailbox is full. Create a shorter message body or remove attachments and try sending it again."
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{UserUnknown, []reasonCase{
			{text: "550 Invalid recipient: nobody", command: dsn.CommandRCPT},
			{text: "550 Mailbox unavailable <user@example.org>", command: dsn.CommandRCPT},
			{text: "503 5.1.1 User does not exist", status: "5.1.1", command: dsn.CommandRCPT},
			{text: "The e-mail account does not exist at the organization this message was sent to. Check the e-mail address, or contact the recipient directly to find out the correct address. <server.example.org #5.1.1>", status: "5.1.1"},
		}, []reasonCase{
			// Kopano's internal failure under its 5.1.1.
			{text: "503 5.1.1 Internal error during delivery", status: "5.1.1", command: dsn.CommandDATA},
			// Citadel's refusal of an unauthenticated sender in its own domain.
			{text: "550 You must log in to send mail from example.org", command: dsn.CommandMAIL},
		}},
		{SecurityError, []reasonCase{
			{text: "550 You must log in to send mail from example.org", command: dsn.CommandMAIL},
			{text: "550 You must log in to send mail on this port.", command: dsn.CommandRCPT},
		}, nil},
		{Filtered, []reasonCase{
			{text: "550 Message rejected by filter", command: dsn.CommandDATA},
		}, nil},
		{SystemError, []reasonCase{
			{text: "550 Internal delivery error", command: dsn.CommandDATA},
			{text: "550 Unable to save message: internal error.", command: dsn.CommandDATA},
			{text: "451 Requested action aborted: (17) local error in processing", command: dsn.CommandDATA, delayed: true},
			{text: "503 5.1.1 Internal error during delivery", status: "5.1.1", command: dsn.CommandDATA},
		}, nil},
		{Suspend, []reasonCase{
			{text: "550 Account disabled <user@example.org>", command: dsn.CommandRCPT},
		}, nil},
		{MailboxFull, []reasonCase{
			{text: "452 Mailbox full <user@example.org>", command: dsn.CommandRCPT, delayed: true},
			{text: "552 5.2.2 user@example.org Quota exceeded", status: "5.2.2", command: dsn.CommandDATA},
			{text: "552 5.2.2 " + exchangeSize, status: "5.2.2", command: dsn.CommandDATA},
		}, []reasonCase{
			// The same Exchange text for a message over the size limit.
			{text: exchangeSize + " <mx.example.org #5.2.3 smtp;552 5.2.3 Msg Size greater than allowed by Remote Host>", status: "5.2.3"},
		}},
		{EmailTooLarge, []reasonCase{
			{text: "552 Message exceeds fixed maximum message size", command: dsn.CommandDATA},
			{text: exchangeSize + " <mx.example.org #5.2.3 smtp;552 5.2.3 Msg Size greater than allowed by Remote Host>", status: "5.2.3"},
		}, nil},
		{Rejected, []reasonCase{
			{text: "557 Access denied <list@example.org> for user <sender@example.net>", command: dsn.CommandRCPT},
			// Postfix's reject_sender_login_mismatch.
			{text: "553 5.7.1 <sender@example.net>: Sender address rejected: not owned by user alice", status: "5.7.1", command: dsn.CommandRCPT},
		}, nil},
		{NoRelaying, []reasonCase{
			{text: "551 <user@example.org> - relaying denied", command: dsn.CommandRCPT},
			{text: "550 Relay denied", command: dsn.CommandRCPT},
		}, nil},
		{Expired, []reasonCase{
			{text: "The maximum time for delivering the message expired MSEXCH:MSExchangeMTA:SITE:SERVER", status: "5.4.7"},
		}, nil},
	}
	for _, tt := range tests {
		assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
	}
}
