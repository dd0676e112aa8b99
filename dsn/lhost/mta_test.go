package lhost

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// decodeMTA reads raw and runs only the MTA format decoders over it.
func decodeMTA(t *testing.T, raw string) *dsn.Report {
	t.Helper()
	m, err := dsn.ReadMessage([]byte(raw))
	require.NoError(t, err)
	return dsn.Decode(m, registrySection(t, ActiveHunter, V5Sendmail))
}

// registrySection returns the decoders of the registry from the one named
// first to the one named last, both included: a section of the registry
// (the MTA formats, say) for tests that run only those.
func registrySection(t testing.TB, first, last dsn.DecoderName) []dsn.Decoder {
	t.Helper()
	from, to := -1, -1
	for i, d := range registry {
		switch d.Name() {
		case first:
			from = i
		case last:
			to = i
		}
	}
	require.True(t, from >= 0 && to >= from, "no section %s..%s in the registry", first, last)
	return registry[from : to+1]
}

// wantRecipient is what a test expects of one recipient; empty fields are
// not checked.
type wantRecipient struct {
	addr, action, status, command, remote, diagContains string
	reply                                               int
}

func checkRecipients(t *testing.T, r *dsn.Report, want []wantRecipient) {
	t.Helper()
	require.Len(t, r.Recipients, len(want), "recipients: %+v", r.Recipients)
	for i, w := range want {
		rc := r.Recipients[i]
		assert.Equal(t, w.addr, rc.Recipient, "recipient %d", i)
		if w.action != "" {
			assert.Equal(t, dsn.Action(w.action), rc.Action, "action %d", i)
		}
		if w.status != "" {
			assert.Equal(t, w.status, rc.Status.String(), "status %d", i)
		}
		if w.command != "" {
			assert.Equal(t, w.command, rc.Command, "command %d", i)
		}
		if w.remote != "" {
			assert.Equal(t, w.remote, rc.RemoteMTA, "remote MTA %d", i)
		}
		if w.reply != 0 {
			assert.Equal(t, w.reply, rc.ReplyCode, "reply code %d", i)
		}
		if w.diagContains != "" {
			assert.Contains(t, rc.DiagnosticCode, w.diagContains, "diagnostic %d", i)
		}
	}
}

// The synthetic bounces below are written in each MTA's documented
// format, with addresses and hosts of their own, so that the decoders are
// tested on what the software writes and not on the corpus samples.
func TestMTADecodersSynthetic(t *testing.T) {
	tests := []struct {
		name, decoder, raw, reporting string
		want                          []wantRecipient
		origSubject                   string
	}{
		{
			name: "exim permanent, two addresses", decoder: "Exim", origSubject: "Quarterly report",
			raw: "From: Mail Delivery System <Mailer-Daemon@relay.example.net>\n" +
				"To: alice@example.com\nSubject: Mail delivery failed: returning message to sender\n" +
				"X-Failed-Recipients: bob@example.org, carol@example.org\nAuto-Submitted: auto-replied\n\n" +
				"This message was created automatically by mail delivery software.\n\n" +
				"A message that you sent could not be delivered to one or more of its\n" +
				"recipients. This is a permanent error. The following address(es) failed:\n\n" +
				"  bob@example.org\n" +
				"    host mx1.example.org [198.51.100.7]\n" +
				"    SMTP error from remote mail server after RCPT TO:<bob@example.org>:\n" +
				"    550-5.1.1 The email account that you tried to reach does not exist.\n" +
				"    550 5.1.1 Please try again.\n" +
				"  carol@example.org\n" +
				"    (ultimately generated from team@example.org)\n" +
				"    retry timeout exceeded\n\n" +
				"------ This is a copy of the message, including all the headers. ------\n\n" +
				"Return-path: <alice@example.com>\nFrom: alice@example.com\nTo: bob@example.org\n" +
				"Subject: Quarterly report\nMessage-Id: <q1@example.com>\n\nbody\n",
			want: []wantRecipient{
				{addr: "bob@example.org", action: "failed", status: "5.1.1", command: dsn.CommandRCPT, remote: "mx1.example.org", reply: 550, diagContains: "does not exist. Please try again."},
				{addr: "carol@example.org", action: "failed", diagContains: "retry timeout exceeded"},
			},
		},
		{
			name: "exim delay warning", decoder: "Exim", reporting: "queue.example.net",
			raw: "From: Mail Delivery System <Mailer-Daemon@queue.example.net>\n" +
				"Subject: Warning: message 1abcDE-000001-XY delayed 24 hours\n\n" +
				"This message was created automatically by mail delivery software.\n" +
				"A message that you sent has not yet been delivered to one or more of its\n" +
				"recipients after more than 24 hours on the queue on queue.example.net.\n\n" +
				"The address to which the message has not yet been delivered is:\n\n" +
				"  dave@example.org\n" +
				"    host mx.example.org [203.0.113.9]\n" +
				"    Delay reason: SMTP error from remote mail server after MAIL FROM:<alice@example.com> SIZE=2048:\n" +
				"    451 4.7.1 Greylisted, try later\n\n" +
				"No action is required on your part.\n",
			want: []wantRecipient{{addr: "dave@example.org", action: "delayed", status: "4.7.1", command: dsn.CommandMAIL, remote: "mx.example.org", reply: 451, diagContains: "Greylisted"}},
		},
		{
			name: "exim old style with colon and bare local part", decoder: "Exim",
			raw: "From: Mail Delivery System <Mailer-Daemon@old.example.net>\n" +
				"Subject: Mail delivery failed: returning message to sender\nX-Failed-Recipients: erin@example.org\n\n" +
				"This message was created automatically by mail delivery software.\n\n" +
				"A message that you sent could not be delivered to all of its recipients. The\nfollowing address(es) failed:\n\n" +
				"  erin:\n    SMTP error from remote mailer after end of data:\n    host mx.example.org [192.0.2.5]: 554 5.7.0 Header error\n",
			want: []wantRecipient{{addr: "erin@example.org", status: "5.7.0", command: dsn.CommandDATA, remote: "mx.example.org", diagContains: "554 5.7.0 Header error"}},
		},
		{
			name: "haraka plain notice, two recipients", decoder: "qmail", reporting: "relay.example.net",
			raw: "Received: (Haraka 77 invoked for bounce); Mon, 02 Mar 2026 09:00:00 +0000\nFrom: MAILER-DAEMON@relay.example.net\nSubject: failure notice\n\n" +
				"Hi. This is the Haraka Mailer program at relay.example.net.\n" +
				"I'm afraid I wasn't able to deliver your message to the following addresses.\n" +
				"This is a permanent error; I've given up. Sorry it didn't work out.\n\n" +
				"Intended Recipients: <ivan@example.org>, <judy@example.org>\n" +
				"Failure Reason: 552 5.2.2 Quota exceeded for\n   this mailbox\n",
			want: []wantRecipient{
				{addr: "ivan@example.org", action: "failed", status: "5.2.2", reply: 552, diagContains: "Quota exceeded for this mailbox"},
				{addr: "judy@example.org", action: "failed", status: "5.2.2", reply: 552},
			},
		},
		{
			name: "haraka plain notice, bare address", decoder: "qmail", reporting: "relay.example.net",
			raw: "From: MAILER-DAEMON@relay.example.net\nSubject: failure notice\n\n" +
				"Hi. This is the Haraka Mailer program at relay.example.net.\n" +
				"I'm afraid I wasn't able to deliver your message to the following addresses.\n\n" +
				"Intended Recipients: mallory@example.org\n" +
				"Failure Reason: Tried our best to deliver but failed\n",
			want: []wantRecipient{{addr: "mallory@example.org", action: "failed", diagContains: "Tried our best"}},
		},
		{
			name: "qmail remote reply", decoder: "qmail", reporting: "mail.example.net", origSubject: "hello",
			raw: "From: MAILER-DAEMON@mail.example.net\nSubject: failure notice\n\n" +
				"Hi. This is the qmail-send program at mail.example.net.\n" +
				"I'm afraid I wasn't able to deliver your message to the following addresses.\n" +
				"This is a permanent error; I've given up. Sorry it didn't work out.\n\n" +
				"<frank@example.org>:\n198.51.100.3 does not like recipient.\n" +
				"Remote host said: 550 5.1.1 <frank@example.org>: Recipient address rejected\nGiving up on 198.51.100.3.\n\n" +
				"<grace@example.org>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n" +
				"<heidi@example.org>:\n198.51.100.4 failed after I sent the message.\nRemote host said: 552 5.3.4 Message too big\n\n" +
				"--- Below this line is a copy of the message.\n\n" +
				"Return-Path: <alice@example.com>\nFrom: alice@example.com\nSubject: hello\n\nhi\n",
			want: []wantRecipient{
				{addr: "frank@example.org", status: "5.1.1", command: dsn.CommandRCPT, remote: "198.51.100.3", reply: 550, diagContains: "Recipient address rejected"},
				{addr: "grace@example.org", status: "5.1.1", diagContains: "no mailbox here"},
				{addr: "heidi@example.org", status: "5.3.4", command: dsn.CommandDATA, remote: "198.51.100.4", reply: 552},
			},
		},
		{
			name: "dma", decoder: "DragonFly", reporting: "box.example.net",
			raw: "Received: from MAILER-DAEMON\n\tid 1a2b\n\tby box.example.net (DragonFly Mail Agent v0.14);\n\tMon, 1 Jan 2024 00:00:00 +0000\n" +
				"From: MAILER-DAEMON <>\nSubject: Mail delivery failed\n\n" +
				"This is the DragonFly Mail Agent v0.14 at box.example.net.\n\n" +
				"There was an error delivering your mail to <ivan@example.org>.\n\n" +
				"mx.example.org [192.0.2.77] did not like our MAIL FROM:\n553 5.7.1 Sender address rejected\n\n" +
				"Original message follows.\n\nFrom: alice@example.com\nSubject: x\n\n",
			want: []wantRecipient{{addr: "ivan@example.org", status: "5.7.1", command: dsn.CommandMAIL, remote: "mx.example.org", reply: 553}},
		},
		{
			name: "sendmail 8 text", decoder: "Sendmail",
			raw: "From: Mail Delivery Subsystem <MAILER-DAEMON@gw.example.net>\nSubject: Returned mail: see transcript for details\n\n" +
				"The original message was received at Mon, 1 Jan 2024 00:00:00 +0000\nfrom localhost [127.0.0.1]\n\n" +
				"   ----- The following addresses had permanent fatal errors -----\n<judy@example.org>\n" +
				"    (reason: 550 5.1.1 <judy@example.org>... User unknown)\n\n" +
				"   ----- Transcript of session follows -----\n... while talking to mx.example.org.:\n" +
				">>> RCPT To:<judy@example.org>\n<<< 550 5.1.1 <judy@example.org>... User unknown\n" +
				"550 5.1.1 <judy@example.org>... User unknown\n\n   ----- Original message follows -----\n",
			want: []wantRecipient{{addr: "judy@example.org", status: "5.1.1", command: dsn.CommandRCPT, remote: "mx.example.org", reply: 550}},
		},
		{
			name: "v5 sendmail transcript only", decoder: "V5sendmail",
			raw: "From: Mail Delivery Subsystem <MAILER-DAEMON@old.example.net>\nSubject: Returned mail: User unknown\n\n" +
				"   ----- Transcript of session follows -----\nWhile talking to mail.example.org:\n" +
				">>> RCPT To:<kim@example.org>\n<<< 550 No such user here\n550 <kim@example.org>... User unknown\n" +
				"550 example.com (smtp)... 550 Host unknown\n554 <lee@example.com>... 550 Host unknown (Authoritative answer from name server)\n" +
				"   ----- Unsent message follows -----\nFrom: alice@example.net\nTo: kim@example.org\n\n",
			want: []wantRecipient{
				{addr: "kim@example.org", command: dsn.CommandRCPT, remote: "mail.example.org", reply: 550, diagContains: "No such user here"},
				{addr: "lee@example.com", reply: 550, diagContains: "Host unknown"},
			},
		},
		{
			name: "opensmtpd", decoder: "OpenSMTPD",
			raw: "From: Mailer Daemon <MAILER-DAEMON@smtpd.example.net>\nSubject: Delivery status notification: error\n\n" +
				"    Hi!\n\n    This is the MAILER-DAEMON, please DO NOT REPLY to this e-mail.\n\n" +
				"    An error has occurred while attempting to deliver a message for\n    the following list of recipients:\n\n" +
				"mallory@example.org: 550 5.2.2 Mailbox full\n\n    Below is a copy of the original message:\n\nSubject: y\n\n",
			want: []wantRecipient{{addr: "mallory@example.org", status: "5.2.2", reply: 550}},
		},
		{
			name: "postfix old", decoder: "Postfix", reporting: "pf.example.net",
			raw: "From: MAILER-DAEMON@pf.example.net (Mail Delivery System)\nSubject: Undelivered Mail Returned to Sender\n\n" +
				"This is the Postfix program at host pf.example.net.\n\nI'm sorry to have to inform you that the message returned\n" +
				"below could not be delivered to one or more destinations.\n\n\t\t\tThe Postfix program\n\n" +
				"<nina@example.org>: host mx.example.org[192.0.2.8] said: 550 5.1.1 <nina@example.org>:\n" +
				"    Recipient address rejected (in reply to RCPT TO command)\n",
			want: []wantRecipient{{addr: "nina@example.org", status: "5.1.1", command: dsn.CommandRCPT, remote: "mx.example.org", reply: 550}},
		},
		{
			name: "exchange 2003", decoder: "Exchange2003",
			raw: "From: System Administrator <postmaster@corp.example.net>\nSubject: Undeliverable: plans\nX-Mailer: Internet Mail Service (5.5.2653.19)\n\n" +
				"Your message\n\n  To:      oscar@example.org\n  Subject: plans\n\ndid not reach the following recipient(s):\n\n" +
				"oscar@example.org on Mon, 1 Jan 2024 00:00:00 +0000\n    The recipient name is not recognized\n" +
				"\tThe MTS-ID of the original message is: c=us;a= ;p=corp\nl=SRV-0001\n    MSEXCH:IMS:Corp:Site:SRV 0 (000C05A6) Unknown Recipient\n",
			want: []wantRecipient{{addr: "oscar@example.org", diagContains: "not recognized MSEXCH:IMS:Corp:Site:SRV 0 (000C05A6) Unknown Recipient"}},
		},
		{
			name: "imail", decoder: "IMailServer",
			raw: "From: \"Postmaster\" <postmaster@imail.example.net>\nSubject: Undeliverable Mail\nX-Mailer: <SMTP32 v8.15>\n\n" +
				"Unknown user: peggy@example.org\n\nOriginal message follows.\n\nSubject: z\n\n",
			want: []wantRecipient{{addr: "peggy@example.org", diagContains: "Unknown user"}},
		},
		{
			name: "courier text without its delivery-status part", decoder: "Courier", reporting: "mx.example.net",
			raw: "From: Courier mail server at mx.example.net <@>\nSubject: NOTICE: mail delivery status.\n" +
				"Content-Type: multipart/mixed; boundary=\"=_courier_0\"\n\n--=_courier_0\nContent-Type: text/plain\n\n" +
				"This is a delivery status notification from mx.example.net,\nrunning the Courier mail server, version 1.1.\n\n" +
				"Your message to the following recipients cannot be delivered:\n\n<rupert@example.org>:\n" +
				"    mx.example.org [192.0.2.44]:\n>>> RCPT TO:<rupert@example.org>\n<<< 550 5.1.1 <rupert@example.org>... User Unknown\n\n" +
				"---------------------------------------------------------------------------\n\n--=_courier_0--\n",
			want: []wantRecipient{{addr: "rupert@example.org", status: "5.1.1", command: dsn.CommandRCPT, remote: "mx.example.org", reply: 550}},
		},
		{
			name: "messaging server text", decoder: "MessagingServer",
			raw: "From: Internet Mail Delivery <postmaster@ms.example.net>\nSubject: Delivery Notification: Delivery has failed\n\n" +
				"This report relates to a message you sent with the following header fields:\n\n  Subject: w\n\n" +
				"Your message cannot be delivered to the following recipients:\n\n" +
				"  Recipient address: sybil@example.org\n  Reason: Remote SMTP server has rejected address\n" +
				"  Diagnostic code: smtp;550 5.1.1 unknown user\n  Remote system: dns;mx.example.org (TCP|192.0.2.1|25)\n",
			want: []wantRecipient{{addr: "sybil@example.org", status: "5.1.1", remote: "mx.example.org", reply: 550}},
		},
		{
			name: "x6", decoder: "X6",
			raw: "From: mailer-daemon\nSubject: There was an error sending your mail\n\n" +
				"We had trouble delivering your message. Full details follow:\n\n1 error(s):\n\n" +
				"SMTP Server <mx.example.org> rejected recipient <quinn@example.org> (Error following RCPT command). It responded as follows: [550 5.1.1 User unknown]\n",
			want: []wantRecipient{{addr: "quinn@example.org", status: "5.1.1", command: dsn.CommandRCPT, remote: "mx.example.org", reply: 550}},
		},
		{
			// The older InterScan E-Mail VirusWall's notice, the block
			// PHPMailer-BMH's rule 0234 quotes.
			name: "interscan viruswall", decoder: "InterScanMSS",
			raw: "From: InterScan_NT@gw.example.net\nSubject: Mail delivery failure\n\n" +
				"****** Message from InterScan E-Mail VirusWall NT ******\n\n" +
				"Sent >>> RCPT TO: <rick@example.org>\n" +
				"Received <<< 550 rick@example.org... No such user\n\n" +
				"Could not deliver mail to this user.\nrick@example.org\n" +
				"*****************     End of message     ***************\n\n" +
				"From: alice@example.com\nTo: rick@example.org\nSubject: hi\n",
			want: []wantRecipient{{addr: "rick@example.org", action: "failed", command: dsn.CommandRCPT, reply: 550, diagContains: "No such user"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := decodeMTA(t, tt.raw)
			require.Equal(t, dsn.DeliveryReport, r.Kind, "notes: %v", r.Notes)
			assert.Equal(t, tt.decoder, r.Decoder)
			if tt.reporting != "" {
				assert.Equal(t, tt.reporting, r.ReportingMTA)
			}
			if tt.origSubject != "" {
				assert.Equal(t, tt.origSubject, r.Original.Subject)
			}
			checkRecipients(t, r, tt.want)
		})
	}
}

// TestMTADecodersCorpus checks a few real bounces of each format from the
// corpus copied into testdata.
func TestMTADecodersCorpus(t *testing.T) {
	tests := []struct {
		file, decoder string
		want          []wantRecipient
	}{
		{"lhost-exim-02.eml", "Exim", []wantRecipient{
			{addr: "kijitora@example.jp", status: "5.1.1", command: dsn.CommandRCPT, remote: "mx.example.jp", reply: 550},
			{addr: "sabatora@example.jp", status: "5.2.1", command: dsn.CommandRCPT, reply: 550},
		}},
		{"lhost-exim-04.eml", "Exim", []wantRecipient{{addr: "kijitora@example.ed.jp", status: "5.7.0", command: dsn.CommandMAIL}}},
		{"lhost-exim-38.eml", "Exim", []wantRecipient{{addr: "kijitora@example.co.jp", action: "delayed", command: dsn.CommandMAIL, reply: 450}}},
		{"lhost-exim-53.eml", "Exim", []wantRecipient{{addr: "kijitora@example.com", diagContains: "Failed to read response template"}}},
		{"lhost-mxlogic-03.eml", "Exim", []wantRecipient{{addr: "kijitora@example.co.jp", reply: 550, diagContains: "unknown user"}}},
		{"lhost-qmail-01.eml", "qmail", []wantRecipient{{addr: "kijitora@example.ne.jp", status: "5.5.0", command: dsn.CommandRCPT, reply: 550}}},
		{"lhost-qmail-25.eml", "qmail", []wantRecipient{
			{addr: "mailboxfull@libsisimai.net", status: "5.2.2", reply: 552},
			{addr: "userunknown@libsisimai.net", status: "5.1.1", reply: 550},
		}},
		{"lhost-dragonfly-02.eml", "DragonFly", []wantRecipient{{addr: "pseudo-local-part@outlook.example.com", status: "5.7.509", command: dsn.CommandDATA, reply: 550}}},
		{"lhost-dragonfly-29.eml", "DragonFly", []wantRecipient{{addr: "expired@libsisimai.net", diagContains: "Giving up"}}},
		{"lhost-v5sendmail-05.eml", "V5sendmail", []wantRecipient{
			{addr: "kijitora@example.edu", command: dsn.CommandDATA, reply: 550},
			{addr: "kuroneko@example.or.jp", reply: 550},
			{addr: "kijitora@example.org", reply: 550},
			{addr: "mikeneko@example.co.jp", command: dsn.CommandRCPT, reply: 550},
		}},
		{"lhost-sendmail-14.eml", "Sendmail", []wantRecipient{{addr: "kijitora@example.com", status: "5.1.1", reply: 550}}},
		{"lhost-activehunter-01.eml", "ActiveHunter", []wantRecipient{{addr: "kijitora@example.org", status: "5.1.1", reply: 550}}},
		{"lhost-opensmtpd-04.eml", "OpenSMTPD", []wantRecipient{{addr: "kijitora@neko.example.jp", action: "delayed"}}},
		{"lhost-postfix-75.eml", "Postfix", []wantRecipient{{addr: "kijitora@libsisimai.net", status: "4.3.0", command: dsn.CommandDATA, reply: 451}}},
		{"lhost-exchange2003-07.eml", "Exchange2003", []wantRecipient{{addr: "kijitora@EXAMPLE.ORG", diagContains: "Unknown Recipient"}}},
		{"lhost-imailserver-06.eml", "IMailServer", []wantRecipient{{addr: "kijitora@example.jp", reply: 550, diagContains: "Blacklisted URL"}}},
		{"lhost-mfilter-02.eml", "mFILTER", []wantRecipient{{addr: "kijitora@example.co.jp", status: "5.1.1", command: dsn.CommandDATA}}},
		{"lhost-x3-03.eml", "X3", []wantRecipient{{addr: "kijitora@example.co.jp", status: "5.3.0", command: dsn.CommandRCPT, reply: 553}}},
		{"lhost-x2-01.eml", "X2", []wantRecipient{{addr: "kijitora@example.co.jp"}}},
		{"lhost-x4-01.eml", "X4", []wantRecipient{{addr: "kijitora@example.com", diagContains: "mailfolder is full"}}},
		{"lhost-domino-01.eml", "Domino", []wantRecipient{{addr: "kijitora@example.jp", diagContains: "not listed in Domino Directory"}}},
		{"lhost-mailmarshalsmtp-02.eml", "MailMarshalSMTP", []wantRecipient{{addr: "kijitora@nyaan.example.com", status: "5.1.1", reply: 550}}},
		{"lhost-verizon-01.eml", "Verizon", []wantRecipient{{addr: "0000000000@vzwpix.com", diagContains: "No valid recipients"}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "corpus", "bsd", tt.file))
			require.NoError(t, err)
			r := decodeMTA(t, string(b))
			require.Equal(t, dsn.DeliveryReport, r.Kind, "notes: %v", r.Notes)
			assert.Equal(t, tt.decoder, r.Decoder)
			checkRecipients(t, r, tt.want)
		})
	}
}

// TestMTADecodersNotBounces checks that ordinary messages, and the
// corpus's non-bounces, are left alone.
func TestMTADecodersNotBounces(t *testing.T) {
	raws := []string{
		"From: alice@example.com\nTo: bob@example.org\nSubject: failure notice\n\nHi. This is just a note about the failure of the build.\n",
		"From: MAILER-DAEMON@example.org\nSubject: Mail delivery failed\n\nNothing in Exim's words here.\n",
		"From: Mail Delivery Subsystem <MAILER-DAEMON@example.org>\nSubject: Returned mail: x\n\nno transcript\n",
	}
	for _, f := range []string{"is-not-bounce-01.eml", "is-not-bounce-02.eml"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "corpus", "not", f))
		require.NoError(t, err)
		raws = append(raws, string(b))
	}
	for i, raw := range raws {
		r := decodeMTA(t, raw)
		assert.Equal(t, dsn.NotBounce, r.Kind, "message %d decoded by %s", i, r.Decoder)
	}
}

// TestMTADecodersBounded feeds the decoders reports with an enormous
// number of recipients and an enormous line and checks they finish
// quickly with bounded results.
func TestMTADecodersBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("From: MAILER-DAEMON@q.example.net\nSubject: failure notice\n\nHi. This is the qmail-send program at q.example.net.\n\n")
	for i := 0; i < 3*dsn.MaxRecipients; i++ {
		b.WriteString("<u" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + "@example.org>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n")
	}
	b.WriteString("<long@example.org>:\n" + strings.Repeat("550 x ", 200000) + "\n")
	start := time.Now()
	r := decodeMTA(t, b.String())
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.LessOrEqual(t, len(r.Recipients), dsn.MaxRecipients)
	for _, rc := range r.Recipients {
		assert.LessOrEqual(t, len(rc.DiagnosticCode), dsn.MaxDiagnosticBytes)
	}
}

func TestUnfoldReply(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{[]string{"550-5.7.26 Unauthenticated email", "550-5.7.26 is not accepted.", "550 5.7.26 See help"}, "550 5.7.26 Unauthenticated email is not accepted. See help"},
		{[]string{"550-Your message was rejected", "550 id 7d39"}, "550 Your message was rejected id 7d39"},
		{[]string{"553 5.1.1 unknown or illegal user:", "user@example.org"}, "553 5.1.1 unknown or illegal user: user@example.org"},
		{nil, ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, unfoldReply(tt.in))
	}
}

func TestFindMTACommand(t *testing.T) {
	tests := map[string]string{
		"192.0.2.1 does not like recipient.":                               dsn.CommandRCPT,
		"Connected to 192.0.2.1 but my name was rejected.":                 dsn.CommandHELO,
		"mx.example.org [192.0.2.1] did not like our final DATA:":          dsn.CommandDATA,
		"host x[192.0.2.1] said: 550 nope (in reply to MAIL FROM command)": dsn.CommandMAIL,
		"nothing here": "",
	}
	for in, want := range tests {
		assert.Equal(t, want, findMTACommand(in), in)
	}
}

// TestFromDisplayNameEncoded checks that the decoders that know an MTA by
// the display name of its From read the name decoded: a relay or client
// may write it as RFC 2047 encoded words, as Japanese MTAs and webmail
// do even for ASCII.
func TestFromDisplayNameEncoded(t *testing.T) {
	read := func(from, subject string) *dsn.Message {
		m, err := dsn.ReadMessage([]byte("From: " + from + "\nSubject: " + subject + "\n\nbody\n"))
		require.NoError(t, err)
		return m
	}
	enc := func(s string) string { return "=?UTF-8?B?" + base64.StdEncoding.EncodeToString([]byte(s)) + "?=" }
	for _, c := range []struct {
		name  string
		match func(*dsn.Message) bool
		from  string
		subj  string
	}{
		{"X1", x1Decoder{}.Match, "Mail Deliver System", "Returned Mail: User unknown"},
		{"InterScan", interScanDecoder{}.Match, "InterScan Notification", "Undeliverable"},
		{"Sendmail", sendmailHeader, "Mail Delivery Subsystem", "Delivery failure"},
	} {
		assert.True(t, c.match(read(`"`+c.from+`" <MAILER-DAEMON@mx.example.net>`, c.subj)), c.name+": plain")
		assert.True(t, c.match(read(enc(c.from)+" <MAILER-DAEMON@mx.example.net>", c.subj)), c.name+": encoded")
	}
}
