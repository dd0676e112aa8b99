package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// discourseNotice builds a Discourse rejection (server.en.yml,
// email_reject_*) with our own forum, sender and addresses.
func discourseNotice(subject, body string) string {
	return `From: "Example Forum" <noreply@forum.example.org>
To: eva@example.com
Subject: ` + subject + `
Reply-To: "Example Forum" <noreply@forum.example.org>
X-Auto-Response-Suppress: All
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8

` + body + `
`
}

// otrsNotice builds an OTRS auto response from a queue's system address,
// with the headers OTRS's Kernel/System/Email.pm adds to what it sends.
func otrsNotice(subject, body string) string {
	return `From: Support <support@helpdesk.example.org>
To: eva@example.com
Subject: ` + subject + `
X-Loop: yes
Precedence: bulk
Auto-Submitted: auto-generated
X-Mailer: OTRS Mail Service (6.0.30)
X-Powered-By: OTRS
Content-Type: text/plain; charset=utf-8

` + body + `
`
}

// rtNotice builds Request Tracker's MailError notice: the explanation,
// then the refused message attached.
func rtNotice(subject, explanation string) string {
	return `From: RT System <rt@rt.example.org>
To: eva@example.com
Subject: ` + subject + `
X-RT-Loop-Prevention: example.org
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="rt-1"

--rt-1
Content-Type: text/plain; charset="utf-8"

` + explanation + `

--rt-1
Content-Type: message/rfc822

From: Eva <eva@example.com>
To: support@rt.example.org
Subject: VPN broken again

The VPN is down.
--rt-1--
`
}

var appRefusalSamples = []registrySample{
	{
		name: "Discourse, an unknown reply key",
		msg: discourseNotice("[Example Forum] Email issue -- Unknown Reply Key",
			"We're sorry, but your email message to replies+0d1f@forum.example.org (titled Route for Sunday) didn't work.\n\nThe reply key in the email is invalid or unknown, so we can't figure out what this email is in reply to."),
		want: provWant{decoder: "Discourse", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "replies+0d1f@forum.example.org", action: dsn.ActionFailed, diag: "Email issue -- Unknown Reply Key. The reply key in the email is invalid"},
		}},
	},
	{
		name: "Discourse, the improved Subject, a curled apostrophe",
		msg: discourseNotice("Example Forum: Email issue -- insufficient trust level",
			"We’re sorry, but your email message to support@forum.example.org (titled Printer jam) didn’t work.\n\nYour account does not have the required trust level to post new topics to this email address."),
		want: provWant{decoder: "Discourse", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "support@forum.example.org", action: dsn.ActionFailed, diag: "insufficient trust level"},
		}},
	},
	{
		name: "Discourse in French, an old notification (its longer first line)",
		msg: discourseNotice("=?utf-8?q?=5BForum=5D_Probl=C3=A8me_de_courriel_-_Vous_essayez_de_r=C3=A9pondre_=C3=A0_une_ancienne_notification?=",
			"Nous sommes désolé, mais l'envoi de votre courriel à destination de reponses+0d1f@forum.example.fr (intitulé Itinéraire) n'a pas fonctionné.\n\nPour des raisons de sécurité, nous n'acceptons les réponses aux notifications que pendant 90 jours."),
		want: provWant{decoder: "Discourse", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "reponses+0d1f@forum.example.fr", action: dsn.ActionFailed, diag: "Pour des raisons de sécurité"},
		}},
	},
	{
		name: "OTRS, a follow-up to a closed ticket",
		msg: otrsNotice("Your email has been rejected! (RE: Invoice 2025-118 is wr)",
			"Your previous ticket is closed.\n\n-- Your follow-up has been rejected. --\n\nPlease create a new ticket.\n\nYour OTRS Team"),
		want: provWant{decoder: "OTRS", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "support@helpdesk.example.org", action: dsn.ActionFailed, diag: "Your follow-up has been rejected"},
		}},
	},
	{
		name: "Request Tracker, no right to create tickets",
		msg:  rtNotice("Permission Denied", "eva@example.com has no right to create tickets in queue General"),
		want: provWant{decoder: "RequestTracker", kind: dsn.DeliveryReport, origSubject: "VPN broken again", rcpts: []provWantRcpt{
			{addr: "support@rt.example.org", action: dsn.ActionFailed, diag: "has no right to create tickets in queue General"},
		}},
	},
}

// dadaNotAllowed builds Dada Mail's not_allowed_to_post_msg notice
// (dada/templates/email/not_allowed_to_post_msg.eml) naming the list as
// named.
func dadaNotAllowed(named string) string {
	return "From: \"Walkers\" <owner@lists.example.org>\nTo: \"Walkers\" <eva@example.com>\n" +
		"Subject: Not Allowed to Post On Walkers\n (your original message is attached)\n" +
		"Content-Type: multipart/alternative; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\n" +
		"Hello, \n\nYou recently sent a message to, \n\n\t" + named + "\n\t\nwith the email address: \n\n    eva@example.com\n\n" +
		"But, it doesn't seem that you currently have permission to do so. \n\n--b\nContent-Type: text/html\n\n\n--b--\n"
}

func TestDadaMailDecoder(t *testing.T) {
	checkRegistrySamples(t, []registrySample{{
		name: "Dada Mail, not allowed to post",
		msg:  dadaNotAllowed("Walkers (walkers@lists.example.org)"),
		want: provWant{decoder: "DadaMail", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "doesn't seem that you currently have permission"},
		}},
	}})
	// A list without its address in the notice (no discussion address
	// set): nothing to report.
	m, err := dsn.ReadMessage([]byte(dadaNotAllowed("Walkers ()")))
	require.NoError(t, err)
	assert.Nil(t, dadaMailDecoder{}.Decode(m))
}

func TestAppRefusalDecoders(t *testing.T) { checkRegistrySamples(t, appRefusalSamples) }

// TestAppRefusalNearMisses: the same software's other mail, and mail that
// borrows its words, is no refusal of a message.
func TestAppRefusalNearMisses(t *testing.T) {
	cases := []struct {
		name, msg string
		decoder   dsn.DecoderName // the report's decoder, "" for no report
	}{
		{"Discourse, attachments refused but the post went out", discourseNotice("[Example Forum] Email issue -- Attachment Rejected",
			"Unfortunately some attachments in your email message to replies+0d1f@forum.example.org (titled Route for Sunday) were rejected."), ""},
		{"Discourse in French, attachments refused", discourseNotice("[Forum] Problème de courriel - Pièce jointe rejetée",
			"Nous sommes désolés, mais des pièces jointes au courriel que vous avez envoyé à reponses+0d1f@forum.example.fr (intitulé Itinéraire) ont été rejetées."), ""},
		{"Discourse, the POP error to the admins", discourseNotice("[Example Forum] Email issue -- POP authentication error",
			"Unfortunately, there was an authentication error while polling mails from the POP server."), ""},
		{"a person's message about an email issue", discourseNotice("Email issue -- my reply vanished",
			"Hi, I wrote to support@forum.example.org yesterday and it didn't work. Any idea?"), ""},
		{"OTRS, a new ticket's acknowledgement", otrsNotice("RE: Invoice 2025-118 is wr",
			"This is an automatically generated reply to confirm that your message has been received and a ticket created."), NotBounce},
		{"OTRS, a queue's own reject Subject without the words", otrsNotice("Your email has been rejected! (RE: Invoice)",
			"Thank you, we will get back to you."), NotBounce},
		{"RT, the notice to RT's owner", rtNotice("Failed attempt to create a ticket by email, from eva@example.com",
			"eva@example.com attempted to create a ticket via email in the queue General; you\nmight need to grant 'Everyone' the CreateTicket right."), NotBounce},
		{"RT, another error under Permission Denied", rtNotice("Permission Denied", "Your message could not be parsed."), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(tc.msg), Registry())
			if tc.decoder == "" {
				if err == nil && r != nil {
					assert.NotEqual(t, dsn.DeliveryReport, r.Kind, "decoder %s: %+v", r.Decoder, r.Recipients)
				}
				return
			}
			require.NoError(t, err)
			require.NotNil(t, r)
			assert.Equal(t, tc.decoder, dsn.DecoderName(r.Decoder))
			assert.Empty(t, r.Recipients)
		})
	}
}
