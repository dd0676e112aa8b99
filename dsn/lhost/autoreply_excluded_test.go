package lhost

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// sieveVacationTo builds a Pigeonhole Sieve vacation reply (the header set
// of cmd-vacation.c) to the given To value, with the given Subject.
func sieveVacationTo(to, subject string) string {
	return "From: <j.hale@orchard-labs.example>\nTo: " + to + "\nSubject: " + subject + "\n" +
		"Message-ID: <dovecot-sieve-1-1-0@imap.orchard-labs.example>\nAuto-Submitted: auto-replied (vacation)\n" +
		"Precedence: bulk\nIn-Reply-To: <c1@ops1.example>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n" +
		"I am out of the office until 8 December.\n"
}

func TestAutoReplyExcluded(t *testing.T) {
	postfixToRoot := "From: MAILER-DAEMON@ops1.example (Mail Delivery System)\nTo: root@ops1.example\n" +
		"Subject: Undelivered Mail Returned to Sender\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\n\n" +
		"--b1\nContent-Type: text/plain\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n" +
		"--b1\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; ops1.example\n\n" +
		"Final-Recipient: rfc822; ops@example.net\nAction: failed\nStatus: 5.1.1\n" +
		"Diagnostic-Code: smtp; 550 5.1.1 <ops@example.net>: User unknown\n\n--b1--\n"
	runKindCases(t, []kindCase{
		{name: "vacation reply to root", msg: sieveVacationTo("<root@ops1.orchard-labs.example>", "Auto: Cron <backup@ops1> nightly-dump"),
			kind: dsn.NotBounce, decoder: AutoReplyExcluded},
		{name: "vacation reply to root with a display name", msg: sieveVacationTo("Cron Daemon <ROOT@ops1.example>", "Re: Logwatch for ops1"),
			kind: dsn.NotBounce, decoder: AutoReplyExcluded},
		{name: "sudo's subject on an auto-reply", msg: sieveVacationTo("<admin@ops1.example>", "Auto: *** SECURITY information for ops1 ***"),
			kind: dsn.NotBounce, decoder: AutoReplyExcluded},
		{name: "Exim's mail failure subject on an auto-reply", msg: sieveVacationTo("<admin@ops1.example>", "Auto: Mail failure - malformed recipient address"),
			kind: dsn.NotBounce, decoder: AutoReplyExcluded},
		// near misses: still auto-replies
		{name: "local part ending in root", msg: sieveVacationTo("<taproot@orchard-labs.example>", "Auto: pricing"),
			kind: dsn.AutoReply, decoder: dsn.RFC3834, rcpt: "j.hale@orchard-labs.example"},
		{name: "root in the domain", msg: sieveVacationTo("<ops@root.example>", "Auto: pricing"),
			kind: dsn.AutoReply, decoder: dsn.RFC3834, rcpt: "j.hale@orchard-labs.example"},
		{name: "mail failures without the dash", msg: sieveVacationTo("<admin@ops1.example>", "Auto: mail failures this week"),
			kind: dsn.AutoReply, decoder: dsn.RFC3834, rcpt: "j.hale@orchard-labs.example"},
		// a bounce to root stays a bounce
		{name: "Postfix bounce to root", msg: postfixToRoot, kind: dsn.DeliveryReport, rcpt: "ops@example.net"},
	})
}

// AutoReplyExcluded makes no bounce, so it declares no marks, as NotBounce.
func init() { markExempt[AutoReplyExcluded] = true }
