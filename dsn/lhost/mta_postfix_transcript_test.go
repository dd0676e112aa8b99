package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// postfixPolicyNotice is a postmaster notice as smtpd_chat_notify() (postfix
// src/smtpd/smtpd_chat.c) writes it, with the rejecting reply wrapped by
// line_wrap() (width 78, indent 4, one space before every line).
const postfixPolicyNotice = `Return-Path: <double-bounce@mx.example.net>
Received: by mx.example.net (Postfix)
	id 2BB1BE7F02; Tue, 22 Dec 2026 17:28:12 +0100
From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
To: Postmaster <postmaster@mx.example.net>
Subject: Postfix SMTP server: errors from mail.example.org[192.0.2.10]
Message-Id: <20261222162812.2BB1BE7F02@mx.example.net>
Date: Tue, 22 Dec 2026 17:28:12 +0100

Transcript of session follows.

 Out: 220 mx.example.net ESMTP Postfix
 In:  EHLO mail.example.org
 Out: 250-mx.example.net
 Out: 250 CHUNKING
 In:  MAIL FROM:<post@example.org> SIZE=4879
 Out: 250 2.1.0 Ok
 In:  RCPT TO:<buyer@example.net>
 Out: 450 4.1.7 <post@example.org>: Sender address rejected: unverified
     address: host mx.example.org[192.0.2.20] said: 550 5.1.1
     <post@example.org>: Recipient address rejected: User unknown in
     virtual alias table (in reply to RCPT TO command)
 In:  QUIT
 Out: 221 2.0.0 Bye

For other details, see the local mail logfile
`

// TestPostfixTranscriptWrapped reads the whole wrapped reply of a postmaster
// notice, not its first line only, and nothing after it: the next entry,
// the blank line and the footer stay out of the diagnostic.
func TestPostfixTranscriptWrapped(t *testing.T) {
	r, err := dsn.ParseBytes([]byte(postfixPolicyNotice), Registry())
	require.NoError(t, err)
	require.Equal(t, dsn.DeliveryReport, r.Kind)
	assert.Equal(t, string(Postfix), r.Decoder)
	require.Len(t, r.Recipients, 1)
	rc := r.Recipients[0]
	assert.Equal(t, "buyer@example.net", rc.Recipient)
	assert.Equal(t, dsn.CommandRCPT, rc.Command)
	assert.Equal(t, "450 4.1.7 <post@example.org>: Sender address rejected: unverified address: host mx.example.org[192.0.2.20] said: 550 5.1.1 <post@example.org>: Recipient address rejected: User unknown in virtual alias table (in reply to RCPT TO command)", rc.DiagnosticCode)
}

func TestPostfixTranscriptLines(t *testing.T) {
	tests := []struct {
		name       string
		in, joined []string
	}{
		{"a wrapped reply",
			[]string{" Out: 450 4.1.7 <a@example.org>: Sender address rejected:", "     unverified address: Address verification in progress", " In:  QUIT"},
			[]string{" Out: 450 4.1.7 <a@example.org>: Sender address rejected: unverified address: Address verification in progress", " In:  QUIT"}},
		{"a wrapped command",
			[]string{" In:  MAIL FROM:<a@example.org>", "     SIZE=1234", " Out: 250 2.1.0 Ok"},
			[]string{" In:  MAIL FROM:<a@example.org> SIZE=1234", " Out: 250 2.1.0 Ok"}},
		// Not continuations: the text before the transcript, a line after
		// the blank line that ends it, a line with less indent.
		{"the footer after the blank line",
			[]string{" Out: 221 2.0.0 Bye", "", "     For other details, see the local mail logfile"},
			[]string{" Out: 221 2.0.0 Bye", "", "     For other details, see the local mail logfile"}},
		{"the heading before the first entry",
			[]string{"Transcript of session follows.", "     indented prose", " Out: 220 ok"},
			[]string{"Transcript of session follows.", "     indented prose", " Out: 220 ok"}},
		{"one space only",
			[]string{" Out: 550 5.7.1 Rejected", " Session aborted, reason: lost connection"},
			[]string{" Out: 550 5.7.1 Rejected", " Session aborted, reason: lost connection"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.joined, postfixTranscriptLines(tt.in))
		})
	}
}
