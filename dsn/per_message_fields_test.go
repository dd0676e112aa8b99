package dsn_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// multi7Report builds a Postfix-style report: text is the notification's
// text part, groups the delivery-status part after its per-message fields.
func multi7Report(ctype, text, groups, to string) string {
	return "From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\n" +
		"To: sender@example.com\nSubject: Undelivered Mail Returned to Sender\n" +
		"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n" +
		"--B\nContent-Type: text/plain; charset=utf-8\n\n" + text + "\n" +
		"--B\nContent-Type: " + ctype + "\n\n" +
		"Reporting-MTA: dns; mx.example.org\nArrival-Date: Mon, 11 Mar 2024 10:12:45 +0100\n\n" + groups +
		"\n--B\nContent-Type: text/rfc822-headers\n\nFrom: sender@example.com\nTo: " + to + "\nSubject: hi\n\n--B--\n"
}

// RFC 6533 section 3: a "utf-8" address spells a non-ASCII character as
// "\x{HEXPOINT}" in a message/delivery-status part (and may in a
// message/global-delivery-status one); the recipient reads decoded. An
// rfc822 address, or a sequence that is not an embedded-unicode-char, is
// kept as it came.
func TestUTF8AddressType(t *testing.T) {
	for _, tc := range []struct {
		name, ctype, final, orig, want, wantOrig string
	}{
		{"xtext in delivery-status", "message/delivery-status", `utf-8; j\x{F6}rg@example.org`, `utf-8; j\x{F6}rg@example.org`, "jörg@example.org", "jörg@example.org"},
		{"lower-case hex, CJK", "message/delivery-status", `UTF-8; \x{674e}\x{4F1F}@example.org`, "", "李伟@example.org", ""},
		{"astral plane", "message/delivery-status", `utf-8; x\x{1F600}@example.org`, "", "x😀@example.org", ""},
		{"raw UTF-8 in global-delivery-status", "message/global-delivery-status", "utf-8; søren@example.org", "utf-8; søren@example.org", "søren@example.org", "søren@example.org"},
		{"escape in a global part", "message/global-delivery-status", `utf-8; s\x{F8}ren@example.org`, "", "søren@example.org", ""},
		// Near misses: kept as they came.
		{"rfc822 type is not decoded", "message/delivery-status", `rfc822; j\x{F6}rg@example.org`, "", `j\x{F6}rg@example.org`, ""},
		{"unclosed brace", "message/delivery-status", `utf-8; j\x{F6rg@example.org`, "", `j\x{F6rg@example.org`, ""},
		{"not hex", "message/delivery-status", `utf-8; j\x{ZZ}rg@example.org`, "", `j\x{ZZ}rg@example.org`, ""},
		{"one digit", "message/delivery-status", `utf-8; j\x{F}rg@example.org`, "", `j\x{F}rg@example.org`, ""},
		{"surrogate", "message/delivery-status", `utf-8; j\x{D800}rg@example.org`, "", `j\x{D800}rg@example.org`, ""},
		{"beyond Unicode", "message/delivery-status", `utf-8; j\x{110000}rg@example.org`, "", `j\x{110000}rg@example.org`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := "Final-Recipient: " + tc.final + "\n"
			if tc.orig != "" {
				g += "Original-Recipient: " + tc.orig + "\n"
			}
			g += "Action: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n"
			r, err := dsn.ParseBytes([]byte(multi7Report(tc.ctype, "Delivery failed.\n", g, "x@example.org")), lhost.Registry())
			require.NoError(t, err)
			require.Len(t, r.Recipients, 1)
			assert.Equal(t, tc.want, r.Recipients[0].Recipient)
			assert.Equal(t, tc.wantOrig, r.Recipients[0].OriginalRecipient)
		})
	}
}

// A delivery-status part with its per-message fields alone (the groups
// cut) names no one: the recipients are those the notification's text
// names, each with its own reply, when a decoder of the text's format
// reads more than the returned message's addressee; otherwise that
// addressee stays the one recipient, as before.
func TestPerMessageFieldsOnly(t *testing.T) {
	const intro = "This is the mail system at host mx.example.org.\n\n" +
		"I'm sorry to have to inform you that your message could not\n" +
		"be delivered to one or more recipients. It's attached below.\n\n" +
		"                   The mail system\n\n"
	two := intro + "<a@example.net>: host mx.example.net[192.0.2.8] said: 550 5.1.1 <a@example.net>:\n" +
		"    Recipient address rejected: User unknown (in reply to RCPT TO command)\n\n" +
		"<b@example.com>: host mx.example.com[192.0.2.9] said: 552 5.2.2 Mailbox full\n" +
		"    (in reply to RCPT TO command)\n"
	for _, tc := range []struct {
		name, text, to string
		want           []string // recipient, then a fragment of its text
	}{
		{"two recipients in Postfix's text", two, "a@example.net, b@example.com",
			[]string{"a@example.net", "User unknown", "b@example.com", "Mailbox full"}},
		{"the text names the addressee only, with its reply", intro +
			"<a@example.net>: host mx.example.net[192.0.2.8] said: 550 5.1.1 User unknown\n    (in reply to RCPT TO command)\n",
			"a@example.net", []string{"a@example.net", "User unknown"}},
		// Near miss: a text that lists the address and no reason reads no
		// more than the report: its recipient stays the returned
		// message's addressee, read by the RFC 3464 decoder.
		{"a list of addresses without replies", "This is an automatically generated Delivery Status Notification.\n\n" +
			"Delivery to the following recipients failed permanently:\n\n   * a@example.net\n",
			"A <a@example.net>", []string{"a@example.net", ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(multi7Report("message/delivery-status", tc.text, "", tc.to)), lhost.Registry())
			require.NoError(t, err)
			require.Len(t, r.Recipients, len(tc.want)/2)
			for i := range r.Recipients {
				assert.Equal(t, tc.want[2*i], r.Recipients[i].Recipient)
				assert.Contains(t, r.Recipients[i].DiagnosticCode, tc.want[2*i+1])
			}
			if tc.want[1] == "" {
				assert.Equal(t, string(dsn.RFC3464), r.Decoder)
				assert.True(t, strings.Contains(strings.Join(r.Notes, "\n"), "without recipient fields"))
			}
		})
	}
}

// RFC 3463 section 3 defines subjects 0 to 7; a number in a reply that
// looks like a status but has a higher subject is a provider's own code
// (Yahoo's "[#4.16.1]") and is not taken for the status, so the report's
// Status field stands. Near misses: the defined subjects still count.
func TestTextStatusSubject(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"451 mta5.am0.yahoodns.net Resources temporarily unavailable. Please try again later [#4.16.1].", ""},
		{"550 5.8.1 not a status", ""},
		{"550 5.12.3 no", ""},
		{"550 5.7.1 Relaying denied", "5.7.1"},
		{"550 #5.1.0 Address rejected", "5.1.0"},
		{"552 5.3.4 Message size exceeds fixed maximum message size", "5.3.4"},
		{"421 4.7.0 [TSS04] ... then 4.16.55", "4.7.0"},
		{"codes 4.16.1 and later 4.4.7 expired", "4.4.7"},
	} {
		assert.Equal(t, tc.want, dsn.FindStatus(tc.text).String(), tc.text)
	}
}

// A recipient's text in the notification continues on a line that starts
// with an address when that line is indented deeper than the recipient's
// own (Postfix's line_wrap indents by 4 a reply that quotes the address);
// a line indented no deeper is the next recipient's. The reports carry no
// Diagnostic-Code, so each reply comes from the text.
func TestTextContinuationWithAddress(t *testing.T) {
	const groups = "Final-Recipient: rfc822; a@example.net\nAction: failed\nStatus: 5.2.1\n\n" +
		"Final-Recipient: rfc822; b@example.com\nAction: failed\nStatus: 5.1.1\n"
	for _, tc := range []struct {
		name, text string
		want       [2]string // each recipient's text must hold these
		notA       string    // and recipient a's must not hold this
	}{
		{"Postfix, the reply wrapped before the quoted address",
			"<a@example.net>: host mx.example.net[192.0.2.8] said: 550 5.2.1\n    <a@example.net>... User is inactive (in reply to RCPT TO command)\n\n" +
				"<b@example.com>: host mx.example.com[192.0.2.9] said: 550 5.1.1\n    <b@example.com>: Recipient address rejected: User unknown\n",
			[2]string{"User is inactive", "User unknown"}, "Recipient address rejected"},
		// Near misses: recipients listed at the same indentation, with no
		// blank line between them, stay apart.
		{"a flush-left list", "a@example.net: 550 5.2.1 User is inactive\nb@example.com: 550 5.1.1 User unknown\n",
			[2]string{"User is inactive", "User unknown"}, "User unknown"},
		{"an indented list", "  <a@example.net>: 550 5.2.1 User is inactive\n  <b@example.com>: 550 5.1.1 User unknown\n",
			[2]string{"User is inactive", "User unknown"}, "User unknown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(multi7Report("message/delivery-status", tc.text, groups, "a@example.net")), lhost.Registry())
			require.NoError(t, err)
			require.Len(t, r.Recipients, 2)
			assert.Contains(t, r.Recipients[0].DiagnosticCode, tc.want[0])
			assert.Contains(t, r.Recipients[1].DiagnosticCode, tc.want[1])
			assert.NotContains(t, r.Recipients[0].DiagnosticCode, tc.notA)
		})
	}
}
