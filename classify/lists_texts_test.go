package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestListManagerTexts: the refusals of a post that list managers write
// (classify/texts/lists.tsv), as the bounce of the MTA that ran the list
// program or the list's own report quotes them, decide their reason over
// the status they come with; near misses do not.
func TestListManagerTexts(t *testing.T) {
	cases := []struct {
		name, status, diag string
		want               Reason
	}{
		{"ezmlm-idx, subscribers only, through qmail", "5.7.2",
			"<walkers@lists.example.org>:\nSorry, only subscribers may post. If you are a subscriber, please forward this message to walkers-owner@lists.example.org to get your new address included (#5.7.2)",
			Rejected},
		{"ezmlm-idx, the deny list", "5.7.2",
			"Sorry, I've been told to reject your posts. Contact walkers-owner@lists.example.org if you have questions about this (#5.7.2)",
			Rejected},
		{"ezmlm-idx, not addressed to the list", "5.7.0", "List address must be in To: or Cc: (#5.7.0)", Rejected},
		{"ezmlm-idx, a refused MIME type under a size status", "5.2.3",
			"Sorry, I don't accept messages of MIME Content-Type 'text/html' (#5.2.3)", ContentError},
		{"ezmlm-idx, an empty Subject", "5.7.0", "Sorry, I don't accept message with empty Subject (#5.7.0)", ContentError},
		{"Mailman 2.1, a non-member on a list that rejects them", "5.0.0",
			"You are not allowed to post to this mailing list, and your message has been\nautomatically rejected.  If you think that your messages are being rejected in\nerror, contact the mailing list owner at walkers-owner@lists.example.org.",
			Rejected},
		{"Mailman 2.1, the moderator's default reason", "5.0.0",
			"has been rejected by the list moderator. The moderator gave the following reason for rejecting your request: \"Non-members are not allowed to post messages to this list.\"",
			Rejected},
		{"Mailman 3, over the size limit", "5.0.0",
			"Your message to the Walkers mailing-list was rejected for the following reasons: The message is larger than the 40 KB maximum size",
			EmailTooLarge},
		{"Mailman 3's LMTP runner, a defective message", "5.0.0", "501 Message has defects", ContentError},
		{"Sympa, the send scenario refuses the sender", "5.7.1", "You are not allowed to send this message", Rejected},
		{"Sympa, the report's reason", "5.7.1",
			"Message distribution in the list is restricted to list subscribers.", Rejected},
		{"Sympa, multipart refused", "5.7.1", "Multipart messages are not allowed in this list.", ContentError},
		{"ezmlm-idx, a moderator rejected the post", "5.0.0",
			"I'm sorry, your message (enclosed) was not accepted by the moderator.", Rejected},
		{"Dada Mail, not allowed to post", "5.0.0",
			"You recently sent a message to, Walkers (walkers@lists.example.org) with the email address: eva@example.com But, it doesn't seem that you currently have permission to do so.", Rejected},
		{"Dada Mail, over the size limit", "5.0.0",
			"We've received a message from you with the Subject, Route for Sunday but couldn't deliver it to the mailing list because the size of the message, 120 kilobytes", EmailTooLarge},
		{"Sympa, the moderator's refusal", "5.0.0",
			"Your message for list walkers@lists.example.org has been rejected by the moderator (ann@example.org).", Rejected},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := newFact(tc.status, tc.diag, "", dsn.ActionFailed)
			assert.Equal(t, tc.want, Classify(r)[0].Reason)
		})
	}
}

// TestListManagerTextsNearMisses: texts that share words with the rows
// of lists.tsv but refuse nothing of the kind.
func TestListManagerTextsNearMisses(t *testing.T) {
	cases := []struct{ name, status, diag string }{
		{"ezmlm-idx, a message too short", "5.2.3", "Sorry, I don't accept messages shorter than 2 bytes (#5.2.3)"},
		{"a mailbox that only subscribers of a service may use", "5.1.1", "550 5.1.1 <bob@example.org>: only subscribers may use this mailbox, user unknown"},
		{"a person asking about a list", "5.1.1", "550 5.1.1 user unknown: I asked whether the list address must be in the To header"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := newFact(tc.status, tc.diag, "", dsn.ActionFailed)
			v := Classify(r)[0]
			assert.NotEqual(t, Rejected, v.Reason, v.Rule)
			assert.NotEqual(t, ContentError, v.Reason, v.Rule)
		})
	}
}
