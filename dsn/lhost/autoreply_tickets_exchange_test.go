package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// notb13OsTicket builds an osTicket message with the header fields
// include/class.mailer.php writes: X-Mailer always, the autoreply option's
// four fields when auto is set.
func notb13OsTicket(subject, body string, auto bool) string {
	h := "From: Helpdesk <support@help.example.org>\nTo: eva@example.com\nSubject: " + subject + "\n" +
		"Message-ID: <ost-1@help.example.org>\nX-Mailer: osTicket Mailer\n"
	if auto {
		h += "Precedence: auto_reply\nX-Autoreply: yes\nX-Auto-Response-Suppress: DR, RN, OOF, AutoReply\nAuto-Submitted: auto-replied\n"
	}
	return h + "Content-Type: text/plain; charset=utf-8\n\n" + body + "\n"
}

// notb13Exchange builds an Exchange message with the header fields of
// Zammad's test email_process_out_of_office_test.rb ("exchange out of
// office example"), from and subject as given, extra fields added.
func notb13Exchange(from, subject, extra string) string {
	return "From: " + from + "\nTo: customer@example.com\nSubject: " + subject + "\n" +
		"In-Reply-To: <orig-1@example.com>\nX-MS-Has-Attach:\n" + extra + "X-MS-TNEF-Correlator:\n" +
		"Content-Type: text/plain; charset=utf-8\n\nI am on leave until 4 January.\n"
}

// kindCase is a message, the kind of report the registry must make of it,
// and, when set, the decoder that must read it and its first recipient.
type kindCase struct {
	name    string
	msg     string
	kind    dsn.Kind
	decoder dsn.DecoderName
	rcpt    string
}

// runKindCases parses each case's message with the registry and checks
// its report's kind, decoder and first recipient; a non-bounce the case
// names no recipient of has none.
func runKindCases(t *testing.T, cases []kindCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(tc.msg), Registry())
			require.NoError(t, err)
			require.NotNil(t, r)
			assert.Equal(t, tc.kind, r.Kind, "decoder %s: %+v", r.Decoder, r.Recipients)
			if tc.decoder != "" {
				assert.Equal(t, string(tc.decoder), r.Decoder)
			}
			if tc.rcpt != "" {
				require.NotEmpty(t, r.Recipients)
				assert.Equal(t, tc.rcpt, r.Recipients[0].Recipient)
			} else if tc.kind == dsn.NotBounce {
				assert.Empty(t, r.Recipients)
			}
		})
	}
}

func TestTicketsAndExchangeAutoReplies(t *testing.T) {
	loop := "X-MS-Exchange-Inbox-Rules-Loop: me@example.com\n"
	cases := []kindCase{
		{"osTicket's acknowledgement marked as an auto-reply", notb13OsTicket("Support Ticket Opened [#408213]",
			"A request for support has been created and assigned #408213.", true), dsn.NotBounce, NotBounce, ""},
		{"osTicket's notice (auto-generated)", notb13OsTicket("Ticket #408213 updated", "A staff member replied.", false), dsn.NotBounce, NotBounce, ""},
		{"osTicket's own refusal stays its decoder's", osTicketNotice("You have reached the maximum number of open tickets allowed."),
			dsn.DeliveryReport, OsTicket, "support@helpdesk.example.org"},
		{"Zammad's auto-reply to a new ticket", "From: Support <support@zammad.example.org>\nTo: eva@example.com\n" +
			"Subject: Thanks for your inquiry (Login) [Ticket#31001]\nAuto-Submitted: auto-replied\n" +
			"X-Powered-By: Zammad - Helpdesk/Support (https://zammad.org/)\nX-Mailer: Zammad Mail Service\n\nA new ticket has been created.\n",
			dsn.NotBounce, NotBounce, ""},
		{"Zammad's own refusal stays its decoder's", zammadNotice("[undeliverable] Message too large",
			"Dear Eva,\n\nUnfortunately your email titled \"Scans\" could not be delivered to one or more recipients.\n\n"+
				"Your message was 31.42 MB but we only accept messages up to 20 MB."), dsn.DeliveryReport, Zammad, "support@zammad.example.org"},
		{"Exchange out-of-office, original subject kept", notb13Exchange("me@example.com", "Re: Devis fenêtres",
			"X-Auto-Response-Suppress: All\n"+loop), dsn.AutoReply, VendorAutoReply, "me@example.com"},
		{"Exchange out-of-office, All among other tokens", notb13Exchange("me@example.com", "Offer 2027",
			"X-Auto-Response-Suppress: OOF, All\n"+loop), dsn.AutoReply, VendorAutoReply, "me@example.com"},
		{"an auto-reply subject is still AutoReplyDecoder's", notb13Exchange("me@example.com", "Automatic reply: Offer 2027",
			"X-Auto-Response-Suppress: All\n"+loop), dsn.AutoReply, dsn.RFC3834, "me@example.com"},
		{"Email::AutoReply's default reply", "From: Dana <dana@law.example>\nTo: eva@example.com\n" +
			"Subject: Out Of Office Automated Response\nX-Mail-AutoReply: version=1.04,host=mail.law.example,from=dana@law.example\n\n" +
			"I'm on vacation.\n", dsn.AutoReply, VendorAutoReply, "dana@law.example"},
		{"X-Mail-AutoReply on a mail system's notice", "From: MAILER-DAEMON@law.example\nTo: eva@example.com\n" +
			"Subject: Notice\nX-Mail-AutoReply: version=1.04,host=mail.law.example,from=dana@law.example\n\nHello.\n", dsn.NotBounce, "", ""},
		{"a person's forward of an auto-reply", "From: Dana <dana@law.example>\nTo: eva@example.com\n" +
			"Subject: Fwd: Out Of Office Automated Response\nX-Mail-AutoReply: version=1.04,host=mail.law.example,from=dana@law.example\n\nSee below.\n",
			dsn.NotBounce, "", ""},
		// Near misses: one field alone, a forward, a mail system.
		{"a rule's forward (loop header only)", notb13Exchange("me@example.com", "Offer 2027", loop), dsn.NotBounce, "", ""},
		{"suppression without All, with the loop header", notb13Exchange("me@example.com", "Offer 2027",
			"X-Auto-Response-Suppress: DR, RN, OOF\n"+loop), dsn.NotBounce, "", ""},
		{"a token merely holding all", notb13Exchange("me@example.com", "Offer 2027",
			"X-Auto-Response-Suppress: Allow\n"+loop), dsn.NotBounce, "", ""},
		{"suppression All without the loop header (meeting mail)", notb13Exchange("me@example.com", "Accepted: Offer review",
			"X-Auto-Response-Suppress: All\n"), dsn.NotBounce, "", ""},
		{"a rule's forward with both fields", notb13Exchange("me@example.com", "FW: Offer 2027",
			"X-Auto-Response-Suppress: All\n"+loop), dsn.NotBounce, "", ""},
		{"German forward prefix with both fields", notb13Exchange("me@example.com", "WG: Angebot 2027",
			"X-Auto-Response-Suppress: All\n"+loop), dsn.NotBounce, "", ""},
		{"from a mail system with both fields", notb13Exchange("postmaster@example.com", "Notice",
			"X-Auto-Response-Suppress: All\n"+loop), dsn.NotBounce, "", ""},
	}
	runKindCases(t, cases)
}
