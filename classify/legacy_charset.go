package classify

import (
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

// A diagnostic can reach the classifier in the bytes of a charset nobody
// declared: qmail-send's bounce has no MIME header, and the text it quotes
// is what the delivery program wrote (ezmlm-idx's refusals in the list's
// language, in the charset of its lang/<lang>/charset file: iso-8859-2 for
// Czech); Exim and Sendmail copy a remote host's 8-bit reply as it came.
// Such text is not UTF-8, and a phrase written with the language's letters
// cannot match it. As dsn/lhost's generic decoder does for its phrases
// (charset.go, convertUnlabelled), the classifier converts the text from
// the single-byte charsets of the languages the texts are written in, and
// keeps the first conversion in which the phrases find more than in the
// bytes as they came: a phrase found confirms the charset. Without one the
// text stays as it came. Only text that is not valid UTF-8 is tried.

// legacyTextCharsets are the single-byte charsets tried, in order: Western
// European (a superset of ISO-8859-1's letters), Central European (ISO and
// Windows), Turkish, Greek, Cyrillic (Windows, KOI8-R, KOI8-U), Arabic,
// Hebrew and Thai (windows-874, a superset of TIS-620). Their decodings of
// the same bytes differ, so a phrase found in one is the text's own.
var legacyTextCharsets = []*charmap.Charmap{
	charmap.Windows1252, charmap.ISO8859_2, charmap.Windows1250, charmap.ISO8859_9, charmap.ISO8859_7,
	charmap.Windows1251, charmap.KOI8R, charmap.KOI8U, charmap.Windows1256, charmap.Windows1255, charmap.Windows874,
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
	for _, cm := range legacyTextCharsets {
		t, ok := decodeLegacy(cm.NewDecoder(), diag)
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

// decodeLegacy converts s with dec; false if dec fails.
func decodeLegacy(dec *encoding.Decoder, s string) (string, bool) {
	t, err := dec.String(s)
	return t, err == nil
}
