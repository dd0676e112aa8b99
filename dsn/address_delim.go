package dsn

import (
	"unicode"
	"unicode/utf8"
)

// Where an address named in a notice's prose begins and ends. An 8-bit
// byte next to an address may belong to it (RFC 6531 allows UTF-8 in both
// parts: "用户@例子.广告"), but the punctuation that Chinese and Japanese
// notices write around an address, with no space, does not: full-width
// quotation marks (gromox's "您发送到“ADDR”的邮件", data/local_bounce/gb2312),
// the full-width colon of a label ("收件人：ADDR", "宛先：ADDR"), corner
// brackets, ideographic commas and stops. A letter (Han, kana, Hangul,
// accented Latin) still continues the address, as does a byte that is not
// UTF-8.

// addressContinuesBefore reports whether the byte before p[k] belongs to
// an address that goes on into p[k:].
func addressContinuesBefore(p string, k int) bool {
	if k == 0 {
		return false
	}
	if c := p[k-1]; c < utf8.RuneSelf {
		return isAddressByte(c)
	}
	r, _ := utf8.DecodeLastRuneInString(p[:k])
	return !isProseDelimiter(r)
}

// addressContinuesAt reports whether p[i] belongs to an address that
// reaches it from the left.
func addressContinuesAt(p string, i int) bool {
	if c := p[i]; c < utf8.RuneSelf {
		return isAddressByte(c)
	}
	r, _ := utf8.DecodeRuneInString(p[i:])
	return !isProseDelimiter(r)
}

// isProseDelimiter reports whether r is punctuation, a symbol or white
// space: a character that ends an address in prose. utf8.RuneError (a
// byte that is not UTF-8, or the middle of a character) is not.
func isProseDelimiter(r rune) bool {
	if r == utf8.RuneError {
		return false
	}
	return unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r)
}
