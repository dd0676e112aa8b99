package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

func TestLooksLikeBounce(t *testing.T) {
	for _, tc := range []struct {
		name, header string
		want         bool
	}{
		{"mailer-daemon", "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\nSubject: hello\n", true},
		{"null return path", "Return-Path: <>\nFrom: someone@example.net\nSubject: hello\n", true},
		{"multipart/report", "From: a@example.net\nContent-Type: multipart/report; report-type=delivery-status; boundary=x\n", true},
		{"x-failed-recipients", "From: a@example.net\nX-Failed-Recipients: b@example.com\n", true},
		{"bounce subject", "From: a@example.net\nSubject: Undelivered Mail Returned to Sender\n", true},
		{"a person's reply to a bounce", "From: a@example.net\nSubject: Re: Undelivered Mail Returned to Sender\n", false},
		{"ordinary mail", "From: a@example.net\nSubject: lunch\n", false},
	} {
		m, err := dsn.ReadMessage([]byte(tc.header + "\nbody\n"))
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.want, LooksLikeBounce(m), tc.name)
	}
}

func TestReportText(t *testing.T) {
	msg := "From: MAILER-DAEMON@mx.example.net\nSubject: failure\n\n" +
		"We could not   deliver your message.\n" +
		"> quoted line from someone\n" +
		"Reason: the mailbox\n  is full.\n\n" +
		"------ This is a copy of the message, including all the headers. ------\n" +
		"Subject: our mailbox quota offer\n\nUnknown user words in the original\n"
	m, err := dsn.ReadMessage([]byte(msg))
	require.NoError(t, err)
	got := ReportText(m)
	assert.Equal(t, "We could not deliver your message. Reason: the mailbox is full.", got)

	// Without a copy marker, the original starts at its header block.
	msg = "From: MAILER-DAEMON@mx.example.net\n\nDelivery failed: 550 no such user\n\n" +
		"From: list@lists.example.org\nTo: user@example.com\nSubject: mailbox full offer\n\nhello\n"
	m, err = dsn.ReadMessage([]byte(msg))
	require.NoError(t, err)
	assert.Equal(t, "Delivery failed: 550 no such user", ReportText(m))

	// The text of an HTML-only report.
	msg = "From: MAILER-DAEMON@mx.example.net\nContent-Type: text/html\n\n<p>Mailbox <b>full</b></p>\n"
	m, err = dsn.ReadMessage([]byte(msg))
	require.NoError(t, err)
	assert.Equal(t, "Mailbox full", ReportText(m))
}
