package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestOldSendmailAndSmail: Sendmail 8.6's "had delivery problems"
// list with a deferral line naming the address bare and the queue
// timeout's line (the 1997 Sendmail 8.6.12 report at
// mailbounce.net/new_bounce.html), V5 Sendmail's transcript with bare
// addresses (sympa-community/sympa:src/lib/Bounce.pm reads "addr... text"
// with an optional code), and Smail 3's own verdict on an address's line
// (smail-3.2.0.108 src/notify.c banners), which no server gave.
func TestOldSendmailAndSmail(t *testing.T) {
	tests := []struct {
		name, decoder, raw string
		want               []wantRecipient
		noRemote           []bool
	}{
		{
			name: "sendmail 8.6, delivery problems, queue timeout", decoder: "Sendmail",
			raw: "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>\nTo: alice@example.com\n" +
				"Subject: Returned mail: Cannot send message for 5 days\n\n" +
				"The original message was received at Fri, 6 Nov 2026 01:57:18 -0800\nfrom uucp@localhost\n\n" +
				"   ----- The following addresses had delivery problems -----\n" +
				"bob@host.example.org (unrecoverable error)\n    (expanded from: bob@example.org)\n\n" +
				"   ----- Transcript of session follows -----\n" +
				"bob@host.example.org... Deferred: Connection timed out with host.example.org.\n" +
				"Message could not be delivered for 5 days\nMessage will be deleted from queue\n\n" +
				"   ----- Original message follows -----\nSubject: hi\n\nbody\n",
			want:     []wantRecipient{{addr: "bob@host.example.org", diagContains: "Message could not be delivered for 5 days Deferred: Connection timed out"}},
			noRemote: []bool{true},
		},
		{
			name: "v5 sendmail, bare addresses, local verdicts", decoder: "V5sendmail",
			raw: "From: Mail Delivery Subsystem <MAILER-DAEMON@vax.example.edu>\nTo: alice@example.com\n" +
				"Subject: Returned mail: User unknown\n\n" +
				"   ----- Transcript of session follows -----\n" +
				"550 carol@example.edu... User unknown\n550 dave@example.edu... User unknown\n\n" +
				"   ----- Unsent message follows -----\nSubject: hi\n\nbody\n",
			want: []wantRecipient{
				{addr: "carol@example.edu", diagContains: "550 User unknown", reply: 550},
				{addr: "dave@example.edu", diagContains: "550 User unknown", reply: 550},
			},
			noRemote: []bool{true, true},
		},
		{
			name: "sendmail 8, a remote reply: not the MTA's own", decoder: "Sendmail",
			raw: "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>\nTo: alice@example.com\n" +
				"Subject: Returned mail: see transcript for details\n\n" +
				"   ----- The following addresses had permanent fatal errors -----\n<erin@example.net>\n\n" +
				"   ----- Transcript of session follows -----\n... while talking to mx.example.net.:\n" +
				">>> RCPT To:<erin@example.net>\n<<< 550 5.1.1 <erin@example.net>... User unknown\n" +
				"550 5.1.1 <erin@example.net>... User unknown\n\n" +
				"   ----- Original message follows -----\nSubject: hi\n\nbody\n",
			want:     []wantRecipient{{addr: "erin@example.net", command: "RCPT", diagContains: "550 5.1.1 <erin@example.net>... User unknown"}},
			noRemote: []bool{false},
		},
		{
			name: "smail 3, own verdict", decoder: "Smail",
			raw: "From: MAILER-DAEMON@ns.example.org\nTo: alice@example.com\nSubject: mail failed, returning to sender\n\n" +
				"|------------------------- Message log follows: -------------------------|\n" +
				" no valid recipients were found for this message\n" +
				"|------------------------- Failed addresses follow: ---------------------|\n" +
				" ghost@example.org ... unknown user\n" +
				"|------------------------- Message text follows: ------------------------|\nSubject: hi\n\nbody\n",
			want:     []wantRecipient{{addr: "ghost@example.org", diagContains: "unknown user"}},
			noRemote: []bool{true},
		},
		{
			name: "smail layout, remote reply under the address", decoder: "Smail",
			raw: "From: MAILER-DAEMON@mailout.example.de\nTo: alice@example.com\nSubject: Mail delivery failed: returning message to sender\n\n" +
				"|------------------------- Failed addresses follow: ---------------------|\n" +
				" <edith@example.de>\n   552 5.2.2 <0001> Quota exceeded (mailbox for user is full)\n" +
				"|------------------------- Message text follows: ------------------------|\nSubject: hi\n\nbody\n",
			want:     []wantRecipient{{addr: "edith@example.de", diagContains: "Quota exceeded", reply: 552}},
			noRemote: []bool{false},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := decodeMTA(t, tt.raw)
			require.Equal(t, dsn.DeliveryReport, r.Kind, "notes: %v", r.Notes)
			assert.Equal(t, tt.decoder, string(r.Decoder))
			checkRecipients(t, r, tt.want)
			for i, nr := range tt.noRemote {
				assert.Equal(t, nr, r.Recipients[i].NoRemoteAnswer, "recipient %d", i)
			}
		})
	}
}

// TestSendmailAddressLine: the verdict line with or without angle
// brackets and code; lines that only mention an address are not verdicts.
func TestSendmailAddressLine(t *testing.T) {
	for _, tc := range []struct {
		line, addr string
	}{
		{"550 5.1.1 <a@example.org>... User unknown", "a@example.org"},
		{"550 a@example.org... User unknown", "a@example.org"},
		{"b@host.example.org... Deferred: Connection timed out with host.example.org.", "b@host.example.org"},
		{"Message could not be delivered for 5 days", ""},
		{"mail to a@example.org failed... see below", ""},
		{"\"a b\"@example.org... odd", ""},
	} {
		sm := sendmailAddressLine().FindStringSubmatch(tc.line)
		got := ""
		if sm != nil {
			got = sm[3] + sm[4]
		}
		assert.Equal(t, tc.addr, got, tc.line)
	}
}

// TestOldSendmailSmailProcessed: the "These recipients of your message have been
// processed by the mail server" notice (processedDecoder), its "Remote MTA
// ...: SMTP diagnostic:" line, and the " - SMTP protocol diagnostic:" line
// that follows a "network error" (the layouts drupal inmail's test and a
// linux-kernel post quote); delivered recipients and ordinary mail that
// quotes the intro are not failures.
func TestOldSendmailSmailProcessed(t *testing.T) {
	const head = "From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.se>\nTo: alice@example.com\n" +
		"Subject: Delivery Status Notification\n\n"
	tests := []struct {
		name, raw string
		want      []wantRecipient
	}{
		{
			name: "quota, reply on the Remote MTA line",
			raw: head + "- These recipients of your message have been processed by the mail server:\n" +
				"u1@example.se; Failed; 4.2.2 (mailbox full)\n\n" +
				"    Remote MTA ms5.example.net: SMTP diagnostic: 552 RCPT TO:<u1@example.se> Mailbox disk quota exceeded\n",
			want: []wantRecipient{{addr: "u1@example.se", status: "4.2.2", remote: "ms5.example.net", diagContains: "Mailbox disk quota exceeded"}},
		},
		{
			name: "network error, then the protocol diagnostic over three lines",
			raw: head + "- These recipients of your message have been processed by the mail server:\n" +
				"u2@example.org; Failed; 5.3.0 (other or undefined mail system status)\n\n" +
				"    Remote MTA smtp.example.org: network error\n\n\n" +
				" - SMTP protocol diagnostic: 554 5.7.1 example.com suggested we reject\nyour email: 192.0.2.1 is neither permitted nor denied by domain of\nbob@example.com\n\n" +
				"Return-Path: <alice@example.com>\nSubject: hi\n",
			want: []wantRecipient{{addr: "u2@example.org", status: "5.3.0", reply: 554, diagContains: "suggested we reject your email: 192.0.2.1 is neither permitted nor denied by domain of bob@example.com"}},
		},
		{
			name: "a delivered recipient is not listed",
			raw: head + "- These recipients of your message have been processed by the mail server:\n" +
				"ok@example.org; Delivered; 2.0.0 (OK)\n" +
				"u3@example.org; Failed; 5.1.1 (bad destination mailbox address)\n\n" +
				"    Remote MTA mx.example.org: SMTP diagnostic: 550 5.1.1 <u3@example.org>... User unknown\n",
			want: []wantRecipient{{addr: "u3@example.org", status: "5.1.1", reply: 550, diagContains: "User unknown"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := dsn.ReadMessage([]byte(tt.raw))
			require.NoError(t, err)
			r := dsn.Decode(m, Registry())
			require.Equal(t, dsn.DeliveryReport, r.Kind, "notes: %v", r.Notes)
			assert.Equal(t, string(Processed), r.Decoder)
			checkRecipients(t, r, tt.want)
		})
	}
	// A person's message quoting the intro is not the notice.
	m, err := dsn.ReadMessage([]byte("From: Anssi <anssi@example.com>\nTo: bob@example.org\nSubject: Re: patches\n\n" +
		"> - These recipients of your message have been processed by the mail server:\n> u4@example.org; Failed; 5.3.0 (other)\n"))
	require.NoError(t, err)
	d := processedDecoder{}
	assert.False(t, d.Match(m) && d.Decode(m) != nil)
}
