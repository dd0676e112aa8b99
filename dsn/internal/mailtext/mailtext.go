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
	"unicode"
	"unicode/utf8"
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

// FoldSpace collapses every run of white space in s (Unicode's, as
// strings.Fields has it: a no-break or ideographic space counts) into one
// space and removes it from both ends: the text of a folded or wrapped
// line as one line.
func FoldSpace(s string) string {
	if isFolded(s) {
		return s
	}
	return foldSpace(s)
}

func foldSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if asciiSpace[c] {
				pending = b.Len() > 0
				continue
			}
			if pending {
				b.WriteByte(' ')
				pending = false
			}
			b.WriteByte(c)
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			pending = b.Len() > 0
			i += n
			continue
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		b.WriteString(s[i : i+n])
		i += n
	}
	return b.String()
}

// isFolded reports whether FoldSpace would return s as it is: no white
// space at either end, none but single spaces inside.
func isFolded(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiSpace[c] && (c != ' ' || i == 0 || i == len(s)-1 || s[i-1] == ' ') {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return false
		}
		i += n
	}
	return true
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// Truncate returns s cut to at most n bytes without cutting a character
// in half: when byte n falls inside a (valid) UTF-8 sequence, the cut is
// made before the sequence. Bytes that are not UTF-8 are cut where they
// stand.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	// Look back for the first byte of the character byte n belongs to.
	for i := n; i > n-utf8.UTFMax && i >= 0; i-- {
		if !utf8.RuneStart(s[i]) {
			continue
		}
		if r, size := utf8.DecodeRuneInString(s[i:]); r != utf8.RuneError && i+size > n {
			return s[:i]
		}
		break
	}
	return s[:n]
}

// LowerASCII returns s with its ASCII letters lower-cased and every other
// byte as it is, so that an index into the result is an index into s. It
// returns s itself when s has no upper-case ASCII letter.
func LowerASCII(s string) string {
	i := 0
	for i < len(s) && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if c := b[i]; c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// lowerByte lower-cases an ASCII letter and returns any other byte as it is.
func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// HasPrefixFold reports whether s starts with prefix, ignoring ASCII case.
func HasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if lowerByte(s[i]) != lowerByte(prefix[i]) {
			return false
		}
	}
	return true
}

// IndexFold returns the index of the first instance of substr in s,
// ignoring ASCII case, or -1. Other bytes compare exactly, so the index is
// valid in s whatever its encoding.
func IndexFold[T string | []byte](s T, substr string) int {
	// substr is folded byte by byte as it is compared, not copied lower-
	// cased first: callers pass the same phrases again and again.
	needle := substr
	n := len(needle)
	if n == 0 {
		return 0
	}
	// Candidates are found with IndexByte, for the first byte in either
	// case; next[k] is the next index of first[k] at or after i, -1 for
	// none left, -2 for not looked for yet.
	first := [2]byte{lowerByte(needle[0]), lowerByte(needle[0])}
	if first[0] >= 'a' && first[0] <= 'z' {
		first[1] -= 'a' - 'A'
	}
	next := [2]int{-2, -2}
	for i := 0; i+n <= len(s); {
		j := -1
		for k := range first {
			if next[k] == -2 || next[k] >= 0 && next[k] < i {
				next[k] = indexByteFrom(s, first[k], i)
			}
			if next[k] >= 0 && (j < 0 || next[k] < j) {
				j = next[k]
			}
		}
		if j < 0 || j+n > len(s) {
			return -1
		}
		m := 1
		for m < n && lowerByte(s[j+m]) == lowerByte(needle[m]) {
			m++
		}
		if m == n {
			return j
		}
		i = j + 1
	}
	return -1
}

// indexByteFrom returns the index of the first c in s at or after from,
// or -1.
func indexByteFrom[T string | []byte](s T, c byte, from int) int {
	var i int
	switch v := any(s[from:]).(type) {
	case string:
		i = strings.IndexByte(v, c)
	case []byte:
		i = bytes.IndexByte(v, c)
	}
	if i < 0 {
		return -1
	}
	return from + i
}

// ContainsFold reports whether substr is in s, ignoring ASCII case.
func ContainsFold(s, substr string) bool { return IndexFold(s, substr) >= 0 }

// IndexFoldAny returns the index of the earliest instance in s of any of
// substrs, ignoring ASCII case, and the length of the one found; -1 and 0
// when none is in s.
func IndexFoldAny(s string, substrs ...string) (int, int) {
	best, n := -1, 0
	for _, sub := range substrs {
		if i := IndexFold(s, sub); i >= 0 && (best < 0 || i < best) {
			best, n = i, len(sub)
		}
	}
	return best, n
}

// Paragraphs splits text into its paragraphs, at most max of them: runs
// of lines that are not blank (white space only), each line without its
// trailing white space, joined with LF. A paragraph none of whose lines
// but the last had trailing white space is a substring of text, not a
// copy.
func Paragraphs(text string, max int) []string {
	var out []string
	var cur strings.Builder
	// The open paragraph is text[start:end] while whole, cur otherwise.
	start, end := 0, 0
	open, whole := false, false
	for pos := 0; pos < len(text) && len(out) < max; {
		line, next := text[pos:], len(text)
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line, next = line[:i], pos+i+1
		}
		line = strings.TrimRight(line, " \t\r")
		switch {
		case TrimSpace(line) == "":
			if open {
				out = appendParagraph(out, text[start:end], &cur, whole)
				open = false
			}
		case !open:
			start, end, open, whole = pos, pos+len(line), true, true
		case whole && end == pos-1: // the line before was whole: still one run of text
			end = pos + len(line)
		default:
			if whole {
				cur.WriteString(text[start:end])
				whole = false
			}
			cur.WriteByte('\n')
			cur.WriteString(line)
		}
		pos = next
	}
	if open && len(out) < max {
		out = appendParagraph(out, text[start:end], &cur, whole)
	}
	return out
}

// appendParagraph appends the paragraph that ends to out: run when it is
// whole, else what cur holds (and empties cur).
func appendParagraph(out []string, run string, cur *strings.Builder, whole bool) []string {
	if whole {
		return append(out, run)
	}
	out = append(out, cur.String())
	cur.Reset()
	return out
}

// NormalizeLineEndsInPlace is NormalizeLineEnds rewriting b itself, whose
// result is never longer.
func NormalizeLineEndsInPlace(b []byte) []byte {
	i := bytes.IndexByte(b, '\r')
	if i < 0 {
		return b
	}
	j := i
	for ; i < len(b); i++ {
		c := b[i]
		if c == '\r' {
			c = '\n'
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
		}
		b[j] = c
		j++
	}
	return b[:j]
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
