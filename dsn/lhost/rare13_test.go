package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestRare13OldSendmailAndSmail: Sendmail 8.6's "had delivery problems"
// list with a deferral line naming the address bare and the queue
// timeout's line (the 1997 Sendmail 8.6.12 report at
// mailbounce.net/new_bounce.html), V5 Sendmail's transcript with bare
// addresses (sympa-community/sympa:src/lib/Bounce.pm reads "addr... text"
// with an optional code), and Smail 3's own verdict on an address's line
// (smail-3.2.0.108 src/notify.c banners), which no server gave.
func TestRare13OldSendmailAndSmail(t *testing.T) {
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

// TestRare13SendmailAddressLine: the verdict line with or without angle
// brackets and code; lines that only mention an address are not verdicts.
func TestRare13SendmailAddressLine(t *testing.T) {
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
