package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestSuiteTexts: the refusals of groupware suites' own components
// (suites.tsv): cbpolicyd as Zimbra and Carbonio ship it, quoted by
// Postfix's recipient restrictions, and gromox's SMTP server, whose
// replies carry no enhanced status code.
func TestSuiteTexts(t *testing.T) {
	runFactCases(t, []factCase{
		{name: "cbpolicyd message count", status: "5.7.1", command: "RCPT", action: dsn.ActionFailed,
			diag: "554 5.7.1 <ops@example.org>: Recipient address rejected: Policy rejection; Message count quota exceeded", want: RateLimited},
		{name: "cbpolicyd message count deferred", status: "4.7.1", command: "RCPT", action: dsn.ActionDelayed,
			diag: "450 4.7.1 <ops@example.org>: Recipient address rejected: Policy rejection; Message count quota exceeded", want: RateLimited},
		{name: "cbpolicyd cumulative size", status: "5.7.1", command: "RCPT", action: dsn.ActionFailed,
			diag: "554 5.7.1 <ops@example.org>: Recipient address rejected: Policy rejection; Cumulative message size quota exceeded", want: RateLimited},
		{name: "cbpolicyd greylisting blacklist", status: "5.7.1", command: "RCPT", action: dsn.ActionFailed,
			diag: "554 5.7.1 <ops@example.org>: Recipient address rejected: Greylisting in effect, sending server blacklisted", want: Blocked},
		{name: "gromox mailbox full 452", status: "4.0.0", command: "RCPT", action: dsn.ActionDelayed,
			diag: "452 Mailbox ops@example.org is full", want: MailboxFull},
		{name: "gromox mailbox full 450", status: "4.0.0", command: "RCPT", action: dsn.ActionDelayed,
			diag: "450 Mailbox ops@example.org is full", want: MailboxFull},
		{name: "gromox relay to", status: "5.0.0", command: "RCPT", action: dsn.ActionFailed,
			diag: "554 Relay to <ops@example.org> is denied", want: NoRelaying},
		{name: "gromox relay from ip", status: "5.0.0", command: "RCPT", action: dsn.ActionFailed,
			diag: "554 Relay from your IP address 192.0.2.7 is denied", want: NoRelaying},
		{name: "gromox relay from addr", status: "5.0.0", command: "RCPT", action: dsn.ActionFailed,
			diag: "554 Relay from your addr mail.example.net is denied", want: NoRelaying},
		{name: "gromox virus", status: "5.0.0", command: "DATA", action: dsn.ActionFailed,
			diag: "554 Message is infected by virus", want: VirusDetected},
		{name: "gromox ip denied 521", status: "5.2.1", action: dsn.ActionFailed,
			diag: "521 Access is denied from your IP address 192.0.2.7", want: Blocked},
		{name: "gromox audit blacklist deferred", status: "4.0.0", command: "MAIL", action: dsn.ActionDelayed,
			diag: "453 Access is denied - sender is in the audit blacklist, try later", want: Rejected},
		{name: "gromox sender blacklist", status: "5.0.0", command: "MAIL", action: dsn.ActionFailed,
			diag: "553 Access is denied - sender is in the blacklist", want: Rejected},
		{name: "gromox list privilege", status: "5.0.0", action: dsn.ActionFailed,
			diag: "You have not enough privilege to send mail to mail list all@example.org, this mail list can only accept mails come from internal members.", want: Rejected},
	})
	// Near misses: a mailbox's own quota stays mailboxfull; a size quota
	// for one message stays emailtoolarge; a relay refusal in other words,
	// greylisting without the blacklist, and another party's full mailbox
	// keep their readings.
	runFactNearMisses(t, []factNearMiss{
		{name: "mailbox quota exceeded", status: "5.2.2", command: "DATA", action: dsn.ActionFailed,
			diag: "552 5.2.2 <ops@example.org> Quota exceeded", notWant: RateLimited},
		{name: "message size quota", status: "5.3.4", command: "DATA", action: dsn.ActionFailed,
			diag: "552 5.3.4 Message size exceeds fixed maximum message size", notWant: RateLimited},
		{name: "greylisting only", status: "4.7.1", command: "RCPT", action: dsn.ActionDelayed,
			diag: "451 4.7.1 Greylisting in effect, please come back later", notWant: Blocked},
		{name: "relay access denied elsewhere", status: "5.7.1", command: "RCPT", action: dsn.ActionFailed,
			diag: "554 5.7.1 <ops@example.org>: Relay access denied", notWant: MailboxFull},
		{name: "client ip blacklist stays blocked", status: "5.7.1", command: "RCPT", action: dsn.ActionFailed,
			diag: "554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org", notWant: Rejected},
		{name: "mailbox gap is one address", status: "4.3.0", command: "RCPT", action: dsn.ActionDelayed,
			diag: "451 Mailbox ops@example.org could not be opened because the spool disk is full", notWant: MailboxFull},
	})
}
