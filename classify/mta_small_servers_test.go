package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestSmallMailServerTexts reads the replies of the mail servers in
// mta_small_servers.tsv (CommuniGate Pro, chasquid, mox, Postal, MailEnable) as their
// sources write them, with the near misses that must keep another
// reason: a reply code or status that says one thing where the text says
// another, the same server's refusal of the sender, a wider text.
func TestSmallMailServerTexts(t *testing.T) {
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{UserUnknown, []reasonCase{
			{text: "550 5.1.1 Destination address is unknown (user does not exist)", status: "5.1.1", command: dsn.CommandRCPT},
			{text: "550 5.1.3 Destination address is invalid", status: "5.1.3", command: dsn.CommandRCPT},
			{text: "550 5.1.1 no such user(s)", status: "5.1.1", command: dsn.CommandDATA},
			{text: "550 Invalid route token", command: dsn.CommandRCPT},
			{text: "550 Invalid server token", command: dsn.CommandRCPT},
			{text: "550 Domain for ([SMTP:user@example.org]) is locally serviced, but recipient is not defined in address map", command: dsn.CommandRCPT},
		}, []reasonCase{
			// chasquid's refusal of a malformed sender at MAIL.
			{text: "501 5.1.7 Sender address malformed", status: "5.1.7", command: dsn.CommandMAIL},
		}},
		{Rejected, []reasonCase{
			{text: "501 5.1.7 Sender address malformed", status: "5.1.7", command: dsn.CommandMAIL},
			{text: "501 5.1.8 Sender address must contain a domain", status: "5.1.8", command: dsn.CommandMAIL},
		}, nil},
		{MailboxFull, []reasonCase{
			{text: "LOCAL module(account anna) reports: account is full (quota exceeded)"},
		}, []reasonCase{
			// mox's rate limit comes with 4.2.2, "mailbox full".
			{text: "452 4.2.2 more than 200 messages in past 1m0s from your ip/network", status: "4.2.2", command: dsn.CommandDATA, delayed: true},
		}},
		{RateLimited, []reasonCase{
			{text: "452 4.2.2 more than 200 messages in past 1m0s from your ip/network", status: "4.2.2", command: dsn.CommandDATA, delayed: true},
			{text: "452 4.2.2 more than 3145728000 bytes in past 24h0m0s from your ip/network", status: "4.2.2", command: dsn.CommandDATA, delayed: true},
			{text: "452 4.5.3 Too many recipients", status: "4.5.3", command: dsn.CommandRCPT, delayed: true},
			// cPanel's Exim discards for the sending domain, with Exim's
			// Status 5.0.0 and no remote reply.
			{text: "Domain example.org has exceeded the max defers and failures per hour (8/8 (100%)) allowed. Message discarded.", status: "5.0.0"},
		}, nil},
		{Suspend, []reasonCase{
			{text: "LOCAL module(account anna) reports: mail receiving disabled"},
			// Postal answers 535, an authentication failure's code.
			{text: "535 Mail server has been suspended", command: dsn.CommandRCPT},
		}, nil},
		{SecurityError, []reasonCase{
			{text: "550 5.7.9 Mail to submission port must be authenticated", status: "5.7.9", command: dsn.CommandMAIL},
			{text: "530 Authentication required", command: dsn.CommandRCPT},
			{text: "530 From/Sender name is not valid", command: dsn.CommandDATA},
		}, []reasonCase{
			{text: "535 Mail server has been suspended", command: dsn.CommandRCPT},
		}},
		{NoRelaying, []reasonCase{
			{text: "503 5.7.1 Relay not allowed", status: "5.7.1", command: dsn.CommandRCPT},
		}, []reasonCase{
			// The submission port's demand to log in is not a relay refusal.
			{text: "550 5.7.9 Mail to submission port must be authenticated", status: "5.7.9", command: dsn.CommandMAIL},
		}},
		{AuthFailure, []reasonCase{
			{text: "550 5.7.23 SPF check failed: matched -all", status: "5.7.23", command: dsn.CommandMAIL},
			{text: "550 5.7.26 rejecting per dmarc policy", status: "5.7.26", command: dsn.CommandDATA},
		}, nil},
		{FailedSTARTTLS, []reasonCase{
			{text: "550 5.7.3 Security level check failed", status: "5.7.3", command: dsn.CommandMAIL},
			{text: "all MXs returned transient failures (last: invalid security level (PLAIN) for STS policy)"},
		}, nil},
		{SystemError, []reasonCase{
			{text: "451 4.4.3 Temporary error checking address", status: "4.4.3", command: dsn.CommandRCPT, delayed: true},
			{text: "451 4.3.0 Failed to queue message: open /var/lib/chasquid/queue/m:3f2a: permission denied", status: "4.3.0", command: dsn.CommandDATA, delayed: true},
		}, nil},
		{EmailTooLarge, []reasonCase{
			{text: "552 5.3.4 Message too big", status: "5.3.4", command: dsn.CommandDATA},
			{text: "552 Message too large (maximum size 14MB)", command: dsn.CommandDATA},
		}, nil},
		{NetworkError, []reasonCase{
			{text: "554 5.4.6 Loop detected (100 hops)", status: "5.4.6", command: dsn.CommandDATA},
			{text: "550 5.4.6 loop detected, more than 100 Received headers", status: "5.4.6", command: dsn.CommandDATA},
			{text: "550 Loop detected", command: dsn.CommandDATA},
			{text: "SMTP module(domain example.org) reports: connection with mx1.example.org is broken"},
			{text: "all MXs returned transient failures (last: Could not dial: dial tcp 192.0.2.1:25: i/o timeout)"},
		}, nil},
		{HostUnknown, []reasonCase{
			{text: "Could not find mail server: lookup example.org on 127.0.0.53:53: server misbehaving"},
		}, nil},
		{NotAccept, []reasonCase{
			{text: "550 Route does not accept incoming messages", command: dsn.CommandRCPT},
		}, nil},
	}
	for _, tt := range tests {
		assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
	}
}
