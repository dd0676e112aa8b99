package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// phabNotice builds Phabricator's sendExceptionMail notice
// (PhabricatorMetaMTAReceivedMail.php) with our own server, sender and
// object address.
func phabNotice(platform, status, explanation, to string) string {
	return "From: noreply@phab.example.org\nTo: Eva <eva@example.com>\nSubject: Error Processing Mail (" + status + ")\n" +
		"X-Phabricator-Sent-This-Message: Yes\nX-Mail-Transport-Agent: MetaMTA\nContent-Type: text/plain; charset=UTF-8\n\n" +
		"Your email to " + platform + " was not processed, because an error occurred while\ntrying to handle it:\n\n" +
		explanation + "\n\n" +
		"-- Original Message Body -----------------------------------------------------\n\nSee the log.\n\n" +
		"-- Original Message Headers --------------------------------------------------\n\n" +
		"from: Eva <eva@example.com>\nto: " + to + "\nsubject: Re: T12: deploy fails\n\n"
}

// gerritNotice builds Gerrit's InboundEmailRejection notice
// (InboundEmailRejectionSender.java, InboundEmailRejection.soy).
func gerritNotice(first string) string {
	return "From: Gerrit Code Review <gerrit@review.example.org>\nTo: eva@example.com\n" +
		"Subject: [Gerrit Code Review] Unable to process your email\nX-Gerrit-MessageType: error\n" +
		"Content-Type: text/plain; charset=UTF-8\n\n" + first + "\n\n" +
		"Thus, no actions were taken by Gerrit in response to this email, and you should use the Gerrit website to continue.\n" +
		"This email was sent in response to an email coming from this address. In case you did not send Gerrit an email, feel free to ignore this.\n"
}

// odooNotice builds the bounce of Odoo's mail gateway
// (mail.thread._routing_create_bounce_email) with a body of its templates.
func odooNotice(from, subject, body string) string {
	return "From: " + from + "\nTo: eva@example.com\nSubject: " + subject + "\n" +
		"Content-Type: multipart/alternative; boundary=\"o\"\n\n--o\nContent-Type: text/plain; charset=utf-8\n\n" +
		body + "\n\n> Could you send a quotation?\n\n--o\nContent-Type: text/html; charset=utf-8\n\n<p>" + body + "</p>\n--o--\n"
}

// roundupNotice builds Roundup's Mailer.bounce_message notice: the
// explanation, then the refused message attached.
func roundupNotice(subject, explanation string) string {
	return "From: Roundup issue tracker <roundup-admin@tracker.example.org>\nTo: eva@example.com\nSubject: " + subject + "\n" +
		"Precedence: bulk\nX-Roundup-Name: Roundup issue tracker\nX-Roundup-Loop: hello\n" +
		"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"r\"\n\n--r\nContent-Type: text/plain; charset=\"us-ascii\"\n\n\n" +
		explanation + "\n--r\nContent-Type: message/rfc822\n\nFrom: Eva <eva@example.com>\nTo: issues@tracker.example.org\n" +
		"Subject: [issue42] VPN broken\n\nThe VPN is down.\n--r--\n"
}

var appRefusal2Samples = []registrySample{
	{
		name: "Phabricator, a disabled sender",
		msg: phabNotice("Phabricator", "Disabled Sender", "Your account (\"eva\") is disabled, so you can not interact with\nPhabricator over email.",
			"T12+233+9f1c0d2e3b4a5968@phab.example.org"),
		want: provWant{decoder: "Phabricator", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "T12+233+9f1c0d2e3b4a5968@phab.example.org", action: dsn.ActionFailed, diag: "Error Processing Mail (Disabled Sender). Your account"},
		}},
	},
	{
		name: "Phorge, an object that does not exist, two addresses in to",
		msg: phabNotice("Phorge", "No Such Object", "This mail is addressed to an object (\"T99\"), but that object does not exist.",
			"\"T99\" <T99+12+5e6f708192a3b4c5@phorge.example.org>, lars@example.com"),
		want: provWant{decoder: "Phabricator", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "T99+12+5e6f708192a3b4c5@phorge.example.org", action: dsn.ActionFailed, diag: "(No Such Object)"},
		}},
	},
	{
		name: "Phabricator, an exception's class in the Subject",
		msg: phabNotice("Phabricator", "AphrontQueryException", "AphrontQueryException: Lost connection to MySQL server.",
			"D88+233+0a1b2c3d4e5f6071@phab.example.org"),
		want: provWant{decoder: "Phabricator", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "D88+233+0a1b2c3d4e5f6071@phab.example.org", action: dsn.ActionFailed, diag: "Error Processing Mail (Unhandled Exception). AphrontQueryException"},
		}},
	},
	{
		name: "Gerrit, an unknown account",
		msg:  gerritNotice("Gerrit Code Review was unable to match your email to an account.\nThis may happen if several accounts are linked to this email address."),
		want: provWant{decoder: "Gerrit", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "gerrit@review.example.org", action: dsn.ActionFailed, diag: "unable to match your email to an account"},
		}},
	},
	{
		name: "Odoo, an alias for partners only",
		msg: odooNotice("MAILER-DAEMON <bounce@yourcompany.example.com>", "Re: Quotation",
			"Dear Sender,\n\nThe message below could not be accepted by the address sales@yourcompany.example.com.\n"+
				"Only addresses linked to registered partners are allowed to contact it."),
		want: provWant{decoder: "Odoo", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "sales@yourcompany.example.com", action: dsn.ActionFailed, diag: "are allowed to contact it"},
		}},
	},
	{
		name: "Odoo before 15, a private alias",
		msg: odooNotice("MAILER_DAEMON <postmaster-odoo@yourcompany.example.com>", "Re: Job",
			"Hi,\nThe following email sent to hr@yourcompany.example.com cannot be accepted because this is a private email address.\n"+
				"Only allowed people can contact us at this address."),
		want: provWant{decoder: "Odoo", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "hr@yourcompany.example.com", action: dsn.ActionFailed, diag: "private email address"},
		}},
	},
	{
		name: "Odoo, mail to the catch-all",
		msg: odooNotice("MAILER-DAEMON <bounce@yourcompany.example.com>", "Re: Hello",
			"Hello eva@example.com,\n\nThe email sent to catchall@yourcompany.example.com cannot be processed. This address\n"+
				"is used to collect replies and should not be used to directly contact YourCompany."),
		want: provWant{decoder: "Odoo", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "catchall@yourcompany.example.com", action: dsn.ActionFailed, diag: "used to collect replies"},
		}},
	},
	{
		name: "Roundup, no permission",
		msg:  roundupNotice("Failed issue tracker submission", "You are not permitted to access this tracker."),
		want: provWant{decoder: "Roundup", kind: dsn.DeliveryReport, origSubject: "[issue42] VPN broken", rcpts: []provWantRcpt{
			{addr: "issues@tracker.example.org", action: dsn.ActionFailed, diag: "You are not permitted to access this tracker."},
		}},
	},
}

// zammadNotice builds Zammad's postmaster reply (email_parser.rb
// compose_postmaster_reply, the email_oversized template).
func zammadNotice(subject, body string) string {
	return "From: support@zammad.example.org\nTo: eva@example.com\nSubject: " + subject + "\n" +
		"In-Reply-To: <CAB0711@mail.example.com>\nContent-Type: text/plain; charset=UTF-8\n\n" + body + "\n"
}

// osTicketNotice builds osTicket's ticket.overlimit notice.
func osTicketNotice(body string) string {
	return "From: Example Support <support@helpdesk.example.org>\nTo: eva@example.com\nSubject: Open Tickets Limit Reached\n" +
		"Content-Type: text/plain; charset=utf-8\n\nEva Bauer,\n\n" + body + "\n\nThank you.\n\nSupport Ticket System\n"
}

var appRefusal2MoreSamples = []registrySample{
	{
		name: "Zammad, a message too large",
		msg: zammadNotice("[undeliverable] Message too large", "Dear Eva,\n\nUnfortunately your email titled \"Scans\" could not be delivered to one or more recipients.\n\n"+
			"Your message was 31.42 MB but we only accept messages up to 20 MB."),
		want: provWant{decoder: "Zammad", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "support@zammad.example.org", action: dsn.ActionFailed, diag: "we only accept messages up to 20 MB"},
		}},
	},
	{
		name: "Zammad in German, the Subject encoded",
		msg: zammadNotice("=?UTF-8?Q?[Unzustellbar]_Nachricht_zu_gro=C3=9F?=", "Hallo Eva,\n\nDie Nachricht hatte eine Gr\u00f6\u00dfe von 31.42 MB, "+
			"wir akzeptieren jedoch nur E-Mails mit einer Gr\u00f6\u00dfe von bis zu 20 MB."),
		want: provWant{decoder: "Zammad", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "support@zammad.example.org", action: dsn.ActionFailed, diag: "bis zu 20 MB"},
		}},
	},
	{
		name: "osTicket, too many open tickets",
		msg:  osTicketNotice("You have reached the maximum number of open tickets allowed.\n\nTo be able to open another ticket, one of your pending tickets must be\nclosed."),
		want: provWant{decoder: "osTicket", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "support@helpdesk.example.org", action: dsn.ActionFailed, diag: "maximum number of open tickets"},
		}},
	},
}

func TestAppRefusal2MoreDecoders(t *testing.T) { checkRegistrySamples(t, appRefusal2MoreSamples) }

func TestAppRefusal2Decoders(t *testing.T) { checkRegistrySamples(t, appRefusal2Samples) }

// TestAppRefusal2Marks: the milter's pre-filter lets every sample through
// (marksCover for the samples the shared mark test does not hold).
func TestAppRefusal2Marks(t *testing.T) {
	var all []dsn.Mark
	for _, d := range Registry() {
		if mk, ok := d.(dsn.Marker); ok {
			all = append(all, mk.Marks()...)
		}
	}
	for _, s := range append(appRefusal2Samples, appRefusal2MoreSamples...) {
		m, err := dsn.ReadMessage([]byte(s.msg))
		require.NoError(t, err)
		assert.True(t, m.HasAnyMark(all), s.name)
	}
}

// TestAppRefusal2NearMisses: the same software's other mail, and mail
// that borrows a Subject or a sentence, is no refusal of a message.
func TestAppRefusal2NearMisses(t *testing.T) {
	cases := []struct{ name, msg string }{
		{"Phabricator's notification", "From: noreply@phab.example.org\nTo: eva@example.com\n" +
			"Subject: [Maniphest] [Updated] T12: deploy fails\nX-Phabricator-Sent-This-Message: Yes\n\neva added a comment.\n"},
		{"a person's message about an error processing mail", "From: lars@example.com\nTo: eva@example.com\n" +
			"Subject: Error Processing Mail (again)\n\nOur importer had an error processing mail last night.\n"},
		{"Phabricator's error Subject without the received headers", "From: noreply@phab.example.org\nTo: eva@example.com\n" +
			"Subject: Error Processing Mail (Empty Mail)\n\nYour email to Phabricator was not processed, because an error occurred while\ntrying to handle it:\n\nempty\n"},
		{"Gerrit's comment notification", "From: Lars (Code Review) <gerrit@review.example.org>\nTo: eva@example.com\n" +
			"Subject: Change in infra[master]: Retry deploy\nX-Gerrit-MessageType: comment\n\nLars has posted comments on this change.\n"},
		{"Gerrit's Subject without its footer", "From: gerrit@review.example.org\nTo: eva@example.com\n" +
			"Subject: [Gerrit Code Review] Unable to process your email\n\nPlease try again.\n"},
		{"Odoo's chatter mail", "From: Lars <catchall@yourcompany.example.com>\nTo: eva@example.com\nSubject: Re: Quotation\n\n" +
			"The message below could not be accepted by the address you used, said our old system; we fixed it.\n"},
		{"an MTA's reply from MAILER-DAEMON quoting Odoo's words loosely", "From: MAILER-DAEMON <bounce@yourcompany.example.com>\n" +
			"To: eva@example.com\nSubject: Re: Quotation\n\nThe following email sent to sales@yourcompany.example.com was delivered.\n"},
		{"Zammad's Subject over an admin's own words", zammadNotice("[undeliverable] Message too large", "Please send smaller files.")},
		{"osTicket's Subject over an admin's own words", osTicketNotice("Please close a ticket first.")},
		{"a person's message quoting Zammad's Subject", "From: lars@example.com\nTo: eva@example.com\nSubject: Fwd: [undeliverable] Message too large\n\n" +
			"Why did Zammad refuse it? It was only 3 MB.\n"},
		{"Roundup's help", roundupNotice("Mail Gateway Help", "Mail Gateway Help\n=================\nIncoming messages are examined")},
		{"Roundup's Subject without the message attached", "From: roundup-admin@tracker.example.org\nTo: eva@example.com\n" +
			"Subject: Failed issue tracker submission\nContent-Type: text/plain\n\nYou are not permitted to access this tracker.\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(tc.msg), Registry())
			if err == nil && r != nil {
				assert.NotEqual(t, dsn.DeliveryReport, r.Kind, "decoder %s: %+v", r.Decoder, r.Recipients)
			}
		})
	}
}
