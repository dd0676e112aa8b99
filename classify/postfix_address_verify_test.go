package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestUnverifiedRecipientProbe: Postfix's reject_unverified_recipient
// quotes the verify probe's own result after "undeliverable address:"
// (src/smtpd/smtpd_check.c). A probe result naming another reason decides;
// a probe that reached a mailbox check keeps userunknown.
func TestUnverifiedRecipientProbe(t *testing.T) {
	for _, tc := range []struct {
		name, diag string
		want       Reason
	}{
		// modoboa/modoboa#2097, as the sender's Postfix reported it.
		{"probe loops back", "550 5.1.1 <admin@abit.example>: Recipient address rejected: undeliverable address: mail for abit.example loops back to myself", NetworkError},
		// src/dns/dns_lookup.c's text as the probe's result.
		{"probe host not found", "550 5.1.1 <info@shop.example>: Recipient address rejected: undeliverable address: Host or domain name not found. Name service error for name=relay.shop.example type=A: Host not found", HostUnknown},
		// Near misses: the probe met the mailbox check; the sender's probe;
		// the loop text alone (postfix.tsv and conflicts.tsv: networkerror).
		{"probe user unknown", "550 5.1.1 <bob@corp.example>: Recipient address rejected: undeliverable address: host mx.corp.example[192.0.2.5] said: 550 5.1.1 <bob@corp.example>: Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command)", UserUnknown},
		{"probe unknown user, local", "550 5.1.1 <carol@corp.example>: Recipient address rejected: undeliverable address: unknown user: \"carol\"", UserUnknown},
		{"sender's probe", "550 5.1.0 <x@sender.example>: Sender address rejected: undeliverable address: mail for sender.example loops back to myself", Rejected},
		{"loop alone", "554 5.4.6 mail for abit.example loops back to myself", NetworkError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fact("mail.abit.example", "admin@abit.example", tc.diag[4:9], tc.diag)
			f.Recipients[0].Command = "RCPT"
			v := classifyOne(t, f)
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}

// TestTOnlineDial: T-Online's (DIAL) refusal at connection, as an MTA
// relays it without Postfix's "refused to talk to me" (chatmail/provider-db#280).
func TestTOnlineDial(t *testing.T) {
	for _, tc := range []struct {
		name, rmta, rcpt, diag string
		want                   Reason
	}{
		{"T-Online DIAL", "mx00.t-online.de", "bob@t-online.de",
			"554 IP=95.216.0.144 - Dialup/transient IP not allowed. Use a mailgateway or contact toda@rx.t-online.de if obsolete. (DIAL)", Blocked},
		{"T-Online BL unchanged", "mx00.t-online.de", "bob@t-online.de",
			"554 IP=188.0.2.15 - A problem occurred. (Ask your postmaster for help or to contact tosa@rx.t-online.de to clarify.) (BL)", Blocked},
		// Near miss: "transient" alone is a temporary failure's word, not a block
		// (without "try again later", which filters_selfhosted.tsv masks as a deferral
		// naming no failure).
		{"transient failure", "mx.example.net", "bob@example.net",
			"451 4.3.0 Transient failure", SystemError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := "5.0.0"
			if tc.diag[0] == '4' {
				st = "4.3.0"
			}
			v := classifyOne(t, fact(tc.rmta, tc.rcpt, st, tc.diag))
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
