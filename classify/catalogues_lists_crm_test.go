package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestListAndCRMCatalogueTexts reads the replies of catalogues_lists_crm.tsv as the
// catalogues quote them, and near misses that must not take the same
// reason: the same words about something else, or a wider text.
func TestListAndCRMCatalogueTexts(t *testing.T) {
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{MailerError, []reasonCase{
			{text: `"|/usr/local/bin/mailfilt -u #dkms" (reason: Can't create output)`},
			{text: "550 5.0.0 <user@example.org>... Can't create output", status: "5.0.0"},
		}, []reasonCase{
			// Postfix local(8) could not write the recipient's file: a system error.
			{text: "can't create user output file", status: "5.2.0"},
		}},
		{EmailTooLarge, []reasonCase{
			{text: "552 message size exceeded", command: dsn.CommandDATA},
		}, []reasonCase{
			{text: "552 mailbox size exceeded", command: dsn.CommandRCPT},
		}},
		{ContentError, []reasonCase{
			{text: "Messages without To: fields are not accepted here", status: "5.0.0"},
			{text: "Messages without Subject: fields are not accepted here", status: "5.0.0"},
		}, nil},
		{Filtered, []reasonCase{
			{text: "550 The user does not accept email in non-Western (non-Latin) character sets.", command: dsn.CommandRCPT},
			{text: "550 5.7.1 Message blocked by a user configured filter", status: "5.7.1", command: dsn.CommandDATA},
		}, nil},
		{NoRelaying, []reasonCase{
			{text: "550 Local user only or Authentication mechanism", command: dsn.CommandRCPT},
		}, nil},
		{SpamDetected, []reasonCase{
			{text: "553 5.7.1 <user@example.org>... SpamTrap=reject mode, dsn=5.7.1, Message blocked by BOX Solutions (www.example.org) SpamTrap Technology", status: "5.7.1", command: dsn.CommandDATA},
		}, nil},
		{Blocked, []reasonCase{
			{text: "554 5.7.1 reject: Client host bypassing service provider's mail relay: mx.example.net", status: "5.7.1", command: dsn.CommandRCPT},
		}, nil},
		{NetworkError, []reasonCase{
			{text: "451 4.4.1 reply: read error from mx.example.org.", status: "4.4.1", delayed: true},
			{text: "user@example.org... Deferred: Name server: example.org.: host name lookup failure", status: "4.4.3", delayed: true},
			{text: "554 5.4.6 maximum hop count exceeded", status: "5.4.6", command: dsn.CommandDATA},
			{text: "554 message was forwarded more than the maximum allowed times", command: dsn.CommandDATA},
		}, []reasonCase{
			// The client's own name: a reverse-DNS refusal.
			{text: "554 5.7.1 - Connection refused. IP name lookup failed for 192.0.2.25", status: "5.7.1", command: dsn.CommandCONN},
		}},
		{Suspend, []reasonCase{
			{text: "550 user@example.org is inactive on this domain", command: dsn.CommandRCPT},
			{text: "550 5.2.1 mailaddress is administrativly disabled", status: "5.2.1", command: dsn.CommandRCPT},
			{text: "550 User banned", command: dsn.CommandRCPT},
			{text: "550 account deactivated", command: dsn.CommandRCPT},
		}, nil},
		{UserUnknown, []reasonCase{
			{text: "550-5.1.1 No hay nadie con esta dirección", status: "5.1.1", command: dsn.CommandRCPT},
			{text: "550 Elektronski naslov ne obstaja", command: dsn.CommandRCPT},
			{text: "554 no valid recipients", command: dsn.CommandRCPT},
			{text: "user anna@example.org not known at this site.", status: "5.0.0", command: dsn.CommandRCPT},
			{text: "554 no vaild recipients were found for this message", command: dsn.CommandRCPT},
		}, nil},
		{MailboxFull, []reasonCase{
			{text: "552 mailbox for user anna is full", command: dsn.CommandRCPT},
			{text: "552 no space left for this user", command: dsn.CommandDATA},
			{text: "since the mailbox size of the recipient was exceeded!", status: "5.0.0"},
		}, nil},
		{NoRelaying, []reasonCase{
			{text: "550 relayed mail to user@example.org not allowed", command: dsn.CommandRCPT},
			{text: "550 5.7.1 relaying not permitted", status: "5.7.1", command: dsn.CommandRCPT},
		}, nil},
		{RequirePTR, []reasonCase{
			{text: "550 192.0.2.25 has no corresponding reverse (PTR) address", command: dsn.CommandCONN},
		}, nil},
		{SyntaxError, []reasonCase{
			{text: "The peer SMTP host reports that it received bad SMTP command syntax.", status: "5.5.2"},
		}, nil},
		{MailboxFull, []reasonCase{
			{text: "あなた様がメールを送ったfreeserveユーザーのメールボックスが制限値に達しており、お送りになったメールを受け取ることが出来ませんでした。", status: "5.0.0"},
		}, nil},
		{UserUnknown, []reasonCase{
			{text: "送信先E-mailアドレスの不一致です", status: "5.0.0", command: dsn.CommandRCPT},
			{text: "あなたが送ろうとしたアドレス「anna@i.example.ne.jp」は、登録されていません。", status: "5.0.0", command: dsn.CommandRCPT},
		}, []reasonCase{
			// The same words about the sender's own address.
			{text: "送信元アドレスは登録されていません", status: "5.0.0", command: dsn.CommandMAIL},
		}},
		{PolicyViolation, []reasonCase{
			{text: "554 5.7.1 Message does not conform to our e-mail policy", status: "5.7.1", command: dsn.CommandDATA},
		}, nil},
	}
	for _, tt := range tests {
		assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
	}
}
