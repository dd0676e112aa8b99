package classify_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// discourseRejection writes a Discourse email_reject_* notice
// (config/locales/server.en.yml) for the issue its Subject names.
func discourseRejection(issue, explanation string) string {
	return "From: \"Example Forum\" <noreply@forum.example.org>\nTo: eva@example.com\n" +
		"Subject: [Example Forum] Email issue -- " + issue + "\nContent-Type: text/plain; charset=UTF-8\n\n" +
		"We're sorry, but your email message to replies+0d1f@forum.example.org (titled Route for Sunday) didn't work.\n\n" +
		explanation + "\n"
}

// TestApplicationRefusalTexts: the refusals of Discourse, OTRS and Request
// Tracker (classify/texts/app_refusals_tickets.tsv, read in the reports of their
// decoders) give the reason their templates mean.
func TestApplicationRefusalTexts(t *testing.T) {
	cases := []refusalCase{
		{"Discourse, sender unknown to the forum", discourseRejection("User Not Found",
			"Your reply was sent from an unknown email address. Try sending from another email address."), classify.Rejected},
		{"Discourse, blocked sender", discourseRejection("Blocked Email", "Your reply was sent from a blocked email address."), classify.Rejected},
		{"Discourse, inactive account", discourseRejection("Inactive User",
			"Your account associated with this email address is not activated."), classify.Rejected},
		{"Discourse, topic closed", discourseRejection("Topic Closed",
			"The topic you are replying to is currently closed and no longer accepting replies."), classify.Rejected},
		{"Discourse, unknown reply key", discourseRejection("Unknown Reply Key",
			"The reply key in the email is invalid or unknown."), classify.UserUnknown},
		{"Discourse, unknown To address", discourseRejection("Unknown To: Address",
			"Here are some things to check: Did your email software properly use the Reply-To: email address when replying?"), classify.UserUnknown},
		{"Discourse, topic deleted", discourseRejection("Topic Not Found",
			"The topic you are replying to no longer exists -- perhaps it was deleted?"), classify.UserUnknown},
		{"Discourse, no content", discourseRejection("No Content", "We couldn't find any reply content in your email."), classify.ContentError},
		{"Discourse, posting error naming the size", discourseRejection("Posting error",
			"Some possible causes are: complex formatting, message too large, message too small."), classify.ContentError},
		{"Discourse, auto-generated", discourseRejection("Auto Generated Reply",
			"Your email was marked as \"auto generated\"; we can't accept those kinds of emails."), classify.ContentError},
		{"Discourse, too many recipients", discourseRejection("Too Many Recipients",
			"You attempted to email more than 10 people and our system automatically tagged your email as spam."), classify.SpamDetected},
		{"Discourse, unrecognized error", discourseRejection("Unrecognized Error",
			"There was an unrecognized error while processing your email and it wasn't posted."), classify.SystemError},
		{"Discourse in German, unknown reply key", "From: noreply@forum.example.de\nTo: eva@example.com\n" +
			"Subject: =?utf-8?q?=5BForum=5D_E-Mail-Problem_--_Unbekannter_Antwort-Schl=C3=BCssel?=\n" +
			"Content-Type: text/plain; charset=UTF-8\n\nEs tut uns leid, aber die E-Mail-Nachricht an antworten+0d1f@forum.example.de " +
			"(Titel: \u201eTourenplan\u201c) hat nicht geklappt.\nDer angegebene Antwort-Schl\u00fcssel ist ung\u00fcltig oder unbekannt.\n", classify.UserUnknown},
		{"Discourse, German Subject over the English fallback text", "From: noreply@forum.example.de\nTo: eva@example.com\n" +
			"Subject: [Forum] E-Mail Problem -- Thema geschlossen\nContent-Type: text/plain; charset=UTF-8\n\n" +
			"We're sorry, but your email message to antworten+0d1f@forum.example.de (titled Tourenplan) didn't work.\n\n" +
			"The topic you are replying to is currently closed and no longer accepting replies.\n", classify.Rejected},
		{"Discourse in French, unknown reply key", "From: noreply@forum.example.fr\nTo: eva@example.com\n" +
			"Subject: [Forum] Probl\u00e8me de courriel - Cl\u00e9 de r\u00e9ponse inconnue\nContent-Type: text/plain; charset=UTF-8\n\n" +
			"Nous sommes d\u00e9sol\u00e9s, mais l'envoi de votre courriel \u00e0 reponses+0d1f@forum.example.fr (intitul\u00e9 Itin\u00e9raire) n'a pas fonctionn\u00e9.\n\n" +
			"La cl\u00e9 de r\u00e9ponse est invalide ou inconnue.\n", classify.UserUnknown},
		{"OTRS, follow-up to a closed ticket", "From: Support <support@helpdesk.example.org>\nTo: eva@example.com\n" +
			"Subject: Your email has been rejected! (RE: Invoice)\nX-Mailer: OTRS Mail Service (6.0.30)\n\n" +
			"Your previous ticket is closed.\n\n-- Your follow-up has been rejected. --\n\nPlease create a new ticket.\n", classify.Rejected},
		{"RT, no right to reply", "From: rt@rt.example.org\nTo: eva@example.com\nSubject: Permission Denied\n" +
			"X-RT-Loop-Prevention: example.org\nContent-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\n" +
			"eva@example.com has no right to reply to ticket 12 in queue Support\n\n--b\nContent-Type: message/rfc822\n\n" +
			"From: eva@example.com\nTo: support@rt.example.org\nSubject: VPN\n\nhi\n--b--\n", classify.Rejected},
	}
	runRefusalTexts(t, cases)
}

// TestApplicationRefusalTextsNearMisses: the same words in a report no
// decoder of these applications read are not read by app_refusals_tickets.tsv's rows
// (an MTA's "user not found" stays user unknown).
func TestApplicationRefusalTextsNearMisses(t *testing.T) {
	cases := []refusalNearMiss{
		{"an MTA's user not found quoting a forum's subject", "5.1.1", "550 5.1.1 <bob@example.org>: Email issue -- User Not Found", "email issue user not found"},
		{"a ticket system's words in a remote reply", "5.7.1", "554 5.7.1 sender has no right to create tickets in queue General", "has no right to create tickets"},
		{"a follow-up words in a relay's refusal", "5.0.0", "550 Your follow-up has been rejected", "your follow-up has been rejected"},
	}
	runRefusalNearMisses(t, cases)
}

// refusalCase is an application's whole refusal notice and the reason
// its template means.
type refusalCase struct {
	name, msg string
	want      classify.Reason
}

// runRefusalTexts decodes each notice: one recipient, the reason its
// template means, decided by its decoder's own row (decoder/NAME/...).
func runRefusalTexts(t *testing.T, cases []refusalCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(tc.msg), lhost.Registry())
			require.NoError(t, err)
			require.NotNil(t, r)
			require.Len(t, r.Recipients, 1)
			v := classify.Classify(r)[0]
			assert.Equal(t, tc.want, v.Reason, v.Rule)
			assert.True(t, strings.HasPrefix(v.Rule, "decoder/"+r.Decoder+"/"), "rule %s", v.Rule)
		})
	}
}

// refusalNearMiss is a refusal row's words in a Postfix report, which no
// application's decoder read.
type refusalNearMiss struct{ name, status, diag, phrase string }

// runRefusalNearMisses: no decoder's own row (decoder/NAME/...) is read,
// nor the row's words; a 5.1.1 stays user unknown.
func runRefusalNearMisses(t *testing.T, cases []refusalNearMiss) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := classifyReply(t, remoteReply{decoder: "Postfix", rcpt: "bob@example.org",
				action: dsn.ActionFailed, status: tc.status, diag: tc.diag})
			assert.False(t, strings.HasPrefix(v.Rule, "decoder/"), v.Rule)
			assert.NotContains(t, v.Rule, tc.phrase)
			if tc.status == "5.1.1" {
				assert.Equal(t, classify.UserUnknown, v.Reason, v.Rule)
			}
		})
	}
}
