package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestMasqmail reads masqmail's notices as tpl/failmsg.tpl, its German
// translation (English sentences in brackets) and tpl/warnmsg.tpl fill
// them in: every listed recipient gets the one error message, and an
// error no server gave (a failed connection) is masqmail's own.
func TestMasqmail(t *testing.T) {
	const boundary = "1kXyZ-0001aB-00/mx.example.org"
	head := func(subject string) string {
		return "Subject: " + subject + "\nFrom: MAILER-DAEMON@mx.example.org\nTo: sender@example.com\nMIME-Version: 1.0\n" +
			"Content-Type: multipart/mixed;\n        boundary=\"" + boundary + "\"\n\nThis is a MIME-encapsulated message.\n\n--" + boundary +
			"\nContent-Description: Notification\nContent-Type: text/plain; charset=utf-8\n\n"
	}
	const tail = "\n--" + boundary + "\nContent-Description: Undelivered Message\nContent-Type: message/rfc822\n\n" +
		"From: Sender <sender@example.com>\nTo: anna@example.net\nSubject: hello\nMessage-ID: <m1@example.com>\n\nhi\n\n--" + boundary + "--\n"
	tests := []struct {
		name, raw string
		want      []wantRecipient
		noRemote  bool
	}{
		{
			name: "failure, remote reply",
			raw: head("Mail Delivery Failure Notice") +
				"This message was sent to you by the mailer daemon (masqmail 0.3.6)\nat mx.example.org.\n\n" +
				"Sorry, but your mail could not be delivered to all recipients.\n" +
				"Delivery to the following recipients failed permanently and has been given\nup:\n\n\t<anna@example.net>\n\n" +
				"This error message may give you a hint about what caused the\nfailure:\n\n" +
				"550 5.1.1 <anna@example.net>: Recipient address rejected: User unknown\n\n" +
				"If you need help, write to <postmaster@mx.example.org>.\n\nYour message follows attached, including all headers:\n" + tail,
			want: []wantRecipient{{addr: "anna@example.net", action: "failed", status: "5.1.1", reply: 550, diagContains: "Recipient address rejected: User unknown"}},
		},
		{
			name: "failure in German, English in brackets",
			raw: head("Mail Delivery Failure Notice") +
				"Diese Nachricht wurde Ihnen von dem Mail Agenten\n(masqmail 0.3.6) auf mx.example.org geschickt.\n" +
				"(This message was sent to you by the mailer daemon (masqmail 0.3.6)\nat mx.example.org.)\n\n" +
				"Die Zustellung zu den folgenden Empfängern ist permanent\nfehlgeschlagen. Es wird kein weiterer Versuch unternommen:\n" +
				"(Delivery to the following recipients failed permanently and has been given\nup:)\n\n\t<anna@example.net>\n\t<bert@example.net>\n\n" +
				"Diese Fehlermeldung könnte einen Hinweis über die Ursache geben:\n(This error message may give you a hint about what caused the\nfailure:)\n\n" +
				"552 5.2.2 <anna@example.net>: Mailbox full\n\nFür weitere Hilfe, schreiben Sie an <postmaster@mx.example.org>.\n" + tail,
			want: []wantRecipient{
				{addr: "anna@example.net", reply: 552, diagContains: "Mailbox full"},
				{addr: "bert@example.net", reply: 552, diagContains: "Mailbox full"},
			},
		},
		{
			name: "delay, masqmail's own words",
			raw: head("Warning: could not yet send message") +
				"This message was sent to you by the mailer daemon (masqmail 0.3.6)\nat mx.example.org.\n\n" +
				"Sorry, but your mail could not yet be delivered to all recipients.\nDelivery to the following recipients has been defered:\n\n" +
				"\t<anna@example.net>\n\nDelivery will be tried again, until it is either successful or a\ntimeout has been reached. If the latter happens, you will get a\n" +
				"delivery failure notice.\n\n\nThis error message may give you a hint about what caused the\ndelay:\n\n" +
				"connection to mx.example.net failed: Connection timed out\n\nIf you need help, write to <postmaster@mx.example.org>.\n" + tail,
			want:     []wantRecipient{{addr: "anna@example.net", action: "delayed", diagContains: "connection to mx.example.net failed: Connection timed out"}},
			noRemote: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := decodeMTA(t, tt.raw)
			require.Equal(t, dsn.DeliveryReport, r.Kind, "notes: %v", r.Notes)
			assert.Equal(t, string(Masqmail), string(r.Decoder))
			checkRecipients(t, r, tt.want)
			for i := range r.Recipients {
				assert.Equal(t, tt.noRemote, r.Recipients[i].NoRemoteAnswer)
			}
			assert.Equal(t, "m1@example.com", r.Original.MessageID)
		})
	}
}

// TestMasqmailNearMiss: a mail system's notice of another MTA under the
// same Subject, and a person quoting masqmail's banner, are not masqmail's.
func TestMasqmailNearMiss(t *testing.T) {
	for _, raw := range []string{
		"From: MAILER-DAEMON@example.org\nTo: a@example.com\nSubject: Mail Delivery Failure Notice\n\n" +
			"Delivery to the following recipients failed permanently:\n\n\t<b@example.org>\n",
		"From: Ann <ann@example.org>\nTo: list@example.org\nSubject: Mail Delivery Failure Notice\n\n" +
			"I got \"This message was sent to you by the mailer daemon (masqmail 0.3.6)\" but no list of addresses.\n",
	} {
		m, err := dsn.ReadMessage([]byte(raw))
		require.NoError(t, err)
		if (masqmailDecoder{}).Match(m) {
			assert.Nil(t, masqmailDecoder{}.Decode(m), raw)
		}
	}
}
