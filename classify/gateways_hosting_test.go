package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestGatewaysHostingTexts reads the replies of gateways_hosting.tsv as their sources write them,
// and near misses that must not take the same reason: a connection limit
// that is not a maximum, an SPF policy that is the receiver's own words of
// advice, a recipient's domain not found, another standard's conformance,
// a file extension that is only mentioned.
func TestGatewaysHostingTexts(t *testing.T) {
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{RateLimited, []reasonCase{
			{text: "421 4.3.2 The maximum number of concurrent connections per resource forest has exceeded a limit, closing transmission channel. example.jp. PRX8 [example.jp]", status: "4.3.2", command: dsn.CommandCONN},
		}, []reasonCase{
			// Exchange's plain 4.3.2: the service is not available, no limit named.
			{text: "421 4.3.2 Service not available, closing transmission channel", status: "4.3.2", command: dsn.CommandCONN},
		}},
		{AuthFailure, []reasonCase{
			{text: "550 5.7.1 Message rejected per sender's SPF policy - OXSUS001_514", status: "5.7.1", command: dsn.CommandDATA},
		}, []reasonCase{
			// The receiver's policy, not the sender's SPF record.
			{text: "550 5.7.1 Message rejected per recipient's content policy", status: "5.7.1", command: dsn.CommandDATA},
		}},
		{Rejected, []reasonCase{
			{text: "550 5.1.2 Sender Domain Not Found", status: "5.1.2", command: dsn.CommandMAIL},
			{text: "550 5.1.2 Sender Domain Not Found", status: "5.1.2", command: dsn.CommandRCPT},
		}, []reasonCase{
			// The recipient's domain: the destination does not exist.
			{text: "550 5.1.2 Recipient domain not found", status: "5.1.2", command: dsn.CommandRCPT},
		}},
		{NotCompliantRFC, []reasonCase{
			{text: "550 MSG-RFC: Your message does not conform to RFC2822 standard", status: "5.0.0", command: dsn.CommandDATA},
		}, []reasonCase{
			{text: "550 Your message does not conform to our content standard", status: "5.0.0", command: dsn.CommandDATA},
		}},
		{HostUnknown, []reasonCase{
			{text: "550 RPT-VFY: Recipient domain does not exist", status: "5.0.0", command: dsn.CommandRCPT},
		}, []reasonCase{
			// The recipient, not its domain.
			{text: "550 RPT-VFY: Recipient does not exist", status: "5.0.0", command: dsn.CommandRCPT},
		}},
		{NoRelaying, []reasonCase{
			{text: "550 Relay Prohibited", status: "5.0.0", command: dsn.CommandMAIL},
			{text: "550 Relay Prohibited", status: "5.0.0", command: dsn.CommandRCPT},
		}, []reasonCase{
			// An attachment prohibited, not relaying.
			{text: "550 Executable attachment prohibited", status: "5.0.0", command: dsn.CommandDATA},
		}},
		{PolicyViolation, []reasonCase{
			{text: "550 MSG-EXT: Blacklisted high risk file extension detected", status: "5.0.0", command: dsn.CommandDATA},
		}, []reasonCase{
			{text: "550 High risk sender detected", status: "5.0.0", command: dsn.CommandDATA},
		}},
	}
	for _, tt := range tests {
		assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
	}
}

// TestStatusOutOfPlace: a status code naming a reason about the recipient
// does not decide a reply to a command given before RCPT, nor the sender's
// refusal one given before MAIL; where the command allows it, the same
// codes still decide.
func TestStatusOutOfPlace(t *testing.T) {
	tests := []struct {
		name, text, status, command string
		want                        Reason
	}{
		// X.1.2 (the destination's system) answering MAIL FROM: the sender's domain.
		{"x.1.2 at MAIL", "550 5.1.2 Sender Domain Not Found", "5.1.2", dsn.CommandMAIL, Rejected},
		{"x.1.2 at MAIL, no words", "550 5.1.2 Requested action not taken", "5.1.2", dsn.CommandMAIL, Rejected},
		// X.1.2 answering RCPT is in place: hostunknown.
		{"x.1.2 at RCPT", "550 5.1.2 Requested action not taken", "5.1.2", dsn.CommandRCPT, HostUnknown},
		// ASSP's greeting refusal: X.7.2 (list expansion, the sender refused) before any sender.
		{"x.7.2 at the greeting", "554 5.7.2 Service denied, closing transmission channel (m1-12345-67890)", "5.7.2", dsn.CommandCONN, Blocked},
		// X.7.2 answering RCPT keeps its registered meaning.
		{"x.7.2 at RCPT", "550 5.7.2 Requested action not taken", "5.7.2", dsn.CommandRCPT, Rejected},
		// A mailbox-full code answering MAIL FROM says nothing of a mailbox:
		// 552 to MAIL is the SIZE parameter refused (RFC 1870 section 6).
		{"x.2.2 at MAIL", "552 5.2.2 Requested action not taken", "5.2.2", dsn.CommandMAIL, EmailTooLarge},
		{"x.2.2 at RCPT", "552 5.2.2 Requested action not taken", "5.2.2", dsn.CommandRCPT, MailboxFull},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := reasonCase{text: tt.text, status: tt.status, command: tt.command}.verdict()
			assert.Equal(t, tt.want, v.Reason, v.Rule)
		})
	}
}
