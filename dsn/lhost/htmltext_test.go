package lhost

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// htmlTextStepwise is htmlText done a step at a time, each step on a new
// string: line ends normalised, then turned to spaces, tags removed, and
// entities replaced by a strings.Replacer. htmlText must agree with it.
func htmlTextStepwise(body []byte) string {
	h := strings.ReplaceAll(string(mailtext.NormalizeLineEnds(body)), "\n", " ")
	var b strings.Builder
	for len(h) > 0 {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			b.WriteString(h)
			break
		}
		b.WriteString(h[:i])
		j := strings.IndexByte(h[i:], '>')
		if j < 0 {
			break
		}
		tag := strings.ToLower(h[i+1 : i+j])
		switch {
		case strings.HasPrefix(tag, "br"), strings.HasPrefix(tag, "/p"), strings.HasPrefix(tag, "/div"),
			strings.HasPrefix(tag, "/tr"), strings.HasPrefix(tag, "/li"), strings.HasPrefix(tag, "/h"):
			b.WriteByte('\n')
		case strings.HasPrefix(tag, "td"):
			b.WriteByte(' ')
		}
		h = h[i+j+1:]
	}
	r := strings.NewReplacer("&nbsp;", " ", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'", "&apos;", "'", "&amp;", "&")
	return r.Replace(b.String())
}

func TestHTMLTextAgreesWithStepwise(t *testing.T) {
	for _, in := range []string{
		"",
		"plain text",
		"<p>Delivery&nbsp;failed</p><BR>to &lt;a@b&gt;<TD>x</Td>",
		"a\r\nb\rc\nd\r",
		"a\r<br>\nb",
		"&am<b>p;lt; &amp;lt; &&amp; &nbsp &#39;&apos;&quot;",
		"<Br/><bR \r\n><DIV></DIV></LI></h1></TR><tdx>",
		"<\u0130><li\u0130><b\u0130r>x", // İ lower-cases to i and a combining dot
		"<br", "unterminated <b",
		"<\xff\xfe>x<\u212ad>", // invalid UTF-8, the Kelvin sign
	} {
		assert.Equal(t, htmlTextStepwise([]byte(in)), htmlText([]byte(in)), "%q", in)
	}
}

func FuzzHTMLText(f *testing.F) {
	f.Add([]byte("<p>a&amp;b</p>\r\n<BR>c&nbsp;d"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := htmlText(b), htmlTextStepwise(b); got != want {
			t.Fatalf("htmlText(%q) = %q, want %q", b, got, want)
		}
	})
}
