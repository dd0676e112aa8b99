package lhost

import (
	"strings"
	"unicode/utf8"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// Package dsn converts every text part whose charset it knows to UTF-8
// (go-message's charset package: GB2312, Big5, KOI8-R, ISO-2022-JP and
// the rest of the IANA and WHATWG names), and RFC 2047 words in header
// fields. What it cannot convert stays as the bytes came: a part that
// names no charset or one no index knows ("x-gbk"), and 8-bit bytes written
// raw in a header field. Reports of the late 1990s and 2000s in Chinese,
// Russian, Japanese and European languages are often written that way: a
// text/html part in GB2312 with no charset, a Subject of raw GB2312 bytes.
//
// The generic decoder knows a report only by its phrases, so it converts
// such text itself: in the charsets the message declares elsewhere (a raw
// Subject is most often in its body's charset), then in those the
// languages of its phrases were written in before UTF-8, and keeps the
// first conversion in which one of its phrases is found. A phrase found
// confirms the charset; without one the text stays as it came.

// legacyCharsets are the charsets generic.tsv's languages were written
// in before UTF-8, in the order they are tried. Their decodings of the
// same bytes differ, so a phrase found in one of them is the text's own.
var legacyCharsets = []string{
	"gb18030",      // Simplified Chinese: a superset of GB2312 and GBK
	"big5",         // Traditional Chinese
	"koi8-r",       // Russian
	"windows-1251", // Russian
	"iso-2022-jp",  // Japanese mail (RFC 1468)
	"shift_jis",    // Japanese
	"euc-jp",       // Japanese
	"windows-1252", // Western European: a superset of ISO-8859-1's letters
	"iso-8859-2",   // Central European: Polish
}

// unconverted reports whether s holds bytes UTF-8 text does not, or
// ISO-2022-JP's escape to JIS X 0208 (7-bit, and valid UTF-8 as bytes).
func unconverted(s string) bool {
	return !utf8.ValidString(s) || strings.Contains(s, "\x1b$")
}

// convertCharset converts s from the charset named cs to UTF-8
// (dsn.ConvertCharset).
func convertCharset(cs, s string) (string, bool) { return dsn.ConvertCharset(cs, s) }

// declaredCharsets returns the charsets m and its parts name, lower-case,
// each once, in the order of the parts.
func declaredCharsets(m *dsn.Message) []string {
	var out []string
	add := func(cs string) {
		cs = strings.ToLower(strings.TrimSpace(cs))
		if cs == "" || cs == "us-ascii" || cs == "utf-8" {
			return
		}
		for _, c := range out {
			if c == cs {
				return
			}
		}
		out = append(out, cs)
	}
	add(m.Param("charset"))
	for _, p := range m.Parts {
		add(p.Params["charset"])
	}
	return out
}

// convertUnlabelled returns s converted to UTF-8 from the first charset,
// of those m declares and then legacyCharsets, in whose conversion found
// holds, and true; or s and false when s needs no conversion or found
// holds in none.
func convertUnlabelled(m *dsn.Message, s string, found func(string) bool) (string, bool) {
	if !unconverted(s) {
		return s, false
	}
	tried := map[string]bool{}
	for _, l := range [][]string{declaredCharsets(m), legacyCharsets} {
		for _, cs := range l {
			if tried[cs] {
				continue
			}
			tried[cs] = true
			if t, ok := convertCharset(cs, s); ok && found(t) {
				return t, true
			}
		}
	}
	return s, false
}
