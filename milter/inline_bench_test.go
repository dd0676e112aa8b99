package milter

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bounce-milter/bounce-milter/engine"
	"github.com/stretchr/testify/require"
)

// BenchmarkInlineWorstCase runs the engine (engine.Classify, as the end of
// message runs it inline) on hostile bounces of DefaultInlineMax bytes,
// shaped to make each stage work hardest: the most recipients a DSN of
// that size holds, each with a diagnostic; the longest diagnostic; a
// text bounce of address lines; a deep nesting of multiparts; a header of
// many fields; a base64 report; the text stage's phrases repeated; and
// the corpus's largest bounces cut to the size. Its slowest case is the
// bound DefaultInlineMax's documentation relies on: an inline
// classification cannot outlast it by much, however the message is made.
func BenchmarkInlineWorstCase(b *testing.B) {
	shapes := inlineShapes(b, DefaultInlineMax)
	for _, sh := range shapes {
		b.Run(sh.name, func(b *testing.B) {
			msg := make([]byte, len(sh.raw))
			b.SetBytes(int64(len(sh.raw)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				copy(msg, sh.raw) // the engine rewrites its buffer
				_, _ = engine.Classify("", msg[:len(sh.raw)])
			}
		})
	}
}

type inlineShape struct {
	name string
	raw  []byte
}

// inlineShapes returns the hostile messages of BenchmarkInlineWorstCase,
// each of at most size bytes, as the milter hands them to the engine
// (the header, a blank line, the body).
func inlineShapes(tb testing.TB, size int) []inlineShape {
	tb.Helper()
	const dsnHead = "From: MAILER-DAEMON@mx.example.net\nTo: sender@example.org\nSubject: Undelivered Mail Returned to Sender\n" +
		"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n" +
		"--B\nContent-Type: text/plain\n\nThis is the mail system at host mx.example.net.\n\n" +
		"--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n"
	fill := func(head, unit, tail string) []byte {
		var sb strings.Builder
		sb.WriteString(head)
		for i := 0; sb.Len()+len(unit)+len(tail)+16 <= size; i++ {
			sb.WriteString(strings.ReplaceAll(unit, "%d", fmt.Sprint(i)))
		}
		sb.WriteString(tail)
		return []byte(sb.String())
	}
	words := "user unknown mailbox full quota exceeded blocked spam policy rejected relay denied host not found "
	shapes := []inlineShape{
		{"dsn-many-recipients", fill(dsnHead,
			"Final-Recipient: rfc822; u%d@example.com\nAction: failed\nStatus: 5.1.1\n\n", "--B--\n")},
		{"dsn-recipients-with-diagnostics", fill(dsnHead,
			"Final-Recipient: rfc822; u%d@example.com\nAction: failed\nStatus: 5.2.2\nRemote-MTA: dns; mx%d.example.com\n"+
				"Diagnostic-Code: smtp; 552 5.2.2 <u%d@example.com>: "+strings.Repeat(words, 2)+"\n\n", "--B--\n")},
		{"dsn-one-long-diagnostic", fill(dsnHead+"Final-Recipient: rfc822; u@example.com\nAction: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; 550 ",
			words, "\n\n--B--\n")},
		{"postfix-text-address-lines", fill("From: MAILER-DAEMON@mx.example.net\nSubject: Undelivered Mail Returned to Sender\n\n"+
			"This is the mail system at host mx.example.net.\n\nI'm sorry to have to inform you that your message could not\n"+
			"be delivered to one or more recipients.\n\n",
			"<u%d@example.com>: host mx.example.com[192.0.2.1] said: 550 5.1.1 user unknown (in reply to RCPT TO command)\n", "")},
		{"nested-multiparts", nested(size)},
		{"many-header-fields", fill("From: MAILER-DAEMON@mx.example.net\nSubject: Delivery Status Notification (Failure)\n",
			"X-Filler-%d: "+words+"\n", "\nbody\n")},
		{"phrases-repeated", fill("From: MAILER-DAEMON@mx.example.net\nSubject: failure notice\n\n"+
			"Hi. This is the qmail-send program at mx.example.net.\nI'm afraid I wasn't able to deliver your message to the following addresses.\n\n"+
			"<u@example.com>:\n", words, "\n")},
		{"base64-report", base64Report(dsnHead, size)},
	}
	for _, name := range []string{"lhost-exchange2007-05.eml", "rhost-aol-04.eml"} {
		raw, err := os.ReadFile(filepath.Join(corpusDir, "bsd", name))
		require.NoError(tb, err)
		fields, body := splitMessage(raw)
		var sb strings.Builder
		for _, f := range fields {
			sb.WriteString(f[0] + ":" + f[1] + "\n")
		}
		sb.WriteString("\n")
		sb.Write(body)
		shapes = append(shapes, inlineShape{"corpus-" + strings.TrimSuffix(name, ".eml"), []byte(sb.String())[:min(sb.Len(), size)]})
	}
	for _, sh := range shapes {
		require.LessOrEqual(tb, len(sh.raw), size, sh.name)
	}
	return shapes
}

// nested returns a bounce whose report sits at the bottom of multiparts
// nested as deep as size allows.
func nested(size int) []byte {
	const report = "Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n" +
		"Final-Recipient: rfc822; u@example.com\nAction: failed\nStatus: 5.1.1\n\n"
	var sb strings.Builder
	sb.WriteString("From: MAILER-DAEMON@mx.example.net\nSubject: Returned mail\nMIME-Version: 1.0\n")
	depth := 0
	for ; sb.Len()+len(report)+depth*16+120 < size; depth++ {
		fmt.Fprintf(&sb, "Content-Type: multipart/mixed; boundary=\"b%d\"\n\n--b%d\n", depth, depth)
	}
	sb.WriteString(report)
	for d := depth - 1; d >= 0; d-- {
		fmt.Fprintf(&sb, "--b%d--\n", d)
	}
	return []byte(sb.String())
}

// base64Report returns a DSN whose delivery-status part is base64, of
// recipients up to size.
func base64Report(head string, size int) []byte {
	head = strings.TrimSuffix(head, "Reporting-MTA: dns; mx.example.net\n\n")
	head = strings.Replace(head, "Content-Type: message/delivery-status\n",
		"Content-Type: message/delivery-status\nContent-Transfer-Encoding: base64\n", 1)
	var rep strings.Builder
	rep.WriteString("Reporting-MTA: dns; mx.example.net\n\n")
	for i := 0; (rep.Len()+100)*4/3*78/76+len(head)+200 < size; i++ {
		fmt.Fprintf(&rep, "Final-Recipient: rfc822; u%d@example.com\nAction: failed\nStatus: 5.1.1\n\n", i)
	}
	enc := base64.StdEncoding.EncodeToString([]byte(rep.String()))
	var sb strings.Builder
	sb.WriteString(head)
	for len(enc) > 76 {
		sb.WriteString(enc[:76] + "\n")
		enc = enc[76:]
	}
	sb.WriteString(enc + "\n--B--\n")
	return []byte(sb.String())
}
