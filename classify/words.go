package classify

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// Diagnostic texts and the phrases of the text tables are read as words,
// so that a phrase matches on word boundaries whatever the punctuation,
// white space, line folding, letter case or character width around it:
//
//   - a word is a run of letters and digits, folded: full-width forms to
//     their ASCII (and half-width kana to their full-width) form, upper
//     to lower case, and Latin, Greek and Cyrillic letters to their base
//     letter ("Boîte" and "boite" are one word, as are "ё" and "е");
//     combining marks are dropped;
//   - each Han, Hiragana, Katakana or Hangul character is a word of its
//     own, since those scripts do not separate words by spaces;
//   - everything else separates words;
//   - an e-mail address is one word, "@", whatever its parts: the words
//     of "<filtered@example.com>" are not the word "filtered";
//   - the codes an MTA puts in front of or inside a reply are not words:
//     an enhanced status code ("5.7.1", "#5.1.1") and a reply code that
//     starts a continuation line or precedes a status code ("550-",
//     "550 5.1.1"). So "550-5.7.1 The user 550-5.7.1 does not exist"
//     reads "the user does not exist".
//
// Phrases are read the same way, so a table row and a reply that differ
// only in those respects match.

// maxScanBytes bounds the diagnostic text read per fact. An SMTP reply
// line is at most 512 bytes (RFC 5321 section 4.5.3.1.5) and the longest
// diagnostic of the bundled corpus is under 1 KiB; 8 KiB holds a long
// multi-line reply with room to spare, and keeps a hostile 1 MiB text
// from costing more than a long reply.
const maxScanBytes = 8 << 10

// maxGap is the most words a '*' in a phrase stands for.
const maxGap = 8

// foldRune folds one non-ASCII rune: width, case, then accents.
func foldRune(r rune) rune {
	if r < 0x500 {
		return foldTable[r]
	}
	switch p := width.LookupRune(r); p.Kind() {
	case width.EastAsianFullwidth:
		if n := p.Narrow(); n != 0 {
			r = n
		}
	case width.EastAsianHalfwidth:
		if w := p.Wide(); w != 0 {
			r = w
		}
	}
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	if r < 0x500 {
		return foldTable[r]
	}
	return unicode.ToLower(r)
}

// voiced composes a kana with the (semi-)voiced sound mark that follows
// it in rest, half-width (ﾄﾞ) or combining (ト\u3099), into the
// precomposed kana (ド), as NFKC does. It returns the kana and the bytes
// of rest the mark took, 0 if there was none to compose.
func voiced(r rune, rest string) (rune, int) {
	m, n := utf8.DecodeRuneInString(rest)
	switch m {
	case 0xFF9E, 0x3099:
		m = 0x3099
	case 0xFF9F, 0x309A:
		m = 0x309A
	default:
		return r, 0
	}
	c := norm.NFC.String(string([]rune{r, m}))
	if v, size := utf8.DecodeRuneInString(c); size == len(c) {
		return v, n
	}
	return r, 0
}

// isIdeographic reports whether r is written without spaces between
// words, so that each character is a word of its own.
func isIdeographic(r rune) bool {
	if r < 0x1100 {
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

func isASCIIWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// wordFunc receives each word of a text: its folded bytes (valid only
// during the call) and the byte offsets of its first and past-last
// characters in the text. A '*' standing alone in a phrase is passed as
// the word "*" (gap words are only asked for when reading phrases).
type wordFunc func(w []byte, start, end int)

// eachWord calls fn with the words of text, using buf to fold them, and
// returns buf for reuse. With gaps, a '*' that is not part of a word is
// reported as the word "*"; a '*' touching a letter or digit is then
// reported as the word "**" so that the caller can refuse the phrase.
func eachWord(text string, buf []byte, gaps bool, fn wordFunc) []byte {
	start := -1 // start of the word being read, -1 between words
	flush := func(end int) {
		if start >= 0 {
			fn(buf, start, end)
			buf, start = buf[:0], -1
		}
	}
	buf = buf[:0]
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case isASCIIWordByte(c):
				if start < 0 {
					if n := codeAt(text, i); n > 0 {
						i += n
						continue
					}
					if n := addressAt(text, i); n > 0 {
						fn(addressWord, i, i+n)
						i += n
						continue
					}
					start = i
				}
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				buf = append(buf, c)
			case c == '*' && gaps:
				glued := start >= 0 || i+1 < len(text) && isASCIIWordByte(text[i+1])
				flush(i)
				if glued {
					fn([]byte("**"), i, i+1)
				} else {
					fn([]byte("*"), i, i+1)
				}
			default:
				flush(i)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		r = foldRune(r)
		switch {
		case isIdeographic(r):
			flush(i)
			end := i + size
			if v, n := voiced(r, text[end:]); n > 0 {
				r, end = v, end+n
			}
			buf = utf8.AppendRune(buf, r)
			fn(buf, i, end)
			buf = buf[:0]
			i = end
			continue
		case unicode.IsMark(r):
			// Dropped: a decomposed accent folds as its precomposed form does.
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
			buf = utf8.AppendRune(buf, r)
		default:
			flush(i)
		}
		i += size
	}
	flush(len(text))
	return buf
}

// codeAt returns the length of the SMTP code that starts at text[i], 0 if
// none: an enhanced status code (RFC 3463: class 2, 4 or 5, then subject
// and detail of up to three digits each), or a reply code (RFC 5321: three
// digits, the first 2, 4 or 5) followed by '-' (a continuation line) or
// by white space and a status code. The status code is not part of a
// longer run of digits and dots (an IP address, a version number).
func codeAt(text string, i int) int {
	if i > 0 && (text[i-1] == '.' || isDigitByte(text[i-1])) {
		return 0
	}
	if n := statusAt(text, i); n > 0 {
		return n
	}
	if i+3 > len(text) || !isClassDigit(text[i]) || !isDigitByte(text[i+1]) || !isDigitByte(text[i+2]) {
		return 0
	}
	j := i + 3
	if j < len(text) && text[j] == '-' {
		return j + 1 - i
	}
	k := j
	for k < len(text) && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r' || text[k] == '\n') {
		k++
	}
	if k == j {
		return 0
	}
	if n := statusAt(text, k); n > 0 {
		return k + n - i
	}
	return 0
}

// addressWord is the word an e-mail address reads as.
var addressWord = []byte("@")

// addressAt returns the length of the e-mail address that starts at
// text[i], 0 if none: a local part of letters, digits and "._%+-=", an
// '@', and a domain of letters, digits, '.' and '-' (ASCII only; a
// trailing dot is not part of it).
func addressAt(text string, i int) int {
	j := i
	for j < len(text) && (isASCIIWordByte(text[j]) || strings.IndexByte("._%+-=", text[j]) >= 0) {
		j++
	}
	if j == i || j+1 >= len(text) || text[j] != '@' || !isASCIIWordByte(text[j+1]) {
		return 0
	}
	k := j + 1
	for k < len(text) && (isASCIIWordByte(text[k]) || text[k] == '.' || text[k] == '-') {
		k++
	}
	for k > j+1 && text[k-1] == '.' {
		k--
	}
	return k - i
}

// statusAt returns the length of the enhanced status code at text[i], 0 if none.
func statusAt(text string, i int) int {
	if i+5 > len(text) || !isClassDigit(text[i]) || text[i+1] != '.' {
		return 0
	}
	j := digitsAt(text, i+2)
	if j == i+2 || j-(i+2) > 3 || j >= len(text) || text[j] != '.' {
		return 0
	}
	k := digitsAt(text, j+1)
	if k == j+1 || k-(j+1) > 3 {
		return 0
	}
	if k < len(text) && (isDigitByte(text[k]) || text[k] == '.' && k+1 < len(text) && isDigitByte(text[k+1])) {
		return 0
	}
	return k - i
}

func digitsAt(text string, i int) int {
	for i < len(text) && isDigitByte(text[i]) {
		i++
	}
	return i
}

func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }

func isClassDigit(c byte) bool { return c == '2' || c == '4' || c == '5' }
