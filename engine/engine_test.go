package engine

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/verp"
)

// eximDSN is Exim's delivery report for two recipients: bob@ unknown at
// the remote RCPT, carol@ over quota.
const eximDSN = `From: Mail Delivery System <Mailer-Daemon@mx.example.net>
To: alice@example.org
Subject: Mail delivery failed: returning message to sender
Message-Id: <E1abcde-000001-AB@mx.example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary=1700000000-eximdsn

--1700000000-eximdsn
Content-type: text/plain; charset=us-ascii

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  bob@example.com
    host mx.example.com [192.0.2.1]
    SMTP error from remote mail server after RCPT TO:<bob@example.com>:
    550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown
  carol@example.com
    host mx.example.com [192.0.2.1]
    SMTP error from remote mail server after RCPT TO:<carol@example.com>:
    552 5.2.2 <carol@example.com>: Mailbox full

--1700000000-eximdsn
Content-type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Action: failed
Final-Recipient: rfc822;bob@example.com
Status: 5.1.1
Remote-MTA: dns; mx.example.com
Diagnostic-Code: smtp; 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown

Action: failed
Final-Recipient: rfc822;carol@example.com
Status: 5.2.2
Remote-MTA: dns; mx.example.com
Diagnostic-Code: smtp; 552 5.2.2 <carol@example.com>: Mailbox full

--1700000000-eximdsn
Content-type: text/rfc822-headers

From: alice@example.org
To: bob@example.com, carol@example.com
Subject: news

--1700000000-eximdsn--
`

// noticeNoAddress is a failure notice in a layout no decoder knows that
// names no address: only the envelope says whose mail failed.
const noticeNoAddress = `From: System Administrator <postmaster@mail.example.com>
To: list-bounces+user=example.com@lists.example.org
Subject: Undeliverable mail

Your message could not be delivered.
Reason: the mailbox is full and takes no more messages.

-- original message follows --
From: list@lists.example.org
Subject: our news

Unknown user words in the original do not count.
`

// confirmRequest is mail a decoder calls no bounce: a challenge-response
// request (dsn/lhost notBounceRules).
const confirmRequest = `From: confirm@example.com
Subject: Confirm your message, please
X-Delivery-Agent: TMDA/1.1.12

Reply to this message to have yours delivered.
`

func TestClassify(t *testing.T) {
	recs, err := Classify("o", []byte(eximDSN))
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.Equal(t, "bob@example.com", recs[0].Recipient)
	assert.Equal(t, classify.UserUnknown, recs[0].Reason)
	assert.Equal(t, "carol@example.com", recs[1].Recipient)
	assert.Equal(t, classify.MailboxFull, recs[1].Reason)
	assert.Equal(t, "o", recs[1].Origin)

	recs, err = Classify("o", []byte("From: a@example.org\nSubject: hello\n\nsee you\n"))
	require.NoError(t, err)
	assert.Empty(t, recs, "ordinary mail yields no record")
	_, err = Classify("o", nil)
	assert.Error(t, err, "an empty message is an error")
}

func TestClassifyEnvelope(t *testing.T) {
	ps, err := verp.ParseAll([]string{"mailman", "sympa"})
	require.NoError(t, err)
	vr := "list-bounces+user=example.com@lists.example.org"
	tests := []struct {
		name   string
		msg    string
		env    Envelope
		verps  []string // the verp of each fact, in order; nil for no fact
		reason classify.Reason
	}{
		{"unknown format", noticeNoAddress, Envelope{NullSender: true, Rcpts: []string{vr}}, []string{"user@example.com"}, classify.MailboxFull},
		{"unknown format, the recipient from Delivered-To", "Delivered-To: " + vr + "\n" + noticeNoAddress,
			Envelope{FromHeader: true}, []string{"user@example.com"}, classify.MailboxFull},
		{"X-Original-To before Delivered-To", "X-Original-To: bounce+a==a==example.net==l@lists.example.org\nDelivered-To: " + vr + "\n" + noticeNoAddress,
			Envelope{FromHeader: true}, []string{"a@example.net"}, classify.MailboxFull},
		{"headers are read only when asked", "Delivered-To: " + vr + "\n" + noticeNoAddress, Envelope{}, nil, ""},
		{"two VERP addresses, one fact each", noticeNoAddress,
			Envelope{Rcpts: []string{vr, "LIST-BOUNCES+USER=EXAMPLE.COM@lists.example.org", "bounce+b==a==example.net==l@lists.example.org"}},
			[]string{"user@example.com", "b@example.net"}, classify.MailboxFull},
		{"decoded facts, one VERP address", eximDSN, Envelope{Rcpts: []string{vr}}, []string{"user@example.com", "user@example.com"}, ""},
		{"decoded facts, several: by recipient", eximDSN,
			Envelope{Rcpts: []string{"list-bounces+carol=example.com@lists.example.org", "list-bounces+x=example.net@lists.example.org"}},
			[]string{"", "carol@example.com"}, ""},
		{"a null sender alone makes it a failure report", "From: a@example.org\nSubject: hello\n\nI could not deliver it: no such user here.\n",
			Envelope{NullSender: true, Rcpts: []string{vr}}, []string{"user@example.com"}, ""},
		{"without it, ordinary mail is no bounce", "From: a@example.org\nSubject: hello\n\nI could not deliver it: no such user here.\n",
			Envelope{Rcpts: []string{vr}}, nil, ""},
		{"a challenge is no bounce", confirmRequest, Envelope{NullSender: true, Rcpts: []string{vr}}, nil, ""},
		{"no VERP address: Classify", noticeNoAddress, Envelope{NullSender: true, Rcpts: []string{"someone@example.org"}}, nil, ""},
	}
	for _, tc := range tests {
		recs, err := ClassifyEnvelope("o", []byte(tc.msg), tc.env, ps)
		require.NoError(t, err, tc.name)
		var verps []string
		for _, r := range recs {
			verps = append(verps, r.VERP)
		}
		assert.Equal(t, tc.verps, verps, tc.name)
		if tc.reason != "" {
			for _, r := range recs {
				assert.Equal(t, tc.reason, r.Reason, tc.name)
				assert.Equal(t, r.VERP, r.Recipient, tc.name)
				assert.Equal(t, verp.DecoderName, r.DecodedBy, tc.name)
			}
		}
	}
	// A message with no decoder's recipient and no VERP address is what
	// Classify says.
	want, err := Classify("o", []byte(eximDSN))
	require.NoError(t, err)
	got, err := ClassifyEnvelope("o", []byte(eximDSN), Envelope{}, ps)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	_, err = ClassifyEnvelope("o", nil, Envelope{Rcpts: []string{vr}}, ps)
	assert.Error(t, err, "an empty message is an error, as for Classify")
}
