package dsn

import "github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"

// FeedbackTypeToken returns the feedback type a Feedback-Type field value
// names, lower-cased. RFC 5965 section 3.5 gives the field as
//
//	feedback-type = "Feedback-Type:" [CFWS] token [CFWS] CRLF
//
// so the value may carry comments and white space around the type
// (CFWS, RFC 5322 section 3.2.2): "abuse (user clicked spam)" is of type
// abuse. The token ends at white space or at a character a MIME token
// cannot hold (RFC 2045 section 5.1's tspecials); "" when there is none.
func FeedbackTypeToken(v string) string {
	var b []byte
	depth := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\' && depth > 0:
			i++ // a quoted-pair inside a comment
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case depth > 0:
		case mailtext.IsSpace(c):
			if len(b) > 0 {
				return mailtext.LowerASCII(string(b))
			}
		case isTSpecial(c) || c < ' ' || c == 0x7f:
			return mailtext.LowerASCII(string(b))
		default:
			b = append(b, c)
		}
	}
	return mailtext.LowerASCII(string(b))
}

// isTSpecial reports whether c is one of RFC 2045 section 5.1's tspecials,
// which a token cannot hold.
func isTSpecial(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '@', ',', ';', ':', '\\', '"', '/', '[', ']', '?', '=':
		return true
	}
	return false
}
