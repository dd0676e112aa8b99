package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// powerMTABounce is a PowerMTA DSN with the given category and reply.
func powerMTABounce(status, category, diag string) []byte {
	return []byte(`From: mailer-daemon@mail22.example.net
To: news@example.net
Subject: Delivery report
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

The message could not be delivered.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns;mail22.example.net
X-PowerMTA-VirtualMTA: mail22.example.net

Final-Recipient: rfc822;neko@example.org
Action: failed
Status: ` + status + `
Remote-MTA: dns;mx.example.org (192.0.2.10)
Diagnostic-Code: smtp;` + diag + `
X-PowerMTA-BounceCategory: ` + category + `

--B--
`)
}

// sesBounce is an Amazon SES bounce notification, as SNS mails it, for a
// recipient SES did not send to.
func sesBounce(subType string) []byte {
	return []byte(`From: AWS Notifications <no-reply@sns.amazonaws.com>
To: ops@example.com
Subject: AWS Notification Message
Content-Type: text/plain; charset=UTF-8

{
  "Type" : "Notification",
  "Message" : "{\"notificationType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\",\"bounceSubType\":\"` + subType + `\",\"bouncedRecipients\":[{\"emailAddress\":\"gus@example.org\"}],\"reportingMTA\":\"dns; b1.us-east-1.amazonses.com\"},\"mail\":{\"messageId\":\"0100abc\",\"source\":\"news@example.com\"}}"
}
`)
}

func TestVendorStage(t *testing.T) {
	tests := []struct {
		name      string
		msg       []byte
		want      Reason
		wantStage Stage
		wantRule  string
	}{
		{"powermta category where the text says nothing known",
			powerMTABounce("5.0.0", "quota-issues", "550 5.0.0 message refused"),
			MailboxFull, StageVendor, "vendor/powermta/mailboxfull/quota-issues"},
		{"powermta category matched without case",
			powerMTABounce("5.0.0", "Spam-Related", "550 5.0.0 message refused"),
			SpamDetected, StageVendor, "vendor/powermta/spamdetected/spam-related"},
		{"powermta's temporary bad-domain is a network error",
			powerMTABounce("4.0.0", "bad-domain", "451 4.0.0 try again"),
			NetworkError, StageVendor, "vendor/powermta/hostunknown/bad-domain@temporary"},
		{"a known text comes first",
			powerMTABounce("5.0.0", "policy-related", "550 5.0.0 Mailbox is full"),
			MailboxFull, StageText, ""},
		{"a category naming no single reason is left to the later stages",
			powerMTABounce("5.1.1", "other", "550 5.1.1 message refused"),
			UserUnknown, StageStatus, ""},
		{"ses suppressed", sesBounce("Suppressed"), Suppressed, StageVendor, "vendor/amazonses/suppressed/suppressed"},
		{"ses account suppression list", sesBounce("OnAccountSuppressionList"), Suppressed, StageVendor, "vendor/amazonses/suppressed/onaccountsuppressionlist"},
		{"ses no email", sesBounce("NoEmail"), UserUnknown, StageVendor, "vendor/amazonses/userunknown/noemail"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := dsn.ParseBytes(tt.msg, lhost.Registry())
			require.NoError(t, err)
			vs := Classify(r)
			require.Len(t, vs, 1)
			assert.Equal(t, tt.want, vs[0].Reason, vs[0].Rule)
			assert.Equal(t, tt.wantStage, vs[0].Stage, vs[0].Rule)
			if tt.wantRule != "" {
				assert.Equal(t, tt.wantRule, vs[0].Rule)
			}
		})
	}
}

// A vendor's field decides only in the vendor's reports: another report
// with a field of the same name is not read as SES's.
func TestVendorRuleNeedsItsDecoder(t *testing.T) {
	r := fact("mx.example.org", "neko@example.org", "5.0.0", "550 5.0.0 message refused")
	r.Recipients[0].Fields = dsn.Fields{{Name: "Bounce-Sub-Type", Value: "NoEmail"}}
	v := classifyOne(t, r)
	assert.NotEqual(t, StageVendor, v.Stage, v.Rule)
}

// The tables are data with invariants: each names its vendor, field (or,
// for a decoder's table, its decoder and one row without a value) and
// source; each row a value and a known reason; ids are unique.
func TestVendorCategoryTables(t *testing.T) {
	known := map[Reason]bool{}
	for _, r := range Reasons {
		known[r] = true
	}
	ids := map[string]bool{}
	for _, tb := range VendorCategoryTables {
		assert.NotEmpty(t, tb.Vendor)
		if tb.Field == "" {
			assert.NotEmpty(t, tb.Decoder, tb.Vendor)
			assert.Len(t, tb.Rows, 1, tb.Vendor)
		}
		assert.NotEmpty(t, tb.Source, tb.Vendor)
		assert.NotEmpty(t, tb.Rows, tb.Vendor)
		for i, row := range tb.Rows {
			id := tb.RuleID(i)
			assert.Equal(t, tb.Field == "", row.Value == "", id)
			assert.True(t, known[row.Reason], id)
			assert.False(t, ids[id], "duplicate %s", id)
			ids[id] = true
		}
	}
}

// A Google Groups refusal of a post, in any language, is the group
// refusing the sender.
func TestGoogleGroupsRefusal(t *testing.T) {
	r, _ := newFact("", "Sie erhalten diese E-Mail, weil die Gruppe (libsisimai) möglicherweise nicht vorhanden ist", "", dsn.ActionFailed)
	r.Decoder = "GoogleGroups"
	v := Classify(r)[0]
	assert.Equal(t, Rejected, v.Reason, v.Rule)
	assert.Equal(t, "vendor/googlegroups/rejected", v.Rule)
	r.Decoder = "RFC3464"
	assert.NotEqual(t, Rejected, Classify(r)[0].Reason)
}

// A list manager's refusal of a post (mlmmj's, Mailman's, ezmlm-idx's,
// Sympa's) is the list
// refusing the sender, unless its text names a reason: the size limit.
func TestListRefusals(t *testing.T) {
	cases := []struct{ name, decoder, diag, rule string }{
		{"mlmmj, not a subscriber", "mlmmj", "The message from <eva@example.com> was unable to be delivered to the list because you are not a list subscriber.", "vendor/mlmmj/rejected"},
		{"mlmmj, over the size limit", "mlmmj", "The message from <eva@example.com> was unable to be delivered to the list because it exceeded the maximum allowed message size of 100000 bytes.", "text/emailtoolarge/because it exceeded the maximum allowed message size of * bytes"},
		{"Mailman, a reason no row names", "Mailman", "Your message to the Walkers mailing-list was rejected for the following reasons: Message has implicit destination", "vendor/mailman/rejected"},
		{"Mailman, not a member", "Mailman", "Your message to the Walkers mailing-list was rejected for the following reasons: The message is not from a list member", "text/rejected/the message is not from a list member"},
		{"ezmlm-idx, the moderator's comment names no reason", "ezmlm", "I'm sorry, your message (enclosed) was not accepted by the moderator. Off topic.", "text/rejected/your message enclosed was not accepted by the moderator"},
		{"ezmlm-idx, a text no row names", "ezmlm", "Hi! This is the ezmlm program.", "vendor/ezmlm/rejected"},
		{"Sympa, the moderator's refusal in German", "Sympa", "Ihre Nachricht an die Liste walkers@lists.example.org wurde durch den Moderator (ann@example.org) abgelehnt.", "vendor/sympa/rejected"},
		{"Mailman, over the size limit", "Mailman", "Your message to the Walkers mailing-list was rejected for the following reasons: The message is larger than the 40 KB maximum size", "text/emailtoolarge/the message is larger than the * kb maximum size"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := newFact("", tc.diag, "", dsn.ActionFailed)
			r.Decoder = tc.decoder
			assert.Equal(t, tc.rule, Classify(r)[0].Rule)
		})
	}
}
