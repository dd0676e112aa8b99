package dsn

import (
	"bytes"
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// originalTypes are the media types of a returned message or its header.
var originalTypes = []string{
	"message/rfc822",           // RFC 3462 section 2: the returned message
	"message/global",           // RFC 6532 section 3.7
	"text/rfc822-headers",      // RFC 6522 section 4: its header only
	"message/global-headers",   // RFC 6533 section 6.3
	"text/rfc822-header",       // a misspelling seen in the wild
	"message/rfc822-headers",   // likewise
	"message/partial",          // rarely, a truncated original
	"text/x-rfc822-headers",    // likewise
	"message/x-rfc822-headers", // likewise
}

// Original returns the header of the message m returns (or reports), read
// from its message/rfc822 or header part, and whether m has such a part.
func (m *Message) Original() (Original, bool) {
	if p := m.FindPart(originalTypes...); p != nil {
		return ParseOriginal(p.Body), true
	}
	return Original{}, false
}

// ParseOriginal reads the header block at the start of b (a returned
// message or its header) into an Original. Malformed fields are skipped.
func ParseOriginal(b []byte) Original {
	b = bytes.TrimLeft(b, "\n\r \t")
	groups := ParseFields(b, 1)
	if len(groups) == 0 {
		return Original{}
	}
	return OriginalFromFields(groups[0])
}

// OriginalFromFields reads a returned message's header, given as fields,
// into an Original.
func OriginalFromFields(fs Fields) Original {
	return Original{
		From:       Address(decodeWords(fs.Get("From"))),
		To:         Address(decodeWords(fs.Get("To"))),
		Subject:    mailtext.TrimSpace(decodeWords(fs.Get("Subject"))),
		MessageID:  TrimMessageID(fs.Get("Message-Id")),
		ListID:     mailtext.TrimSpace(fs.Get("List-Id")),
		Date:       mailtext.TrimSpace(fs.Get("Date")),
		FeedbackID: mailtext.TrimSpace(fs.Get("Feedback-Id")),
		ReturnPath: Address(fs.Get("Return-Path")),
	}
}

// OriginalAfter finds the first of markers in text and reads the header
// block that follows it as the returned message. Non-standard reports put
// the original inline after a line such as "------ This is a copy of the
// message, including all the headers. ------". Markers are matched
// case-insensitively.
func OriginalAfter(text string, markers ...string) (Original, bool) {
	for _, mk := range markers {
		// ASCII-only folding keeps byte offsets valid in text: lower-casing
		// can change the length of invalid UTF-8.
		i := mailtext.IndexFold(text, mk)
		if i < 0 {
			continue
		}
		rest := text[i+len(mk):]
		if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
			rest = rest[nl+1:]
		}
		rest = strings.TrimLeft(rest, "\n")
		// Some MTAs indent the returned header.
		rest = unindent(rest)
		return ParseOriginal([]byte(rest)), true
	}
	return Original{}, false
}

// unindent removes a common indentation of leading spaces (as qmail and
// some gateways quote the returned header).
func unindent(s string) string {
	if !strings.HasPrefix(s, " ") && !strings.HasPrefix(s, "\t") {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimLeft(l, " \t")
		if lines[i] == "" {
			return strings.Join(lines[:i+1], "\n")
		}
	}
	return strings.Join(lines, "\n")
}

// TrimMessageID returns the message id in a Message-ID field value,
// without its angle brackets.
func TrimMessageID(s string) string {
	s = mailtext.TrimSpace(s)
	if i := strings.IndexByte(s, '<'); i >= 0 {
		if j := strings.IndexByte(s[i:], '>'); j > 0 {
			return s[i+1 : i+j]
		}
	}
	return strings.Trim(s, "<>")
}
