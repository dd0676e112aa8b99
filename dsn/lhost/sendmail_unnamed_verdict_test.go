package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestSendmailUnnamedVerdict: Sendmail ends a refused DATA (or RCPT)
// conversation with its own verdict naming no address ("554 5.0.0 Service
// unavailable", as quoted in sisimai/p5-sisimai lib/Sisimai/Lhost/Sendmail.pm
// and lib/Sisimai/Reason/NoRelaying.pm). The server's reply belongs to the
// address whose "(reason: ...)" line quotes it, with its host and command;
// the next verdict, on another address, keeps its own words.
func TestSendmailUnnamedVerdict(t *testing.T) {
	head := "From: Mail Delivery Subsystem <MAILER-DAEMON@mail.example.org>\nTo: <alice@example.org>\n" +
		"Subject: Returned mail: see transcript for details\n\n" +
		"The original message was received at Sat, 5 Dec 2026 10:01:02 +0200\nfrom host.example.org [192.0.2.5]\n\n" +
		"   ----- The following addresses had permanent fatal errors -----\n"
	tail := "\n   ----- Original message follows -----\n\nSubject: hi\n\nbody\n"
	tests := []struct {
		name, raw string
		want      []wantRecipient
		noRemote  []bool
	}{
		{
			name: "DATA refused, then a local verdict",
			raw: head + "<bob@remote.example>\n    (reason: 554 delivery error: dd This user doesn't have an account)\n<carol@example.org>\n\n" +
				"   ----- Transcript of session follows -----\n... while talking to mx.remote.example.:\n>>> DATA\n" +
				"<<< 554 delivery error: dd This user doesn't have an account\n554 5.0.0 Service unavailable\n" +
				"550 5.1.1 <carol@example.org>... User unknown\n" + tail,
			want: []wantRecipient{
				{addr: "bob@remote.example", command: "DATA", remote: "mx.remote.example", diagContains: "554 delivery error: dd", reply: 554},
				{addr: "carol@example.org", diagContains: "550 5.1.1 User unknown", reply: 550},
			},
			noRemote: []bool{false, true},
		},
		{
			name: "multi-line reply: the whole reply, not the reason line's last line",
			raw: head + "<dan@big.example>\n    (reason: 552 5.2.3 guidelines. x1 - gsmtp)\n\n" +
				"   ----- Transcript of session follows -----\n... while talking to mx.big.example.:\n>>> DATA\n" +
				"<<< 552-5.2.3 Your message exceeded the message size limits. Please visit\n<<< 552 5.2.3 guidelines. x1 - gsmtp\n" +
				"554 5.0.0 Service unavailable\n" + tail,
			want: []wantRecipient{
				{addr: "dan@big.example", command: "DATA", remote: "mx.big.example", diagContains: "552 5.2.3 Your message exceeded the message size limits", reply: 552},
			},
			noRemote: []bool{false},
		},
		{
			// A verbose session logs the end of the message as ">>> ."
			// (Sendmail 8.17.1: sendmail/usersmtp.c, smtpdata()): the
			// reply after it answered DATA.
			name: "end of message logged as a dot",
			raw: head + "<kim@big.example>\n    (reason: 552 Message size exceeds fixed limit)\n\n" +
				"   ----- Transcript of session follows -----\n... while talking to mx.big.example.:\n>>> DATA\n>>> .\n" +
				"<<< 552 Message size exceeds fixed limit\n554 5.0.0 Service unavailable\n" + tail,
			want: []wantRecipient{
				{addr: "kim@big.example", command: "DATA", remote: "mx.big.example", diagContains: "552 Message size exceeds fixed limit", reply: 552},
			},
			noRemote: []bool{false},
		},
		{
			// Sendmail 8.9: no "(reason: ...)" lines; the RCPT command or
			// the reply names the address.
			name: "no reason lines: RCPT names one, the DATA reply the other",
			raw: head + "<gus@shop.example>\n<hal@mail.example>\n<ivy@example.org>\n\n" +
				"   ----- Transcript of session follows -----\n... while talking to mx.shop.example.:\n" +
				">>> RCPT To:<gus@shop.example>\n<<< 554 5.7.1 <gus@shop.example>: Relay access denied\n554 5.0.0 Service unavailable\n" +
				"... while talking to mx.mail.example.:\n>>> DATA\n<<< 554 delivery error: dd no account (hal@mail.example)\n554 5.0.0 Service unavailable\n" +
				"550 5.1.1 <ivy@example.org>... User unknown\n" + tail,
			want: []wantRecipient{
				{addr: "gus@shop.example", command: "RCPT", remote: "mx.shop.example", diagContains: "Relay access denied", reply: 554},
				{addr: "hal@mail.example", command: "DATA", remote: "mx.mail.example", diagContains: "dd no account", reply: 554},
				{addr: "ivy@example.org", diagContains: "550 5.1.1 User unknown", reply: 550},
			},
			noRemote: []bool{false, false, true},
		},
		{
			// Near miss: a DATA reply that names neither address is nobody's.
			name: "no reason lines, DATA reply naming no address",
			raw: head + "<jo@a.example>\n<kim@b.example>\n\n" +
				"   ----- Transcript of session follows -----\n... while talking to mx.a.example.:\n>>> DATA\n" +
				"<<< 554 5.7.1 Message rejected\n554 5.0.0 Service unavailable\n" +
				"550 5.1.1 <kim@b.example>... User unknown\n" + tail,
			want: []wantRecipient{
				{addr: "jo@a.example"},
				{addr: "kim@b.example", diagContains: "550 5.1.1 User unknown", reply: 550},
			},
			noRemote: []bool{false, true},
		},
		{
			// Near miss: the verdict names the address; it keeps the reply.
			name: "verdict with the address keeps the reply",
			raw: head + "<erin@example.net>\n    (reason: 550 5.1.1 <erin@example.net>... User unknown)\n\n" +
				"   ----- Transcript of session follows -----\n... while talking to mx.example.net.:\n" +
				">>> RCPT To:<erin@example.net>\n<<< 550 5.1.1 <erin@example.net>... User unknown\n" +
				"550 5.1.1 <erin@example.net>... User unknown\n" + tail,
			want:     []wantRecipient{{addr: "erin@example.net", command: "RCPT", remote: "mx.example.net", diagContains: "550 5.1.1 <erin@example.net>... User unknown", reply: 550}},
			noRemote: []bool{false},
		},
		{
			// Near miss: no server reply before it, so no conversation to end.
			name: "code line with no reply before it",
			raw: head + "<fay@example.org>\n\n" +
				"   ----- Transcript of session follows -----\n554 5.0.0 Service unavailable\n" +
				"550 5.1.1 <fay@example.org>... User unknown\n" + tail,
			// (the line stays the local output before the verdict, as before)
			want:     []wantRecipient{{addr: "fay@example.org", diagContains: "554 5.0.0 Service unavailable 550 5.1.1 User unknown", reply: 554}},
			noRemote: []bool{true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := decodeMTA(t, tt.raw)
			require.Equal(t, dsn.DeliveryReport, r.Kind, "notes: %v", r.Notes)
			assert.Equal(t, "Sendmail", string(r.Decoder))
			checkRecipients(t, r, tt.want)
			for i, nr := range tt.noRemote {
				assert.Equal(t, nr, r.Recipients[i].NoRemoteAnswer, "recipient %d", i)
			}
		})
	}
	for _, l := range []struct {
		line string
		want bool
	}{
		{"554 5.0.0 Service unavailable", true},
		{"550 5.1.1 <a@example.org>... User unknown", false},
		{"554 delivery error: dd This user doesn't have an account", false},
		{"Message could not be delivered for 5 days", false},
	} {
		ctx := &sendmailContext{host: "mx.example.org", reply: []string{"550 no"}}
		assert.Equal(t, l.want, closeSendmailConversation(ctx, l.line), l.line)
	}
	assert.False(t, closeSendmailConversation(nil, "554 5.0.0 Service unavailable"))
	assert.Equal(t, "a@example.org", sendmailCommandRecipient(">>> RCPT To:<a@example.org>"))
	assert.Equal(t, "", sendmailCommandRecipient(">>> MAIL From:<a@example.org> SIZE=100"))
	assert.Equal(t, "", sendmailCommandRecipient(">>> DATA"))
}

// TestSendmailDSNWithoutDiagnostic: a Sendmail 8.9.3 MIME report whose
// delivery-status groups have no Diagnostic-Code after a refused DATA and
// for a local verdict; each recipient takes its own words from the
// transcript, not the text after its address inside another reply, nor
// the paragraph's first command.
func TestSendmailDSNWithoutDiagnostic(t *testing.T) {
	b := "KAA12345.1796100000/mail.example.org"
	raw := "From: Mail Delivery Subsystem <MAILER-DAEMON@mail.example.org>\nTo: <alice@example.org>\n" +
		"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status;\n\tboundary=\"" + b + "\"\n" +
		"Subject: Returned mail: see transcript for details\n\nThis is a MIME-encapsulated message\n\n--" + b + "\n\n" +
		"The original message was received at Tue, 8 Dec 2026 10:01:02 +0100\nfrom host.example.org [192.0.2.5]\n\n" +
		"   ----- The following addresses had permanent fatal errors -----\n<gus@shop.example>\n<hal@mail.example>\n<ivy@example.org>\n\n" +
		"   ----- Transcript of session follows -----\n... while talking to mx.shop.example.:\n" +
		">>> RCPT To:<gus@shop.example>\n<<< 554 5.7.1 <gus@shop.example>: Relay access denied\n554 5.0.0 Service unavailable\n" +
		"... while talking to mx.mail.example.:\n>>> DATA\n<<< 554 delivery error: dd no account (hal@mail.example) [0] - mta1.mail.example\n554 5.0.0 Service unavailable\n" +
		"550 5.1.1 <ivy@example.org>... User unknown\n\n--" + b + "\nContent-Type: message/delivery-status\n\n" +
		"Reporting-MTA: dns; mail.example.org\n\n" +
		"Final-Recipient: RFC822; gus@shop.example\nAction: failed\nStatus: 5.7.1\nRemote-MTA: DNS; mx.shop.example\nDiagnostic-Code: SMTP; 554 5.7.1 <gus@shop.example>: Relay access denied\n\n" +
		"Final-Recipient: RFC822; hal@mail.example\nAction: failed\nStatus: 5.0.0\nRemote-MTA: DNS; mx.mail.example\n\n" +
		"Final-Recipient: RFC822; ivy@example.org\nAction: failed\nStatus: 5.1.1\n\n--" + b + "--\n"
	r := decodeMTA(t, raw)
	require.Equal(t, dsn.DeliveryReport, r.Kind, "notes: %v", r.Notes)
	checkRecipients(t, r, []wantRecipient{
		{addr: "gus@shop.example", command: "RCPT", remote: "mx.shop.example", diagContains: "Relay access denied", reply: 554},
		{addr: "hal@mail.example", command: "DATA", remote: "mx.mail.example", diagContains: "554 delivery error: dd no account", reply: 554},
		{addr: "ivy@example.org", diagContains: "550 5.1.1 User unknown", reply: 550},
	})
	assert.Equal(t, "", r.Recipients[2].Command)
}
