package dsn_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

const postfixDSN = `From: MAILER-DAEMON@mx.example.org (Mail Delivery System)
To: sender@example.com
Subject: Undelivered Mail Returned to Sender
Date: Thu, 29 Apr 2013 23:45:32 +0900
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

<kijitora@example.net>: host mx.example.net[192.0.2.8] said: 550 5.1.1
    <kijitora@example.net>: Recipient address rejected: User unknown (in reply
    to RCPT TO command)

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org
X-Postfix-Queue-ID: 4ABC123
Arrival-Date: Thu, 29 Apr 2013 23:45:31 +0900

Final-Recipient: rfc822; kijitora@example.net
Original-Recipient: rfc822; Kijitora@example.net
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.example.net
Diagnostic-Code: smtp; 550 5.1.1 <kijitora@example.net>: Recipient address
    rejected: User unknown

--B
Content-Type: message/rfc822

From: Sender <sender@example.com>
To: kijitora@example.net
Subject: =?UTF-8?B?44Gr44KD44KT?=
Message-ID: <orig-1@example.com>
List-Id: <news.example.com>

hello
--B--
`

func TestParseRFC3464(t *testing.T) {
	for _, eol := range []string{"\n", "\r\n", "\r"} {
		r, err := dsn.Parse(strings.NewReader(strings.ReplaceAll(postfixDSN, "\n", eol)), lhost.Registry())
		require.NoError(t, err)
		assert.Equal(t, dsn.DeliveryReport, r.Kind)
		assert.Equal(t, "RFC3464", r.Decoder)
		assert.Equal(t, "mx.example.org", r.ReportingMTA)
		assert.Equal(t, "4ABC123", r.Fields.Get("X-Postfix-Queue-ID"))
		require.Len(t, r.Recipients, 1)
		rc := r.Recipients[0]
		assert.Equal(t, "kijitora@example.net", rc.Recipient)
		assert.Equal(t, "Kijitora@example.net", rc.OriginalRecipient)
		assert.Equal(t, dsn.ActionFailed, rc.Action)
		assert.Equal(t, dsn.Status{5, 1, 1}, rc.Status)
		assert.Equal(t, 550, rc.ReplyCode)
		assert.Equal(t, dsn.CommandRCPT, rc.Command, "from the notification text")
		assert.Equal(t, "smtp", rc.DiagnosticType)
		assert.Equal(t, "550 5.1.1 <kijitora@example.net>: Recipient address rejected: User unknown", rc.DiagnosticCode)
		assert.Equal(t, "mx.example.net", rc.RemoteMTA)
		assert.Equal(t, "sender@example.com", r.Original.From)
		assert.Equal(t, "にゃん", r.Original.Subject)
		assert.Equal(t, "orig-1@example.com", r.Original.MessageID)
		assert.Equal(t, "<news.example.com>", r.Original.ListID)
	}
}

func TestParseNotBounce(t *testing.T) {
	r, err := dsn.ParseBytes([]byte("From: a@example.com\nTo: b@example.org\nSubject: lunch\n\nsee you\n"), lhost.Registry())
	require.NoError(t, err)
	assert.Equal(t, dsn.NotBounce, r.Kind)
	assert.False(t, r.IsBounce())
	assert.Empty(t, r.Recipients)
}

func TestParseEmpty(t *testing.T) {
	_, err := dsn.ParseBytes(nil, lhost.Registry())
	assert.ErrorIs(t, err, dsn.ErrEmpty)
	_, err = dsn.ParseBytes([]byte("\n\n  \n"), lhost.Registry())
	assert.ErrorIs(t, err, dsn.ErrEmpty)
}

func TestParseFeedbackReport(t *testing.T) {
	msg := abuseReport("Original-Rcpt-To: <user@example.net>\nSource-IP: 192.0.2.1\nArrival-Date: Thu, 29 Apr 2013 23:45:00 +0000\n")
	r, err := dsn.ParseBytes([]byte(msg), lhost.Registry())
	require.NoError(t, err)
	assert.Equal(t, dsn.FeedbackReport, r.Kind)
	assert.Equal(t, "abuse", r.FeedbackType)
	assert.Equal(t, "192.0.2.1", r.Fields.Get("Source-IP"))
	require.Len(t, r.Recipients, 1)
	assert.Equal(t, "user@example.net", r.Recipients[0].Recipient)
	assert.Empty(t, r.Recipients[0].Action, "a complaint is not a failed delivery")
	assert.Equal(t, "m1@example.com", r.Original.MessageID)
}

// abuseReport writes an abuse report (RFC 5965) about a message from
// sender@example.com to user@example.net, with fields after the required
// ones of its message/feedback-report part.
func abuseReport(fields string) string {
	return "From: feedback@arf.example.net\nSubject: FW: hi\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=feedback-report; boundary=X\n\n" +
		"--X\nContent-Type: text/plain\n\nThis is an email abuse report\n" +
		"--X\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\nUser-Agent: Test/1.0\nVersion: 1\n" + fields +
		"--X\nContent-Type: text/rfc822-headers\n\nFrom: sender@example.com\nTo: user@example.net\nSubject: hi\nMessage-ID: <m1@example.com>\n\n--X--\n"
}

// TestFeedbackReportRecipientOnce reads a complaint that names its
// recipient twice, in Original-Rcpt-To (RFC 5965 section 3.2) and, in
// another case, in Removal-Recipient (RFC 6650 section 5): one complaint
// about that address, not two; a second address stays its own.
func TestFeedbackReportRecipientOnce(t *testing.T) {
	msg := abuseReport("Original-Rcpt-To: <user@example.net>\nOriginal-Rcpt-To: <other@example.net>\n" +
		"Removal-Recipient: User@Example.net\n")
	r, err := dsn.ParseBytes([]byte(msg), lhost.Registry())
	require.NoError(t, err)
	require.Equal(t, dsn.FeedbackReport, r.Kind)
	var got []string
	for _, rc := range r.Recipients {
		got = append(got, rc.Recipient)
	}
	assert.Equal(t, []string{"user@example.net", "other@example.net"}, got)
}

// oneRecipientReport writes a delivery status notification about
// user@example.org: notice as its human-readable part, fields after the
// recipient's Final-Recipient field.
func oneRecipientReport(notice, fields string) string {
	return "From: MAILER-DAEMON@mail.example.net\nTo: sender@example.com\nSubject: Delivery Status Notification\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=X\n\n" +
		"--X\nContent-Type: text/plain\n\n" + notice + "\n" +
		"--X\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mail.example.net\n\n" +
		"Final-recipient: rfc822; user@example.org\n" + fields + "\n" +
		"--X\nContent-Type: text/rfc822-headers\n\nFrom: sender@example.com\nTo: user@example.org\nSubject: hi\n\n--X--\n"
}

// TestSupplementaryInfo reads Exchange's DSNs, which give the remote reply
// in an X-Supplementary-Info field ("<host #x.y.z smtp;reply>") and no
// Diagnostic-Code: the reply is the diagnostic. A Diagnostic-Code, where a
// report gives both, stays the diagnostic.
func TestSupplementaryInfo(t *testing.T) {
	report := func(fields string) string {
		return oneRecipientReport("Delivery has failed to these recipients or groups:\n\nuser@example.org\n", "Action: failed\n"+fields)
	}
	cases := []struct {
		name, fields, typ, diag string
	}{
		{"remote host", "Status: 5.1.1\nRemote-MTA: dns; mx.example.org\n" +
			"X-Supplementary-Info: <mx.example.org #5.1.1 smtp;550 5.1.1 <user@example.org>:\n Recipient address rejected: User unknown>\n",
			"smtp", "550 5.1.1 <user@example.org>: Recipient address rejected: User unknown"},
		{"no host", "Status: 5.5.0\nX-Supplementary-Info: < #5.5.0 smtp;550 Requested action not taken: mailbox\n unavailable>\n",
			"smtp", "550 Requested action not taken: mailbox unavailable"},
		{"other form", "Status: 5.4.4\nX-Supplementary-Info: <Unable to resolve the domain>\n",
			"", "Unable to resolve the domain"},
		{"diagnostic given", "Status: 5.2.2\nDiagnostic-Code: smtp; 552 5.2.2 Mailbox full\n" +
			"X-Supplementary-Info: <mx.example.org #5.2.2 smtp;552 5.2.2 Over quota>\n",
			"smtp", "552 5.2.2 Mailbox full"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(report(tc.fields)), lhost.Registry())
			require.NoError(t, err)
			require.Len(t, r.Recipients, 1)
			rc := r.Recipients[0]
			assert.Equal(t, "user@example.org", rc.Recipient)
			assert.Equal(t, tc.typ, rc.DiagnosticType)
			assert.Equal(t, tc.diag, rc.DiagnosticCode)
		})
	}
}

// TestMissingAction reads delivery-status groups without the Action field
// RFC 3464 section 2.3.3 requires: a permanent code (5.X.X in the Status
// field or the diagnostic, or a 5XX reply) makes the recipient failed; a
// 4.X.X, which may be a delay or a retry given up, leaves it unset.
func TestMissingAction(t *testing.T) {
	report := func(fields string) string {
		return oneRecipientReport("Your e-mail did not reach the following recipient address:\n   * user@example.org\n", fields)
	}
	cases := []struct {
		name, fields string
		want         dsn.Action
	}{
		{"status in the diagnostic", "Diagnostic-Code: smtp; 552 5.2.2 <user@example.org>: user is over quota\n", dsn.ActionFailed},
		{"status field", "Status: 5.1.1\n", dsn.ActionFailed},
		{"reply code only", "Diagnostic-Code: smtp; 550 no such user\n", dsn.ActionFailed},
		{"temporary", "Status: 4.4.1\nDiagnostic-Code: smtp; connection timed out\n", ""},
		{"action given", "Action: delayed\nStatus: 5.0.0\n", dsn.ActionDelayed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(report(tc.fields)), lhost.Registry())
			require.NoError(t, err)
			require.Len(t, r.Recipients, 1)
			assert.Equal(t, tc.want, r.Recipients[0].Action)
		})
	}
}

func TestParseAutoReply(t *testing.T) {
	cases := []struct {
		name, msg string
		kind      dsn.Kind
	}{
		{"rfc3834", "From: kijitora@example.net\nTo: a@example.com\nAuto-Submitted: auto-replied\nSubject: Away\n\nback soon\n", dsn.AutoReply},
		{"exchange", "From: k@example.net\nTo: a@example.com\nX-Auto-Response-Suppress: All\nSubject: Automatic reply: hi\n\naway\n", dsn.AutoReply},
		{"exchange header alone", "From: k@example.net\nTo: a@example.com\nX-Auto-Response-Suppress: All\nSubject: meeting notes\n\nhi\n", dsn.NotBounce},
		{"mailer-daemon is not on vacation", "From: MAILER-DAEMON@example.net\nAuto-Submitted: auto-replied\nSubject: failure notice\n\nx\n", dsn.NotBounce},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(tc.msg), lhost.Registry())
			require.NoError(t, err)
			assert.Equal(t, tc.kind, r.Kind)
			if tc.kind == dsn.AutoReply {
				require.Len(t, r.Recipients, 1)
				assert.Equal(t, "RFC3834", r.Decoder)
			}
		})
	}
}

// TestMalformedFieldsKept checks that a malformed Status is kept raw and
// noted, not fatal.
func TestMalformedFieldsKept(t *testing.T) {
	msg := strings.Replace(postfixDSN, "Status: 5.1.1", "Status: five-one-one", 1)
	r, err := dsn.ParseBytes([]byte(msg), lhost.Registry())
	require.NoError(t, err)
	require.Len(t, r.Recipients, 1)
	assert.Equal(t, "five-one-one", r.Recipients[0].StatusRaw)
	assert.NotEmpty(t, r.Notes)
	assert.Equal(t, dsn.Status{5, 1, 1}, r.Recipients[0].Status, "recovered from the notification text")
}

// TestHostileInput feeds messages built to exhaust a parser: each must end
// with a clear error or a partial report, without panicking, and within
// the package's limits.
func TestHostileInput(t *testing.T) {
	huge := func() []byte {
		var b bytes.Buffer
		b.WriteString(postfixDSN[:strings.Index(postfixDSN, "--B--")])
		b.WriteString("--B\nContent-Type: application/octet-stream\n\n")
		line := strings.Repeat("A", 76) + "\n"
		for b.Len() < 50<<20 {
			b.WriteString(line)
		}
		b.WriteString("--B--\n")
		return b.Bytes()
	}
	manyParts := func() []byte {
		var b bytes.Buffer
		b.WriteString("From: MAILER-DAEMON@x\nContent-Type: multipart/mixed; boundary=P\n\n")
		for i := 0; i < 10000; i++ {
			fmt.Fprintf(&b, "--P\nContent-Type: text/plain\n\npart %d\n", i)
		}
		b.WriteString("--P--\n")
		return b.Bytes()
	}
	longHeader := func() []byte {
		return []byte("From: MAILER-DAEMON@x\nSubject: " + strings.Repeat("x", 1<<20) + "\n\nbody\n")
	}
	deep := func() []byte {
		var b bytes.Buffer
		b.WriteString("From: MAILER-DAEMON@x\n")
		for i := 0; i < 100; i++ {
			fmt.Fprintf(&b, "Content-Type: multipart/mixed; boundary=D%d\n\n--D%d\n", i, i)
		}
		b.WriteString("Content-Type: message/delivery-status\n\nFinal-Recipient: rfc822; a@b.example\nStatus: 5.1.1\n")
		for i := 99; i >= 0; i-- {
			fmt.Fprintf(&b, "--D%d--\n", i)
		}
		return b.Bytes()
	}
	cases := []struct {
		name string
		msg  func() []byte
		note string
	}{
		{"50 MB message", huge, "longer than"},
		{"10000 MIME parts", manyParts, "MIME parts"},
		{"1 MB header line", longHeader, ""},
		{"nesting 100 deep", deep, "deeper than"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			msg := tc.msg()
			r, err := dsn.ParseBytes(msg, lhost.Registry())
			if err != nil {
				assert.ErrorIs(t, err, dsn.ErrHeader, "the only error is an unreadable header")
				return
			}
			if tc.name == "50 MB message" {
				require.Len(t, r.Recipients, 1, "the report before the bulk is decoded")
			}
			if tc.note != "" {
				assert.Condition(t, func() bool {
					for _, n := range r.Notes {
						if strings.Contains(n, tc.note) {
							return true
						}
					}
					return false
				}, "notes %q should mention %q", r.Notes, tc.note)
			}
		})
	}
}

// TestLineEndsAgree decodes each corpus file that has CR and CRLF copies and
// compares the reports.
func TestLineEndsAgree(t *testing.T) {
	files, err := filepath.Glob("../testdata/corpus/mac/*.eml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, mac := range files {
		name := filepath.Base(mac)
		dos := filepath.Join("../testdata/corpus/dos", name)
		var reps []*dsn.Report
		for _, p := range []string{mac, dos} {
			b, err := os.ReadFile(p)
			require.NoError(t, err)
			r, err := dsn.ParseBytes(b, lhost.Registry())
			require.NoError(t, err, p)
			reps = append(reps, r)
		}
		require.Equal(t, len(reps[0].Recipients), len(reps[1].Recipients), name)
		for i := range reps[0].Recipients {
			a, b := reps[0].Recipients[i], reps[1].Recipients[i]
			assert.Equal(t, a.Recipient, b.Recipient, name)
			assert.Equal(t, a.Status, b.Status, name)
			assert.Equal(t, a.DiagnosticCode, b.DiagnosticCode, name)
		}
	}
}

// TestLongFoldedField decodes a field folded over 200,000 lines: the
// pieces are joined once, so this stays linear.
func TestLongFoldedField(t *testing.T) {
	var b strings.Builder
	b.WriteString("Diagnostic-Code: smtp; 550\n")
	for i := 0; i < 200000; i++ {
		b.WriteString(" x\n")
	}
	groups := dsn.ParseFields([]byte(b.String()), 2)
	require.Len(t, groups, 1)
	v := groups[0].Get("Diagnostic-Code")
	assert.Equal(t, len("smtp; 550")+200000*2, len(v))
	assert.True(t, strings.HasPrefix(v, "smtp; 550 x x"))
}

// FuzzParse checks that no input panics the decoder and that what it
// returns is consistent: an error and no report, or a report whose kind
// matches its recipients.
func FuzzParse(f *testing.F) {
	f.Add([]byte(postfixDSN))
	f.Add([]byte("From: a@b\n\nhi\n"))
	f.Add([]byte("Content-Type: multipart/report; boundary=x\n\n--x\nContent-Type: message/delivery-status\n\nFinal-Recipient: ;\n--x--"))
	f.Add([]byte(mdn("message/disposition-notification", "Final-Recipient: rfc822;joe@example.net\nDisposition: manual-action/MDN-sent-manually; displayed\n")))
	f.Add([]byte("\n  \nFrom: MAILER-DAEMON@example.org\nSubject: failure notice\n\nDelivery to the following recipients failed.\n\n  a@example.net\n"))
	seeds, _ := filepath.Glob("../testdata/corpus/bsd/lhost-*-01.eml")
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := dsn.ParseBytes(b, lhost.Registry())
		if err != nil {
			if r != nil {
				t.Fatalf("report and error together: %v", err)
			}
			return
		}
		if r.Kind == dsn.NotBounce && len(r.Recipients) > 0 {
			t.Fatalf("a non-bounce with %d recipients", len(r.Recipients))
		}
		if r.Kind != dsn.NotBounce && len(r.Recipients) == 0 {
			t.Fatalf("a %v without recipients", r.Kind)
		}
		if len(r.Recipients) > dsn.MaxRecipients {
			t.Fatalf("%d recipients, over the limit", len(r.Recipients))
		}
	})
}

// TestLongTextKeepsCharacters checks that the text a feedback report or an
// auto-reply is shortened to ends on a whole character.
func TestLongTextKeepsCharacters(t *testing.T) {
	body := strings.Repeat("不在です。", 400) // 3-byte characters: neither 512 nor 1024 falls between two
	arf := "From: feedback@arf.example.net\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=feedback-report; boundary=X\n\n" +
		"--X\nContent-Type: text/plain; charset=utf-8\n\n" + body + "\n" +
		"--X\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\nOriginal-Rcpt-To: <user@example.net>\n--X--\n"
	vacation := "From: kijitora@example.net\nAuto-Submitted: auto-replied\nSubject: Away\nContent-Type: text/plain; charset=utf-8\n\n" + body + "\n"
	for name, msg := range map[string]string{"ARF": arf, "RFC3834": vacation} {
		r, err := dsn.ParseBytes([]byte(msg), lhost.Registry())
		require.NoError(t, err, name)
		require.Len(t, r.Recipients, 1, name)
		d := r.Recipients[0].DiagnosticCode
		assert.True(t, utf8.ValidString(d), "%s: %q... ends mid-character", name, d[len(d)-8:])
		assert.True(t, strings.HasPrefix(d, "不在です。"), name)
	}
}

// TestInvalidUTF8InNotification decodes a report whose human-readable
// part holds bytes that are not UTF-8 (a Latin-1 text without a charset)
// before the recipient's line: the facts on that line are still found.
// Lower-casing that text with Unicode rules made it longer, and the
// offset found in it cut the original text out of range.
func TestInvalidUTF8InNotification(t *testing.T) {
	for _, intro := range []string{
		"La r\xe9ponse du serveur \xe9tait n\xe9gative \xe0 cause de \xab ceci \xbb:",
		strings.Repeat("\xff", 40), // before, this one panicked
	} {
		msg := "From: MAILER-DAEMON@example.org\nContent-Type: multipart/report; report-type=delivery-status; boundary=B\n\n" +
			"--B\nContent-Type: text/plain\n\n" + intro + "\n<User@Example.net>: 550 5.1.1 User unknown\n\n" +
			"--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n" +
			"Final-Recipient: rfc822; user@example.net\nAction: failed\nStatus: 5.0.0\n--B--\n"
		r, err := dsn.ParseBytes([]byte(msg), lhost.Registry())
		require.NoError(t, err)
		require.Len(t, r.Recipients, 1)
		rc := r.Recipients[0]
		assert.Equal(t, "5.1.1", rc.Status.String(), "%q", intro)
		assert.Equal(t, "550 5.1.1 User unknown", rc.DiagnosticCode, "%q", intro)
	}
}

// TestLeadingBlankLines checks that a message file saved with blank or
// white-space-only lines before its header (as some clients and archives
// write them) is read, in every line-end convention and before an mbox
// "From " line too.
func TestLeadingBlankLines(t *testing.T) {
	for _, tc := range []struct{ name, prefix string }{
		{"empty lines", "\n\n"},
		{"spaces", "   \n"},
		{"tabs and spaces", " \t \n\t\n\n"},
		{"before an mbox line", "\n  \nFrom MAILER-DAEMON Thu Apr 29 23:45:32 2013\n"},
		{"mbox line, then blank", "From MAILER-DAEMON Thu Apr 29 23:45:32 2013\n \n"},
	} {
		for _, eol := range []string{"\n", "\r\n", "\r"} {
			t.Run(fmt.Sprintf("%s/%q", tc.name, eol), func(t *testing.T) {
				raw := strings.ReplaceAll(tc.prefix+postfixDSN, "\n", eol)
				r, err := dsn.ParseBytes([]byte(raw), lhost.Registry())
				require.NoError(t, err)
				assert.Equal(t, dsn.DeliveryReport, r.Kind)
				assert.Equal(t, "Undelivered Mail Returned to Sender", r.Subject)
				require.Len(t, r.Recipients, 1)
				assert.Equal(t, "kijitora@example.net", r.Recipients[0].Recipient)
			})
		}
	}
}

// A delivery-status part without a single field says nothing: the
// recipient and its reply are read from the notification's text, by the
// decoder of its format when one knows it (here Postfix's, from its
// intro), which is credited with the report, else next to the address.
// One with per-message fields only is read as before (its recipient taken
// from the returned message).
func TestEmptyDeliveryStatusPart(t *testing.T) {
	start := strings.Index(postfixDSN, "Reporting-MTA:")
	end := strings.Index(postfixDSN, "--B\nContent-Type: message/rfc822")
	require.True(t, start > 0 && end > start)
	empty := postfixDSN[:start] + "\n" + postfixDSN[end:]
	intro := "This is the mail system at host mx.example.org.\n\n" +
		"I'm sorry to have to inform you that your message could not\n" +
		"be delivered to one or more recipients. It's attached below.\n\n" +
		"                   The mail system\n\n"
	withIntro := strings.Replace(empty, "Content-Type: text/plain\n\n", "Content-Type: text/plain\n\n"+intro, 1)

	for _, tc := range []struct {
		name, msg   string
		fromDecoder bool
		decoder     dsn.DecoderName
	}{
		{"text without a known layout", empty, false, dsn.RFC3464},
		{"Postfix text", withIntro, true, lhost.Postfix},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(tc.msg), lhost.Registry())
			require.NoError(t, err)
			assert.Equal(t, string(tc.decoder), r.Decoder)
			require.Len(t, r.Recipients, 1)
			rc := r.Recipients[0]
			assert.Equal(t, "kijitora@example.net", rc.Recipient)
			assert.Equal(t, dsn.ActionFailed, rc.Action)
			assert.Equal(t, dsn.Status{5, 1, 1}, rc.Status, "from the notification text")
			assert.Equal(t, dsn.CommandRCPT, rc.Command)
			read := false
			for _, n := range r.Notes {
				read = read || strings.Contains(n, "read by the Postfix decoder")
			}
			assert.Equal(t, tc.fromDecoder, read)
			if tc.fromDecoder {
				assert.Contains(t, rc.DiagnosticCode, "User unknown")
			}
		})
	}

	perMessage := postfixDSN[:start] + "Reporting-MTA: dns; mx.example.org\n\n" + postfixDSN[end:]
	r, err := dsn.ParseBytes([]byte(perMessage), lhost.Registry())
	require.NoError(t, err)
	assert.Equal(t, "RFC3464", r.Decoder)
	require.Len(t, r.Recipients, 1)
	assert.Equal(t, "kijitora@example.net", r.Recipients[0].Recipient)
}

// TestHeaderWithoutBlankLine reads messages whose header is not ended by a
// blank line: as MTAs do, the first line that is not a field starts the
// body, when fields come before it; with no field at all the header stays
// unreadable.
func TestHeaderWithoutBlankLine(t *testing.T) {
	const eximNoBlank = "From: Mail Delivery System <Mailer-Daemon@mx.example.org>\n" +
		"To: sender@example.org\n" +
		"Subject: Mail delivery failed: returning message to sender\n" +
		"Content-Type: multipart/report; report-type=delivery-status;\n" +
		" boundary=XB\n" +
		"--XB\n" +
		"Content-Type: text/plain\n\n" +
		"A message that you sent could not be delivered.\n\n" +
		"--XB\n" +
		"Content-Type: message/delivery-status\n\n" +
		"Reporting-MTA: dns; mx.example.org\n\n" +
		"Final-Recipient: rfc822; user@example.net\n" +
		"Action: failed\n" +
		"Status: 5.2.2\n" +
		"Diagnostic-Code: smtp; 552 5.2.2 mailbox full\n\n" +
		"--XB--\n"
	cases := []struct {
		name      string
		msg       string
		wantErr   bool
		recipient string
		noted     bool
	}{
		{name: "boundary right after the header", msg: eximNoBlank, recipient: "user@example.net", noted: true},
		{name: "blank line present", msg: strings.Replace(eximNoBlank, " boundary=XB\n", " boundary=XB\n\n", 1), recipient: "user@example.net"},
		{name: "no field before the text", msg: "just some words\nand more\n", wantErr: true},
		{name: "text line after a folded field", msg: "Subject: a\n b\nhello there\n", noted: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(tc.msg), lhost.Registry())
			if tc.wantErr {
				require.ErrorIs(t, err, dsn.ErrHeader)
				return
			}
			require.NoError(t, err)
			if tc.recipient != "" {
				require.Len(t, r.Recipients, 1)
				assert.Equal(t, tc.recipient, r.Recipients[0].Recipient)
				assert.Equal(t, dsn.ActionFailed, r.Recipients[0].Action)
			}
			noted := false
			for _, n := range r.Notes {
				noted = noted || strings.Contains(n, "not ended by a blank line")
			}
			assert.Equal(t, tc.noted, noted, "notes: %q", r.Notes)
		})
	}
}
