package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// mmdfHead is the header of an MMDF notice (lib/mmdf/rtn_proc.c,
// rtn_mlinit: "LOCFULLNAME SITESIGNATURE <mmdf@LOCFULLNAME>").
func mmdfHead(subject string) string {
	return "From: ida.cs.example.edu Mail System (MMDF) <mmdf@ida.cs.example.edu>\n" +
		"Sender: mmdf@ida.cs.example.edu\nTo: jkl@ida.cs.example.edu\nSubject: " + subject + "\n\n"
}

const mmdfCopyText = "\n    Your message begins as follows:\n\nDate: Tue, 14 Mar 1995 10:00:00 +0000\n" +
	"From: jkl@ida.cs.example.edu\nTo: x@example.org\nSubject: notes\nMessage-ID: <123.aa01234@ida.cs.example.edu>\n\nThanks\n...\n"

// TestMMDF reads MMDF's three notices as rtn_proc.c writes them: rtn_error
// with the SMTP channel's reply (sm_irdrply: "NNN; text", continuation
// lines joined by "; "), rtn_time's give-up after the queue time and
// rtn_warn's delay, whose address lists are rtn_pnam's "local (host: H)
// (queue: Q)".
func TestMMDF(t *testing.T) {
	tests := []struct {
		name, raw string
		want      []wantRecipient
		noRemote  []bool
	}{
		{
			name: "rtn_error, remote reply",
			raw: mmdfHead("Failed mail  (msg.aa01234)") +
				"    Your message could not be delivered to\n'bob@mail.example.ac.uk (host: mail.example.ac.uk) (queue: smtp)' for the following\n" +
				"reason:  '550; <bob@mail.example.ac.uk>... User unknown'\n" + mmdfCopyText,
			want:     []wantRecipient{{addr: "bob@mail.example.ac.uk", action: "failed", diagContains: "550 <bob@mail.example.ac.uk>... User unknown", reply: 550}},
			noRemote: []bool{false},
		},
		{
			name: "rtn_error, multi-line reply joined",
			raw: mmdfHead("Failed mail  (msg.aa01235)") +
				"    Your message could not be delivered to\n'old@gmail.example (host: gmail.example) (queue: smtp)' for the following\n" +
				"reason:  '550; 5.1.1 The email account that you tried to reach does not exist. Please try; 5.1.1 double-checking'\n" + mmdfCopyText,
			want:     []wantRecipient{{addr: "old@gmail.example", status: "5.1.1", diagContains: "does not exist. Please try; 5.1.1", reply: 550}},
			noRemote: []bool{false},
		},
		{
			name: "rtn_error, a local channel's reason and a bare local part",
			raw: mmdfHead("Failed mail  (msg.aa01236)") +
				"    Your message could not be delivered to\n'carol (host: ida.cs.example.edu) (queue: local)' for the following\n" +
				"reason:  '(Reason not known)'\n" + mmdfCopyText,
			want:     []wantRecipient{{addr: "carol@ida.cs.example.edu", diagContains: "(Reason not known)"}},
			noRemote: []bool{true},
		},
		{
			name: "rtn_time, the queue time ran out",
			raw: mmdfHead("Failed mail  (msg.aa01237)") +
				"    After 12 days (285 hours), your message could not be\nfully delivered.\n\n" +
				"    It failed to be received by the following address(es):\n\n" +
				"\thans@inf.example.de (host: inf.example.de) (queue: smtp)\n\tute (host: inf.example.de) (queue: smtp)\n\n" +
				"    Problems usually are due to service interruptions at the receiving\nmachine.  Less often, they are caused by the communication system.\n" + mmdfCopyText,
			want: []wantRecipient{
				{addr: "hans@inf.example.de", action: "failed", status: "5.4.7", diagContains: "After 12 days (285 hours), your message could not be fully delivered."},
				{addr: "ute@inf.example.de", action: "failed", status: "5.4.7"},
			},
			noRemote: []bool{true, true},
		},
		{
			name: "rtn_warn, a delay",
			raw: mmdfHead("Waiting mail  (msg.aa01238)") +
				"    After 2 days (41 hours), your message has not yet been\nfully delivered.  Attempts to deliver the message will continue\n" +
				"for 10 more days.  No further action is required by you.\n\n" +
				"    Delivery attempts are still pending for the following address(es):\n\n" +
				"\tjdoe@lab.example.org (host: lab.example.org) (queue: smtp)\n\t\ttrying for 10 more days.\n\n" +
				"    Problems usually are due to service interruptions at the receiving\nmachine.  Less often, they are caused by the communication system.\n" + mmdfCopyText,
			want:     []wantRecipient{{addr: "jdoe@lab.example.org", action: "delayed", diagContains: "has not yet been fully delivered"}},
			noRemote: []bool{true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := decodeMTA(t, tt.raw)
			require.Equal(t, dsn.DeliveryReport, r.Kind, "notes: %v", r.Notes)
			assert.Equal(t, string(MMDF), string(r.Decoder))
			checkRecipients(t, r, tt.want)
			for i, nr := range tt.noRemote {
				assert.Equal(t, nr, r.Recipients[i].NoRemoteAnswer, "recipient %d", i)
			}
			assert.Equal(t, "123.aa01234@ida.cs.example.edu", r.Original.MessageID)
		})
	}
}

// TestMMDFNearMiss: a message whose Subject starts like MMDF's but whose
// text is not one of rtn_proc.c's notices, and a person's mail quoting
// the wording, are not MMDF's reports.
func TestMMDFNearMiss(t *testing.T) {
	for _, raw := range []string{
		mmdfHead("Failed mail merge in the newsletter tool") +
			"Hi, the mail merge failed again. After 2 days of trying I gave up.\nCan you look at it?\n",
		"From: Tom <ts@example.ac.uk>\nTo: help@example.ac.uk\nSubject: Re: Waiting mail  (msg.aa01239)\n\n" +
			"I got this: \"After 2 days (48 hours), your message has not yet been fully delivered.\"\nShould I resend?\n",
		mmdfHead("Failed mail  (msg.aa01240)") +
			"    Your message could not be delivered to\nsomeone, reason unknown.\n",
	} {
		m, err := dsn.ReadMessage([]byte(raw))
		require.NoError(t, err)
		if (mmdfDecoder{}).Match(m) {
			assert.Nil(t, mmdfDecoder{}.Decode(m), raw)
		}
	}
}
