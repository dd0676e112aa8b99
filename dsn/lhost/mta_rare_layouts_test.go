package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestX1MailDeliveryFailure: X1's notices come under "Returned Mail: ..."
// and "Mail Delivery Failure" (sisimai/p5-sisimai lib/Sisimai/Lhost/X1.pm),
// both from "Mail Deliver System"; the same Subject from another sender is
// not X1's.
func TestX1MailDeliveryFailure(t *testing.T) {
	body := "MIME-Version: 1.0\nContent-Type: text/plain\n\nThe original message was received at Thu, 29 Apr 2010 23:34:45 +0900 (JST)\n" +
		"from sender@example.com\n\n---The following addresses had delivery errors---\n\n" +
		"anna@example.net [Host unknown]\nbert@example.net [User unknown]\n\n"
	for _, subject := range []string{"Mail Delivery Failure", "Returned Mail: Host unknown"} {
		raw := "From: \"Mail Deliver System\" <MAILER-DAEMON@gw.example.net>\nTo: sender@example.com\nSubject: " + subject + "\n" + body
		m, err := dsn.ReadMessage([]byte(raw))
		require.NoError(t, err)
		require.True(t, x1Decoder{}.Match(m), subject)
		r := x1Decoder{}.Decode(m)
		require.NotNil(t, r, subject)
		checkRecipients(t, r, []wantRecipient{
			{addr: "anna@example.net", diagContains: "Host unknown"},
			{addr: "bert@example.net", diagContains: "User unknown"},
		})
	}
	for _, raw := range []string{
		"From: MAILER-DAEMON@mx.example.net\nTo: sender@example.com\nSubject: Mail Delivery Failure\n" + body,
		"From: \"Mail Deliver System\" <MAILER-DAEMON@gw.example.net>\nTo: sender@example.com\nSubject: Mail delivery notice\n" + body,
	} {
		m, err := dsn.ReadMessage([]byte(raw))
		require.NoError(t, err)
		assert.False(t, x1Decoder{}.Match(m), raw)
	}
}

// TestJamesMoreRecipients: James's notify mailets write the first
// recipient as "  RCPT TO: " and each further one alone on an indented
// line (apache/james AbstractNotify.java); the fields after them (From:,
// To:, Size) are no recipients.
func TestJamesMoreRecipients(t *testing.T) {
	raw := "From: postmaster@example.org\nTo: sender@example.com\nSubject: [BOUNCE]\n" +
		"Message-ID: <123.4.1430239250123.JavaMail.james@mail.example.org>\nReceived: from x by JAMES SMTP Server 2.3.2\n\n" +
		"We were unable to deliver the attached message because of an error in the mail server.\n\n" +
		"Error message below:\n550 - Requested action not taken: relaying denied\n\nMessage details:\n  Subject: hi\n" +
		"  MAIL FROM: sender@example.com\n  RCPT TO: anna@example.net\n           bert@example.net\n           carl@example.net\n" +
		"  From: sender@example.com \n  To: anna@example.net, bert@example.net, carl@example.net, dora@example.net \n  Size (in bytes): 1203\n  Number of lines: 20\n"
	r := decodeMTA(t, raw)
	require.Equal(t, dsn.DeliveryReport, r.Kind, "notes: %v", r.Notes)
	assert.Equal(t, string(ApacheJames), string(r.Decoder))
	checkRecipients(t, r, []wantRecipient{
		{addr: "anna@example.net", diagContains: "relaying denied"},
		{addr: "bert@example.net", diagContains: "relaying denied"},
		{addr: "carl@example.net", diagContains: "relaying denied"},
	})
}

// TestFMLErrorsOnly: fml's refusals are reported to the list address; its
// other mail from <list>-admin with the same header (the auto-registration
// welcome, a command's result) is no failure (fmlorg/fml4 kern/libfml.pl;
// the error words are Sisimai's, lib/Sisimai/Lhost/FML.pm).
func TestFMLErrorsOnly(t *testing.T) {
	head := func(subject string) string {
		return "From: elena-admin@fml.example.org\nTo: user@example.com\nSubject: " + subject + "\n" +
			"Message-Id: <200302111134.FMLAAB5817.elena@fml.example.org>\nX-MLServer: fml [fml 4.0.3 release (20011202/4.0.3)]\n\n"
	}
	r := decodeMTA(t, head("You user@example.com are not member (elena ML)")+
		"You are not a member of this mailing list <elena@fml.example.org>.\n\n"+
		"If you know the general guide of this list, please send mail with the mail body\n\n\tguide\n\n"+
		"Original mail as follows:\n\nFrom: user@example.com\nTo: elena@fml.example.org\nSubject: hi\n\nhello\n")
	require.Equal(t, dsn.DeliveryReport, r.Kind, "notes: %v", r.Notes)
	checkRecipients(t, r, []wantRecipient{{addr: "elena@fml.example.org", diagContains: "not a member"}})

	for _, raw := range []string{
		head("Welcome to our (elena ML) You are added automatically") +
			"Welcome to the mailing list <elena@fml.example.org>.\n\nSend \"# help\" to <elena-ctl@fml.example.org>.\n",
		head("Subscribe request result (elena ML)") +
			"Your subscription to <elena@fml.example.org> is confirmed.\n",
	} {
		m, err := dsn.ReadMessage([]byte(raw))
		require.NoError(t, err)
		require.True(t, fmlDecoder{}.Match(m))
		assert.Nil(t, fmlDecoder{}.Decode(m), raw)
	}
}

// TestX3FromDisplayName: X3's notice is known by its Subject and a From
// that starts "Mail Delivery System" (Sisimai's X3.pm tests the display
// name); a report under the same Subject and name without X3's intro is
// left to the decoders after it.
func TestX3FromDisplayName(t *testing.T) {
	const rule = "============================================================================\n"
	raw := "From: Mail Delivery System <MAILER-DAEMON@relay.example.com>\nTo: sender@example.com\nSubject: Delivery status notification: error\n\n" +
		rule + "      This is an automatically generated Delivery Status Notification.\n\nDelivery to the following recipients failed permanently:\n\n" +
		"  * anna@example.net\n\n\n" + rule + "                            Technical details:\n\n" +
		"SMTP:RCPT host 192.0.2.8: 553 5.3.0 <anna@example.net>... No such user here\n\n\n" + rule
	r := decodeMTA(t, raw)
	require.Equal(t, dsn.DeliveryReport, r.Kind, "notes: %v", r.Notes)
	assert.Equal(t, string(X3), string(r.Decoder))
	checkRecipients(t, r, []wantRecipient{{addr: "anna@example.net", diagContains: "No such user here"}})
	assert.NotContains(t, r.Recipients[0].DiagnosticCode, "=====")

	m, err := dsn.ReadMessage([]byte("From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\nTo: sender@example.com\n" +
		"Subject: Delivery status notification: error\n\nThis message was created automatically by mail delivery software.\n\n" +
		"  anna@example.net\n    host mx.example.net [192.0.2.8]\n    SMTP error from remote mail server after RCPT TO:<anna@example.net>:\n    550 5.1.1 User unknown\n"))
	require.NoError(t, err)
	require.True(t, x3Decoder{}.Match(m))
	assert.Nil(t, x3Decoder{}.Decode(m))
}

// TestX3DetailLabels: X3's "Diagnostic-Code: smtp; ..." and "Routing: ..."
// lines under "Technical details:" give the reply without their label.
func TestX3DetailLabels(t *testing.T) {
	for in, want := range map[string]string{
		"Diagnostic-Code: smtp; 552 5.2.2 Over quota":              "552 5.2.2 Over quota",
		"Routing: Could not find a gateway for anna@example.net":   "Could not find a gateway for anna@example.net",
		"SMTP:RCPT host 192.0.2.8: 553 5.3.0 <a@example.net>... x": "SMTP:RCPT host 192.0.2.8: 553 5.3.0 <a@example.net>... x",
		"Diagnostic codes differ; see below":                       "Diagnostic codes differ; see below",
	} {
		assert.Equal(t, want, x3Detail(in), in)
	}
}

// TestX6Wrapped: X6's sentence wrapped after "rejected recipient <addr>",
// its continuation indented (the form Sisimai's X6.pm quotes), and two
// sentences on consecutive lines, each give their recipient and reply.
func TestX6Wrapped(t *testing.T) {
	head := "From: Mail Delivery System <mailer-daemon@mailhost.example>\nTo: sender@example.com\nSubject: There was an error sending your mail\n\n" +
		"We had trouble delivering your message. Full details follow:\n\nSubject: 'hi'\nDate: 'Thu, 29 Apr 2012 23:34:45 +0000'\n\n"
	r := decodeMTA(t, head+"1 error(s):\n\nSMTP Server <mx.example.net> rejected recipient <anna@example.net> \n"+
		"  (Error following RCPT command). It responded as follows: [550 5.1.1 User unknown]\n\nThe attachment contains the original mail headers.\n")
	require.Equal(t, dsn.DeliveryReport, r.Kind, "notes: %v", r.Notes)
	checkRecipients(t, r, []wantRecipient{{addr: "anna@example.net", command: "RCPT", diagContains: "550 5.1.1 User unknown"}})

	r = decodeMTA(t, head+"2 error(s):\n\n"+
		"SMTP Server <mx.example.net> rejected recipient <anna@example.net> (Error following RCPT command). It responded as follows: [550 5.1.1 User unknown]\n"+
		"SMTP Server <mx.example.net> rejected recipient <bert@example.net> (Error following RCPT command). It responded as follows: [552 5.2.2 Mailbox full]\n")
	checkRecipients(t, r, []wantRecipient{
		{addr: "anna@example.net", diagContains: "User unknown"},
		{addr: "bert@example.net", diagContains: "Mailbox full"},
	})
}
