// Package mailtext holds the byte-level text helpers that package dsn and
// its format decoders (dsn/lhost) share: ASCII case folding that keeps
// byte offsets valid whatever the encoding, white space as mail writes it,
// and line ends.
//
// Bounces arrive in every charset and often in none (invalid UTF-8, a
// Latin-1 text labelled US-ASCII). Unicode case mapping can change a
// string's length, so an index found in strings.ToLower(s) may point into
// the middle of a character of s, or past its end. The helpers here fold
// only ASCII letters and compare every other byte exactly, so an index
// they return is an index into s.
package mailtext

import (
	"bytes"
	"strings"
)

// IsSpace reports whether c is white space as mail text writes it: space,
// tab, CR or LF.
func IsSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// IsDigit reports whether c is an ASCII digit.
func IsDigit(c byte) bool { return c >= '0' && c <= '9' }

// IsLetter reports whether c is an ASCII letter.
func IsLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// TrimSpace returns s without leading and trailing white space (IsSpace).
func TrimSpace(s string) string {
	for len(s) > 0 && IsSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && IsSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// HasPrefixFold reports whether s starts with prefix, ignoring case.
func HasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// IndexFold is the index of needle in s ignoring ASCII case, or -1;
// needle must be lower-case. Other bytes compare exactly, so the index is
// valid in s whatever its encoding.
func IndexFold[T string | []byte](s T, needle string) int {
	if len(needle) == 0 {
		return 0
	}
	first := needle[0]
	for i := 0; i+len(needle) <= len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != first {
			continue
		}
		j := 1
		for ; j < len(needle); j++ {
			c := s[i+j]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != needle[j] {
				break
			}
		}
		if j == len(needle) {
			return i
		}
	}
	return -1
}

// NormalizeLineEnds turns CRLF and lone CR line ends into LF. It returns b
// itself when there is no CR in it.
func NormalizeLineEnds(b []byte) []byte {
	i := bytes.IndexByte(b, '\r')
	if i < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	out = append(out, b[:i]...)
	for ; i < len(b); i++ {
		c := b[i]
		if c != '\r' {
			out = append(out, c)
			continue
		}
		out = append(out, '\n')
		if i+1 < len(b) && b[i+1] == '\n' {
			i++
		}
	}
	return out
}
