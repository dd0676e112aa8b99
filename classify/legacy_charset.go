package classify

import (
	"unicode/utf8"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// A diagnostic can reach the classifier in the bytes of a charset nobody
// declared: qmail-send's bounce has no MIME header, and the text it quotes
// is what the delivery program wrote (ezmlm-idx's refusals in the list's
// language, in the charset of its lang/<lang>/charset file: iso-8859-2 for
// Czech); Exim and Sendmail copy a remote host's 8-bit reply as it came.
// Such text is not UTF-8, and a phrase written with the language's letters
// cannot match it. As dsn/lhost's generic decoder does for its phrases
// (charset.go, convertUnlabelled), the classifier converts, with dsn.ConvertCharset, the text from
// the single-byte charsets of the languages the texts are written in, and
// keeps the first conversion in which the phrases find more than in the
// bytes as they came: a phrase found confirms the charset. Without one the
// text stays as it came. Only text that is not valid UTF-8 is tried.

// legacyTextCharsets are the single-byte charsets tried, in order: Western
// European (a superset of ISO-8859-1's letters), Central European (ISO and
// Windows), Turkish, Greek, Cyrillic (Windows, KOI8-R, KOI8-U), Arabic,
// Hebrew and Thai (windows-874, a superset of TIS-620). Their decodings of
// the same bytes differ, so a phrase found in one is the text's own.
var legacyTextCharsets = []string{
	"windows-1252", "iso-8859-2", "windows-1250", "iso-8859-9", "iso-8859-7",
	"windows-1251", "koi8-r", "koi8-u", "windows-1256", "windows-1255", "windows-874",
}

// legacyText returns diag converted to UTF-8 from the first of
// legacyTextCharsets in whose conversion the phrase index finds more
// phrases than in diag itself; diag unchanged when it is valid UTF-8 or
// no conversion finds more.
func legacyText(diag string) string {
	if diag == "" || utf8.ValidString(diag) {
		return diag
	}
	s := getScan()
	defer putScan(s)
	s.readParts(tables.index, diag, len(diag))
	found := len(s.matches)
	for _, cs := range legacyTextCharsets {
		t, ok := dsn.ConvertCharset(cs, diag)
		if !ok {
			continue
		}
		s.readParts(tables.index, t, len(t))
		if len(s.matches) > found {
			return t
		}
	}
	return diag
}
