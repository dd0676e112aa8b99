package dsn

import (
	"strconv"
	"strings"
)

// recipientValue returns the address of a Final-Recipient,
// Original-Recipient or X-Actual-Recipient value, without its type. An
// address of the "utf-8" type (RFC 6533 section 3) may spell a non-ASCII
// character as an embedded-unicode-char, "\x{" HEXPOINT "}": in a
// message/delivery-status part it must (utf-8-addr-xtext), in a
// message/global-delivery-status part it may (utf-8-addr-unitext). Those
// are decoded here, so that the address reads as the recipient was
// written ("j\x{F6}rg@example.org" is jörg@example.org).
func recipientValue(v string) string {
	typ, v := SplitTyped(v)
	if strings.EqualFold(typ, "utf-8") && strings.Contains(v, `\x{`) {
		return decodeEmbeddedUnicode(v)
	}
	return v
}

// decodeEmbeddedUnicode replaces each "\x{HEXPOINT}" of s (RFC 6533
// section 3: 2 to 6 upper-case hex digits naming a Unicode scalar value;
// lower case is accepted here) by its character. A sequence that is not
// one (no closing brace, not hex, a surrogate or out of range) is kept as
// it came.
func decodeEmbeddedUnicode(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, `\x{`)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		rest := s[i+3:]
		j := strings.IndexByte(rest, '}')
		if j >= 2 && j <= 6 {
			if n, err := strconv.ParseUint(rest[:j], 16, 32); err == nil && n <= 0x10FFFF && (n < 0xD800 || n > 0xDFFF) {
				b.WriteRune(rune(n))
				s = rest[j+1:]
				continue
			}
		}
		b.WriteString(`\x{`)
		s = rest
	}
}
