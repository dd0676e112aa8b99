package dsn

import (
	"bytes"
	"io"
	"mime"
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"

	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// ParseFields reads header-like fields in groups separated by blank
// lines, as in a message/delivery-status body (RFC 3464 section 2.1) or a
// message/feedback-report body. It is lenient: folded lines are unfolded,
// a line without a colon is a continuation of the field before it, and
// nothing in the input is fatal. It stops after maxGroups groups.
//
// The text it reads is converted to a string once: names and values are
// substrings of it (a folded value is joined, a name not in canonical
// form rewritten), the fields of every group share one array.
func ParseFields(b []byte, maxGroups int) []Fields { return parseFields(b, maxGroups) }

// ParseFieldsText is ParseFields for a text held as a string: the names
// and values are substrings of it, nothing copied but folded values.
func ParseFieldsText(s string, maxGroups int) []Fields { return parseFields(s, maxGroups) }

func parseFields[T string | []byte](b T, maxGroups int) []Fields {
	end, nGroups, nFields := fieldsExtent(b, maxGroups)
	if nFields == 0 {
		return nil
	}
	text := string(b[:end])
	groups := make([]Fields, 0, nGroups)
	all := make([]Field, 0, nFields)
	first := 0 // the current group's first field in all
	// The current field's folded pieces, joined once when it ends: joining
	// line by line would be quadratic in a long run of continuation lines.
	var pieces []string
	endField := func() {
		if n := len(all); n > first && len(pieces) > 0 {
			var b strings.Builder
			size := len(all[n-1].Value)
			for _, p := range pieces {
				size += 1 + len(p)
			}
			b.Grow(size)
			b.WriteString(all[n-1].Value)
			for _, p := range pieces {
				if b.Len() > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(p)
			}
			all[n-1].Value = b.String()
		}
		pieces = pieces[:0]
	}
	flush := func() {
		endField()
		if len(all) > first {
			groups = append(groups, all[first:len(all):len(all)])
			first = len(all)
		}
	}
	for off := 0; off < len(text); {
		line := text[off:]
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
			off += i + 1
		} else {
			off = len(text)
		}
		line = strings.TrimRight(line, "\r")
		colon, kind := fieldLine(line)
		switch kind {
		case blankLine:
			flush()
			if len(groups) >= maxGroups {
				return groups
			}
		case continuationLine:
			// A folded line, or a wrapped line without indentation.
			if len(all) > first {
				if p := strings.TrimSpace(line); p != "" {
					pieces = append(pieces, p)
				}
			}
		default:
			endField()
			all = append(all, Field{Name: CanonicalFieldName(strings.TrimSpace(line[:colon])), Value: strings.TrimSpace(line[colon+1:])})
		}
	}
	flush()
	return groups
}

// The kinds of line ParseFields reads.
const (
	blankLine = iota
	continuationLine
	fieldStartLine
)

// fieldLine says what a line is to ParseFields, and where its colon is.
func fieldLine[T string | []byte](line T) (int, int) {
	if isBlank(line) {
		return -1, blankLine
	}
	colon := -1
	for i := 0; i < len(line); i++ {
		if line[i] == ':' {
			colon = i
			break
		}
	}
	if line[0] == ' ' || line[0] == '\t' || colon <= 0 {
		return colon, continuationLine
	}
	for i := 0; i < colon; i++ {
		if line[i] == ' ' || line[i] == '\t' {
			if !ValidFieldName(bytes.TrimSpace([]byte(line[:colon]))) {
				return colon, continuationLine
			}
			break
		}
	}
	return colon, fieldStartLine
}

// isBlank reports whether line is white space only (Unicode's, as
// bytes.TrimSpace has it).
func isBlank[T string | []byte](line T) bool {
	for i := 0; i < len(line); {
		c := line[i]
		if c < utf8.RuneSelf {
			if c != ' ' && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(string(line[i:min(i+utf8.UTFMax, len(line))]))
		if !unicode.IsSpace(r) {
			return false
		}
		i += n
	}
	return true
}

// fieldsExtent returns how much of b ParseFields reads for maxGroups
// groups, how many groups and how many fields it finds there.
func fieldsExtent[T string | []byte](b T, maxGroups int) (end, groups, fields int) {
	open := false // the current group has a field
	for off := 0; off < len(b); {
		line := b[off:]
		if i := indexByte(line, '\n'); i >= 0 {
			line = line[:i]
			off += i + 1
		} else {
			off = len(b)
		}
		for len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
		switch _, kind := fieldLine(line); kind {
		case blankLine:
			if open {
				groups++
				open = false
				if groups >= maxGroups {
					return off, groups, fields
				}
			}
		case fieldStartLine:
			open = true
			fields++
		}
	}
	if open {
		groups++
	}
	return len(b), groups, fields
}

// indexByte is strings.IndexByte or bytes.IndexByte.
func indexByte[T string | []byte](b T, c byte) int {
	switch v := any(b).(type) {
	case string:
		return strings.IndexByte(v, c)
	case []byte:
		return bytes.IndexByte(v, c)
	}
	return -1
}

// ValidFieldName reports whether b is a valid header field name: printable
// ASCII without white space or a colon (RFC 5322 section 2.2).
func ValidFieldName(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c <= ' ' || c >= 0x7f || c == ':' {
			return false
		}
	}
	return true
}

// CanonicalFieldName returns the canonical form of a field name:
// "final-recipient" becomes "Final-Recipient".
func CanonicalFieldName(s string) string {
	upper := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if upper && c >= 'a' && c <= 'z' || !upper && c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				c := b[j]
				if upper && c >= 'a' && c <= 'z' {
					b[j] = c - 'a' + 'A'
				} else if !upper && c >= 'A' && c <= 'Z' {
					b[j] = c - 'A' + 'a'
				}
				upper = b[j] == '-'
			}
			return string(b)
		}
		upper = c == '-'
	}
	return s
}

// SplitTyped splits a typed field value such as "rfc822; user@example.org"
// or "smtp; 550 5.1.1 ..." into its type and its value. A value without a
// type comes back with an empty type.
func SplitTyped(v string) (typ, val string) {
	i := strings.IndexByte(v, ';')
	if i < 0 {
		return "", mailtext.TrimSpace(v)
	}
	typ = mailtext.TrimSpace(v[:i])
	if typ == "" || strings.ContainsAny(typ, " \t<@") {
		return "", mailtext.TrimSpace(v)
	}
	return typ, mailtext.TrimSpace(v[i+1:])
}

// wordDecoder decodes RFC 2047 words in the charsets go-message knows.
// Its readers copy themselves out through a small buffer: mime's decoder
// copies a word's bytes with io.Copy, which would take 32 KiB for each.
// A word in a charset mailtext.CharsetDecoder knows is converted in
// memory, without a charset.Reader's 8 KiB of buffers.
var wordDecoder = mime.WordDecoder{CharsetReader: func(cs string, in io.Reader) (io.Reader, error) {
	if dec := mailtext.CharsetDecoder(cs); dec != nil {
		src, err := io.ReadAll(in)
		if err != nil {
			return nil, err
		}
		b, err := mailtext.DecodeCharset(dec, src)
		if err != nil {
			return nil, err
		}
		return bytes.NewReader(b), nil
	}
	r, err := charset.Reader(cs, in)
	if err != nil {
		return nil, err
	}
	return smallCopyReader{r}, nil
}}

// smallCopyReader is a reader that writes itself out (io.WriterTo)
// through a 512-byte buffer.
type smallCopyReader struct{ r io.Reader }

func (s smallCopyReader) Read(p []byte) (int, error) { return s.r.Read(p) }

func (s smallCopyReader) WriteTo(w io.Writer) (int64, error) {
	var buf [512]byte
	return io.CopyBuffer(w, struct{ io.Reader }{s.r}, buf[:])
}

// decodeWords decodes RFC 2047 encoded words; on error the text comes back as it was.
func decodeWords(s string) string {
	if !strings.Contains(s, "=?") {
		return s
	}
	d, err := wordDecoder.DecodeHeader(s)
	if err != nil {
		return s
	}
	return d
}

// Address extracts the bare address (local@domain) from a header value or
// a Final-Recipient value, lower-casing nothing. It accepts "Name <a@b>",
// "<a@b>", "a@b (comment)" and the malformed variants seen in bounces. It
// returns "" when the value holds no address.
func Address(v string) string {
	v = mailtext.TrimSpace(v)
	if v == "" {
		return ""
	}
	// A bare address needs no parser.
	if strings.IndexByte(v, '@') > 0 && !strings.ContainsAny(v, " \t<>()\",;:\\[]") {
		return strings.TrimRight(v, ".")
	}
	// Nor does the common "Name <local@domain>" with a plain name.
	if i := strings.IndexByte(v, '<'); i >= 0 && v[len(v)-1] == '>' && !strings.ContainsAny(v[:i], "\"(),;:<>@\\") {
		if a := v[i+1 : len(v)-1]; strings.IndexByte(a, '@') > 0 && !strings.ContainsAny(a, " \t<>()\",;:\\[]") {
			return a
		}
	}
	if a, err := mail.ParseAddress(v); err == nil && a.Address != "" {
		return a.Address
	}
	if i := strings.IndexByte(v, '<'); i >= 0 {
		if j := strings.IndexByte(v[i:], '>'); j > 0 {
			if s := mailtext.TrimSpace(v[i+1 : i+j]); strings.Contains(s, "@") {
				return strings.Trim(s, "'\"")
			}
		}
	}
	at := strings.IndexByte(v, '@')
	if at <= 0 {
		return ""
	}
	start := at
	for start > 0 && !strings.ContainsRune(" \t<>()[]\",;:'", rune(v[start-1])) {
		start--
	}
	end := at + 1
	for end < len(v) && !strings.ContainsRune(" \t<>()[]\",;:'", rune(v[end])) {
		end++
	}
	addr := strings.TrimRight(v[start:end], ".")
	if start == at || end == at+1 {
		return ""
	}
	return addr
}

// DomainOf returns the domain of an address (what follows its last "@"),
// lower-case, or "" when it has none.
func DomainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return strings.ToLower(addr[i+1:])
	}
	return ""
}

// ParseDate parses a date as mail headers and report fields write it,
// trying RFC 5322 first and then the variants seen in bounces. It returns
// the zero time when nothing fits.
func ParseDate(v string) time.Time {
	v = mailtext.TrimSpace(v)
	if v == "" {
		return time.Time{}
	}
	if t, ok := parseMailDate(v); ok {
		return t
	}
	if t, err := mail.ParseDate(v); err == nil {
		return t
	}
	// Drop a trailing comment such as "(JST)" and retry.
	if i := strings.IndexByte(v, '('); i > 0 {
		if t, err := mail.ParseDate(mailtext.TrimSpace(v[:i])); err == nil {
			return t
		}
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return t
		}
	}
	return time.Time{}
}

var dateLayouts = []string{
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04:05 -0700 (MST)",
	"2 Jan 2006 15:04:05 -0700",
	"Mon Jan 2 15:04:05 2006",
	"Mon Jan 2 15:04:05 MST 2006",
	"Mon, 2 Jan 2006 15:04:05",
	time.RFC3339,
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
}

// parseMailDate parses the RFC 5322 date-time form without allocating
// (net/mail.ParseDate tries its layouts one by one, allocating an error
// for each miss): "[Day,] D Mon YYYY HH:MM[:SS] zone [(comment)]", with
// the obsolete two-digit years and named zones of RFC 5322 section 4.3.
func parseMailDate(s string) (time.Time, bool) {
	var f [8]string
	n := 0
	for i := 0; i < len(s) && n < len(f); {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == ',') {
			i++
		}
		if i >= len(s) || s[i] == '(' {
			break
		}
		j := i
		for j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != ',' {
			j++
		}
		f[n] = s[i:j]
		n++
		i = j
	}
	k := 0
	if k < n && len(f[k]) > 0 && mailtext.IsLetter(f[k][0]) {
		k++ // the day of the week
	}
	if n-k < 5 {
		return time.Time{}, false
	}
	day, ok1 := atoiSmall(f[k])
	mon := monthOf(f[k+1])
	year, ok2 := atoiSmall(f[k+2])
	if !ok1 || !ok2 || mon == 0 || day < 1 || day > 31 {
		return time.Time{}, false
	}
	switch {
	case len(f[k+2]) == 2 && year < 50:
		year += 2000
	case len(f[k+2]) == 2 || len(f[k+2]) == 3:
		year += 1900
	case len(f[k+2]) != 4:
		return time.Time{}, false
	}
	hh, mm, ss, ok := clockOf(f[k+3])
	if !ok {
		return time.Time{}, false
	}
	off, ok := zoneOf(f[k+4])
	if !ok {
		return time.Time{}, false
	}
	loc := time.UTC
	if off != 0 {
		loc = time.FixedZone("", off)
	}
	return time.Date(year, mon, day, hh, mm, ss, 0, loc), true
}

func atoiSmall(s string) (int, bool) {
	if s == "" || len(s) > 4 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if !mailtext.IsDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func monthOf(s string) time.Month {
	if len(s) < 3 {
		return 0
	}
	switch strings.ToLower(s[:3]) {
	case "jan":
		return time.January
	case "feb":
		return time.February
	case "mar":
		return time.March
	case "apr":
		return time.April
	case "may":
		return time.May
	case "jun":
		return time.June
	case "jul":
		return time.July
	case "aug":
		return time.August
	case "sep":
		return time.September
	case "oct":
		return time.October
	case "nov":
		return time.November
	case "dec":
		return time.December
	}
	return 0
}

// clockOf parses HH:MM or HH:MM:SS.
func clockOf(s string) (h, m, sec int, ok bool) {
	parts := [3]int{}
	n := 0
	for _, p := range strings.SplitN(s, ":", 3) {
		v, good := atoiSmall(p)
		if !good || len(p) > 2 {
			return 0, 0, 0, false
		}
		parts[n] = v
		n++
	}
	if n < 2 || parts[0] > 23 || parts[1] > 59 || parts[2] > 60 {
		return 0, 0, 0, false
	}
	return parts[0], parts[1], parts[2], true
}

// zoneOf returns a zone's offset in seconds: "+0900", "-0800", or the
// names of RFC 5322 section 4.3.
func zoneOf(s string) (int, bool) {
	if len(s) == 5 && (s[0] == '+' || s[0] == '-') {
		hh, ok1 := atoiSmall(s[1:3])
		mm, ok2 := atoiSmall(s[3:5])
		if !ok1 || !ok2 || mm > 59 {
			return 0, false
		}
		off := hh*3600 + mm*60
		if s[0] == '-' {
			off = -off
		}
		return off, true
	}
	switch strings.ToUpper(s) {
	case "UT", "UTC", "GMT", "Z":
		return 0, true
	case "EST":
		return -5 * 3600, true
	case "EDT":
		return -4 * 3600, true
	case "CST":
		return -6 * 3600, true
	case "CDT":
		return -5 * 3600, true
	case "MST":
		return -7 * 3600, true
	case "MDT":
		return -6 * 3600, true
	case "PST":
		return -8 * 3600, true
	case "PDT":
		return -7 * 3600, true
	case "JST":
		return 9 * 3600, true
	}
	return 0, false
}
