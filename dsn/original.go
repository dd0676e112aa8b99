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
// It is read once per message: the decoders ask for it again and again.
func (m *Message) Original() (Original, bool) {
	if !m.originalRead {
		m.originalRead = true
		if p := m.FindPart(originalTypes...); p != nil {
			m.original, m.hasOriginal = ParseOriginal(p.Body), true
		}
	}
	return m.original, m.hasOriginal
}

// OriginalFields returns the header fields of the message m returns (or
// reports), as they came, or nil when m has no returned message or header
// part. Decoders that need more than Original holds (every address of To
// and Cc, with its display name) read them here.
func (m *Message) OriginalFields() Fields {
	p := m.FindPart(originalTypes...)
	if p == nil {
		return nil
	}
	groups := ParseFields(bytes.TrimLeft(p.Body, "\n\r \t"), 1)
	if len(groups) == 0 {
		return nil
	}
	return groups[0]
}

// ParseOriginal reads the header block at the start of b (a returned
// message or its header) into an Original. Malformed fields are skipped.
func ParseOriginal(b []byte) Original {
	return originalFromGroups(ParseFields(bytes.TrimLeft(b, "\n\r \t"), 1))
}

// ParseOriginalText is ParseOriginal for a text held as a string.
func ParseOriginalText(s string) Original {
	return originalFromGroups(ParseFieldsText(strings.TrimLeft(s, "\n\r \t"), 1))
}

func originalFromGroups(groups []Fields) Original {
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
