package classify_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
)

// qmailEAIBounce writes qmail-send's bounce with one recipient's
// explanation as qmail-remote (arnt/qmail-smtputf8 qmail-remote.c, the EAI
// patch also in sagredo-dev/qmail) gives it: its own sentence, then the
// last reply it read after "Remote host said:". The body is 8-bit UTF-8
// with no MIME header, as qmail-send writes it.
func qmailEAIBounce(rcpt string, explanation ...string) string {
	return "Return-Path: <>\n" +
		"Date: 2 Dec 2026 07:19:59 -0000\n" +
		"From: MAILER-DAEMON@mail.grüne-erde.at\n" +
		"To: büro@grüne-erde.at\n" +
		"Subject: failure notice\n\n" +
		"Hi. This is the qmail-send program at mail.grüne-erde.at.\n" +
		"I'm afraid I wasn't able to deliver your message to the following addresses.\n" +
		"This is a permanent error; I've given up. Sorry it didn't work out.\n\n" +
		"<" + rcpt + ">:\n" + strings.Join(explanation, "\n") + "\n\n" +
		"--- Below this line is a copy of the message.\n\n" +
		"Return-Path: <büro@grüne-erde.at>\n" +
		"From: büro@grüne-erde.at\nTo: " + rcpt + "\nSubject: Prüfung\n\nHallo\n"
}

// TestQmailEAIRefusals: qmail-remote's EAI refusal is RFC 6531's X.6.7
// (contenterror) even though the reply it quotes is the next hop's 250 EHLO
// reply; a refusal the remote host itself made keeps its own reason, and
// near-miss wordings do not fire.
func TestQmailEAIRefusals(t *testing.T) {
	ehlo := []string{"Remote host said: 250-mx.例子.公司", "250-PIPELINING", "250-SIZE 52428800", "250 8BITMIME"}
	cases := []struct {
		name        string
		rcpt        string
		explanation []string
		want        classify.Reason
	}{
		{"no SMTPUTF8 at the next hop", "王芳@例子.公司",
			append([]string{"Connected to 198.51.100.23 but server does not support unicode in email addresses."}, ehlo...),
			classify.ContentError},
		{"remote refusal after RCPT", "jürgen@weinbau-höller.at", []string{
			"203.0.113.61 does not like recipient.",
			"Remote host said: 550 5.1.1 <jürgen@weinbau-höller.at>: Recipient address rejected: User unknown in virtual mailbox table",
			"Giving up on 203.0.113.61."}, classify.UserUnknown},
		{"greeting refused", "anna@example.org", []string{
			"Connected to 192.0.2.8 but greeting failed.",
			"Remote host said: 554 5.7.1 mx.example.org ESMTP not accepting messages from 203.0.113.4"}, classify.Blocked},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, qmailEAIBounce(tc.rcpt, tc.explanation...))
			assertReason(t, got, tc.rcpt, tc.want)
		})
	}

	// Near misses: other "does not support" sentences are not this refusal.
	for _, text := range []string{
		"Connected to 198.51.100.23 but server does not support unicode in email subjects.",
		"The client does not support unicode in email addresses of this list.",
	} {
		got := verdicts(t, qmailEAIBounce("anna@example.org", text))
		if v, ok := got["anna@example.org"]; ok {
			assert.NotEqual(t, classify.ContentError, v.Reason, "%q: rule %s", text, v.Rule)
		}
	}
}
