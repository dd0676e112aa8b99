package dsn

import (
	"bytes"
	"mime"
	"net/mail"
	"strings"
	"time"

	"github.com/emersion/go-message/charset"
)

// parseFieldGroups reads header-like fields in groups separated by blank
// lines, as in a message/delivery-status body (RFC 3464 section 2.1) or a
// message/feedback-report body. It is lenient: folded lines are unfolded,
// a line without a colon is a continuation of the field before it, and
// nothing in the input is fatal. It stops after maxGroups groups.
func parseFieldGroups(b []byte, maxGroups int) []Fields {
	var groups []Fields
	var cur Fields
	flush := func() {
		if len(cur) > 0 {
			groups = append(groups, cur)
			cur = nil
		}
	}
	for len(b) > 0 {
		var line []byte
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			line, b = b, nil
		}
		line = bytes.TrimRight(line, "\r")
		if len(bytes.TrimSpace(line)) == 0 {
			flush()
			if len(groups) >= maxGroups {
				return groups
			}
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			if n := len(cur); n > 0 {
				cur[n-1].Value = joinFolded(cur[n-1].Value, string(bytes.TrimSpace(line)))
			}
			continue
		}
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 || bytes.IndexAny(line[:colon], " \t") >= 0 && !validFieldName(bytes.TrimSpace(line[:colon])) {
			// Not a field: a wrapped line without indentation.
			if n := len(cur); n > 0 {
				cur[n-1].Value = joinFolded(cur[n-1].Value, string(bytes.TrimSpace(line)))
			}
			continue
		}
		name := string(bytes.TrimSpace(line[:colon]))
		cur = append(cur, Field{Name: canonicalName(name), Value: string(bytes.TrimSpace(line[colon+1:]))})
	}
	flush()
	return groups
}

func validFieldName(b []byte) bool {
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

func joinFolded(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + " " + b
}

// canonicalName returns the canonical form of a field name:
// "final-recipient" becomes "Final-Recipient".
func canonicalName(s string) string {
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

// splitTyped splits a typed field value such as "rfc822; user@example.org"
// or "smtp; 550 5.1.1 ..." into its type and its value. A value without a
// type comes back with an empty type.
func splitTyped(v string) (typ, val string) {
	i := strings.IndexByte(v, ';')
	if i < 0 {
		return "", trimSpace(v)
	}
	typ = trimSpace(v[:i])
	if typ == "" || strings.ContainsAny(typ, " \t<@") {
		return "", trimSpace(v)
	}
	return typ, trimSpace(v[i+1:])
}

var wordDecoder = mime.WordDecoder{CharsetReader: charset.Reader}

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
	v = trimSpace(v)
	if v == "" {
		return ""
	}
	if a, err := mail.ParseAddress(v); err == nil && a.Address != "" {
		return a.Address
	}
	if i := strings.IndexByte(v, '<'); i >= 0 {
		if j := strings.IndexByte(v[i:], '>'); j > 0 {
			if s := trimSpace(v[i+1 : i+j]); strings.Contains(s, "@") {
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

// ParseDate parses a date as mail headers and report fields write it,
// trying RFC 5322 first and then the variants seen in bounces. It returns
// the zero time when nothing fits.
func ParseDate(v string) time.Time {
	v = trimSpace(v)
	if v == "" {
		return time.Time{}
	}
	if t, err := mail.ParseDate(v); err == nil {
		return t
	}
	// Drop a trailing comment such as "(JST)" and retry.
	if i := strings.IndexByte(v, '('); i > 0 {
		if t, err := mail.ParseDate(trimSpace(v[:i])); err == nil {
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
