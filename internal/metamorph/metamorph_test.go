package metamorph

import (
	"bytes"
	"fmt"
	"io"
	"mime/quotedprintable"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const corpusDir = "../../testdata/corpus"

func corpusFiles(t *testing.T, sub string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(corpusDir, sub, "*.eml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	return files
}

// TestParseRoundTrip checks that every corpus message serializes back to
// its own bytes: a transformation changes only what it means to.
func TestParseRoundTrip(t *testing.T) {
	for _, f := range corpusFiles(t, "bsd") {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.Equal(t, string(b), string(parse(b).bytes()), f)
	}
}

// TestLineEndsAgreeWithCopies checks CRLF and CR against the corpus's own
// dos/ and mac/ copies of its messages: each copy is its text with LF line
// ends rewritten so, and most copies are their bsd/ original rewritten so
// (a few were saved from another version of the message: other charsets,
// other headers).
func TestLineEndsAgreeWithCopies(t *testing.T) {
	for _, c := range []struct {
		sub, nl string
		fn      func([]byte) []byte
	}{{"dos", "\r\n", CRLF}, {"mac", "\r", CR}} {
		same := 0
		files := corpusFiles(t, c.sub)
		for _, f := range files {
			copied, err := os.ReadFile(f)
			require.NoError(t, err)
			lf := bytes.ReplaceAll(copied, []byte(c.nl), []byte("\n"))
			assert.Equal(t, string(copied), string(c.fn(lf)), f)
			orig, err := os.ReadFile(filepath.Join(corpusDir, "bsd", filepath.Base(f)))
			require.NoError(t, err)
			if bytes.Equal(c.fn(orig), copied) {
				same++
			}
		}
		t.Logf("%s: %d of %d copies are their bsd/ original rewritten", c.sub, same, len(files))
		assert.Greater(t, same, len(files)*3/4, c.sub)
	}
}

func TestFold(t *testing.T) {
	long := "Diagnostic-Code: smtp; 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table\n"
	got := string(fold([]byte(long), 60))
	for _, l := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		assert.LessOrEqual(t, len(l), 60, l)
	}
	assert.Equal(t, long, string(unfoldField([]byte(got))), "unfolding restores the field")
	assert.True(t, strings.HasPrefix(got, "Diagnostic-Code: smtp; 550 5.1.1 <bob@example.com>:\n Recipient"), got)
	// Double spaces are no place to fold; a short field stays.
	assert.Equal(t, "Subject: a  b\n", string(fold([]byte("Subject: a  b\n"), 5)))
	assert.Equal(t, "To: x\n", string(fold([]byte("To: x\n"), 60)))
}

func TestEncodeQP(t *testing.T) {
	text := []byte(strings.Repeat("Remote host said: 550 mailbox unavailable=full ", 4) + "tail \n\tnext line ümlaut\n")
	enc := encodeQP(text)
	for _, l := range strings.Split(string(enc), "\n") {
		assert.LessOrEqual(t, len(l), 76, l)
	}
	dec, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(enc)))
	require.NoError(t, err)
	assert.Equal(t, string(text), string(dec))
}

func TestReencode(t *testing.T) {
	msg := []byte("From: MAILER-DAEMON@example.net\nSubject: failure\n\nThe user bob@example.com does not exist.\n")
	qp := string(QuotedPrintable(msg))
	assert.Contains(t, qp, "MIME-Version: 1.0\nContent-Transfer-Encoding: quoted-printable\n\n")
	b64 := string(Base64(msg))
	assert.Contains(t, b64, "Content-Transfer-Encoding: base64\n\nVGhlIHVzZXIg")
	// Back from base64 to quoted-printable: the text is the same.
	assert.Equal(t, qp, string(QuotedPrintable([]byte(b64))))
}

func TestMultipartTransformations(t *testing.T) {
	msg := []byte("From: MAILER-DAEMON@example.net\nContent-Type: multipart/report; report-type=delivery-status;\n\tboundary=\"AB12\"\n\npreamble\n--AB12\nContent-Type: text/plain\n\nhello\n--AB12\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; bob@example.com\nAction: failed\nStatus: 5.1.1\n\n--AB12\nContent-Type: message/rfc822\n\nFrom: alice@example.org\nSubject: hi\n\nbody\n--AB12--\n")
	assert.Equal(t, string(msg), string(parse(msg).bytes()))

	renamed := string(RenameBoundaries(msg))
	assert.NotContains(t, renamed, "AB12")
	assert.Equal(t, 3, strings.Count(renamed, "\n--=_metamorph_1_Zq8\n"))
	assert.Contains(t, renamed, "\n--=_metamorph_1_Zq8--\n")

	assert.Contains(t, string(RemovePreamble(msg)), "\n\n--AB12\nContent-Type: text/plain")
	assert.NotContains(t, string(RemovePreamble(msg)), "preamble")

	upper := string(UpperNames(msg))
	assert.Contains(t, upper, "FINAL-RECIPIENT: rfc822; bob@example.com\nACTION: failed\n")
	assert.Contains(t, upper, "\nFROM: alice@example.org\n")

	hdrs := string(OriginalHeadersOnly(msg))
	assert.Contains(t, hdrs, "Content-Type: text/rfc822-headers\n\nFrom: alice@example.org\nSubject: hi\n\n\n--AB12--\n")
	removed := string(RemoveOriginal(msg))
	assert.NotContains(t, removed, "alice@example.org")
	assert.True(t, strings.HasSuffix(removed, "Status: 5.1.1\n\n--AB12--\n"), removed)

	assert.True(t, strings.HasPrefix(string(PrependTrace(msg)), "ARC-Seal: "))
	assert.True(t, strings.HasPrefix(string(MboxFromLine(msg)), "From MAILER-DAEMON "))
}

// TestOriginalKeptWhereItSaysMore checks that the returned message stays
// where removing it would change what the bounce says: a multipart that
// is no report (its message/rfc822 part may be the report, forwarded), a
// feedback report (RFC 5965 requires it), a report naming no recipient.
func TestOriginalKeptWhereItSaysMore(t *testing.T) {
	const tmpl = "From: MAILER-DAEMON@example.net\nContent-Type: %s; boundary=\"B\"\n\n--B\nContent-Type: %s\n\n%s\n--B\nContent-Type: message/rfc822\n\nTo: bob@example.com\nSubject: hi\n\nbody\n--B--\n"
	for _, c := range []struct{ top, report, fields string }{
		{"multipart/mixed", "message/delivery-status", "Final-Recipient: rfc822; bob@example.com\nAction: failed\n"},
		{"multipart/report; report-type=feedback-report", "message/feedback-report", "Feedback-Type: abuse\n"},
		{"multipart/report; report-type=delivery-status", "message/delivery-status", "Reporting-MTA: dns; mx.example.net\n"},
		{"multipart/report; report-type=delivery-status", "message/delivery-status", "Final-Recipient: rfc822; @mx.example.com\n"},
	} {
		msg := []byte(fmt.Sprintf(tmpl, c.top, c.report, c.fields))
		assert.Equal(t, string(msg), string(RemoveOriginal(msg)), c)
	}
	msg := []byte(fmt.Sprintf(tmpl, "multipart/mixed", "text/plain", "failed"))
	assert.Equal(t, string(msg), string(OriginalHeadersOnly(msg)))
}

func TestMboxQuotesFromLines(t *testing.T) {
	msg := []byte("Subject: x\n\nbody\nFrom here on\n>From there\n")
	assert.Equal(t, "From MAILER-DAEMON Tue Nov 14 22:13:20 2023\nSubject: x\n\nbody\n>From here on\n>>From there\n", string(MboxFromLine(msg)))
}

func TestReportFieldTransformations(t *testing.T) {
	msg := []byte("From: MAILER-DAEMON@example.net\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; bob@example.com\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 unknown\n\n--B--\n")
	assert.Contains(t, string(SortReportFields(msg)), "\nAction: failed\nDiagnostic-Code: smtp; 550 unknown\nFinal-Recipient: rfc822; bob@example.com\nStatus: 5.1.1\n\n")
	assert.Contains(t, string(ReverseReportFields(msg)), "\nDiagnostic-Code: smtp; 550 unknown\nStatus: 5.1.1\nAction: failed\nFinal-Recipient: rfc822; bob@example.com\n\n")
	assert.Contains(t, string(TightReportFields(msg)), "\nFinal-Recipient:rfc822;bob@example.com\nAction:failed\n")
	upper := string(UpperMediaTypes(msg))
	assert.Contains(t, upper, "Content-Type: MULTIPART/REPORT; BOUNDARY=\"B\"; REPORT-TYPE=\"delivery-status\"\n")
	assert.Contains(t, upper, "Content-Type: MESSAGE/DELIVERY-STATUS\n")

	// Recipients run together without blank lines keep their order.
	together := []byte(strings.Replace(string(msg), "550 unknown\n", "550 unknown\nFinal-Recipient: rfc822; carol@example.com\nAction: failed\n", 1))
	assert.Equal(t, string(together), string(SortReportFields(together)))
}

func TestHeaderWordsAndCharsets(t *testing.T) {
	msg := []byte("From: Mail Delivery Subsystem <MAILER-DAEMON@example.net>\nSubject: Returned mail: see transcript for details, and a long subject to split in two words\nContent-Type: text/plain; charset=iso-8859-1\n\nUnzustellbar: M\xfcller\n")
	out := string(EncodeHeaderWords(msg))
	assert.Contains(t, out, "From: =?UTF-8?B?TWFpbCBEZWxpdmVyeSBTdWJzeXN0ZW0=?= <MAILER-DAEMON@example.net>\n")
	for _, l := range strings.Split(out, "\n") {
		assert.LessOrEqual(t, len(l), 78, l)
	}
	utf := string(ToUTF8(msg))
	assert.Contains(t, utf, "Content-Type: text/plain; charset=utf-8\n")
	assert.Contains(t, utf, "Unzustellbar: Müller\n")

	footed := string(ListFooter(msg))
	assert.True(t, strings.HasSuffix(footed, "Unzustellbar: M\xfcller\n"+listFooter), footed)
}

// TestBlankLineOfWhiteSpace: in a report, a line of white space alone
// ends a group (Domino writes one after its folded Diagnostic-Code), so
// reordering keeps the fields on its side.
func TestBlankLineOfWhiteSpace(t *testing.T) {
	body := []byte("Final-Recipient: rfc822; info@example.com\nStatus: 5.0.0\nDiagnostic-Code: X-Notes; not\n unique.\n \n")
	g := fieldGroups(body)
	require.Len(t, g, 4)
	assert.Equal(t, "Diagnostic-Code: X-Notes; not\n unique.\n", string(g[2]))
	assert.Equal(t, " \n", string(g[3]))
}

func TestHeaderOrderAndHTML(t *testing.T) {
	msg := []byte("Received: by mx.example.net\nSubject: failed\nFrom: MAILER-DAEMON@example.net\nContent-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: text/plain\n\na <b@example.com> failed\n--B--\n")
	sorted := string(SortHeader(msg))
	assert.True(t, strings.HasPrefix(sorted, "Received: by mx.example.net\nContent-Type: multipart/mixed; boundary=\"B\"\nFrom: MAILER-DAEMON@example.net\nSubject: failed\n\n"), sorted)
	alt := string(AddHTMLAlternative(msg))
	assert.Contains(t, alt, "--B\nContent-Type: multipart/alternative; boundary=\"=_alt_1_Zq8\"\n\n--=_alt_1_Zq8\nContent-Type: text/plain; charset=utf-8\n")
	assert.Contains(t, alt, "<pre>a &lt;b@example.com&gt; failed</pre>")
	assert.True(t, strings.HasSuffix(alt, "--=_alt_1_Zq8--\n\n--B--\n"), alt)
}
