package milter

import (
	"strings"
	"unicode/utf8"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/event"
)

// Header names, after the configurable prefix (default "X-Bounce-").
const (
	// SuffixReason names the header added once per recipient fact, in
	// order, holding the reason alone: "X-Bounce-Reason: userunknown".
	SuffixReason = "Reason"
	// SuffixDetail names the header added once per recipient fact, in the
	// same order, holding the facts as "key=value; ..." (see DetailKeys).
	SuffixDetail = "Detail"
	// SuffixKind names the one header holding the message's kind
	// (event.Kind, header spelling: hard-bounce, soft-bounce, ...).
	SuffixKind = "Kind"
)

// DetailKeys are the keys of the detail header, in the order they appear.
// A key whose value is unknown is left out, except recipient and bounce.
var DetailKeys = []string{
	"recipient",  // the recipient that bounced
	"status",     // the enhanced status code (RFC 3463), e.g. 5.1.1
	"reply-code", // the SMTP reply code, e.g. 550
	"bounce",     // hard or soft (also soft for feedback, auto-reply, delivery notice, read receipt)
	"reason",     // the reason again, so the detail header stands alone
	"rhost",      // the remote host that answered
	"rule",       // the id of the classify rule that decided
	"decoder",    // the format decoder that read the bounce
	"verp",       // the recipient the bounce's VERP envelope address encodes (serve --verp)
}

// maxValue bounds one value in the detail header.
const maxValue = 200

// HeaderField is one header field the milter adds.
type HeaderField struct{ Name, Value string }

// Stamps returns the header fields the milter adds to a classified message,
// in order: one reason field per record, one detail field per record, then
// one kind field. prefix is the header prefix ("" means the default).
func Stamps(prefix string, recs []classify.Record) []HeaderField {
	return stamps(prefix, recs, event.KindOf(recs))
}

// stamps is Stamps with the kind already known.
func stamps(prefix string, recs []classify.Record, kind event.Kind) []HeaderField {
	if prefix == "" {
		prefix = DefaultHeaderPrefix
	}
	if len(recs) == 0 {
		return nil
	}
	out := make([]HeaderField, 0, 2*len(recs)+1)
	reasonName, detailName := prefix+SuffixReason, prefix+SuffixDetail
	for i := range recs {
		out = append(out, HeaderField{reasonName, token(string(recs[i].Reason), "undefined")})
	}
	for i := range recs {
		out = append(out, HeaderField{detailName, Detail(&recs[i])})
	}
	out = append(out, HeaderField{prefix + SuffixKind, kind.String()})
	return out
}

// Detail formats one record as the detail header's value:
//
//	recipient=user@example.com; status=5.1.1; reply-code=550; bounce=hard;
//	reason=userunknown; rhost=mx.example.com; rule=status/5.1.1; decoder=RFC3464;
//	verp=user@example.com
//
// Each value is valid UTF-8 (a byte that is not becomes U+FFFD) without
// control characters (C0, DEL and C1 are dropped), cut at 200 bytes
// between characters; values that are not RFC 2045 tokens are quoted
// strings, which may hold UTF-8 (RFC 6532). Long values are folded
// between pairs.
func Detail(r *classify.Record) string {
	bounce := "soft"
	if r.HardBounce {
		bounce = "hard"
	}
	pairs := [...][2]string{
		{"recipient", r.Recipient},
		{"status", r.DeliveryStatus},
		{"reply-code", r.ReplyCode},
		{"bounce", bounce},
		{"reason", string(r.Reason)},
		{"rhost", r.RHost},
		{"rule", r.Rule},
		{"decoder", r.DecodedBy},
		{"verp", r.VERP},
	}
	size := 0
	for i := range pairs {
		pairs[i][1] = quoteValue(cleanValue(pairs[i][1]))
		size += len(pairs[i][0]) + len(pairs[i][1]) + 4 // "=", "; " or ";\n\t"
	}
	var b strings.Builder
	b.Grow(size) // one allocation
	line := len("X-Bounce-Detail: ")
	for _, p := range pairs {
		v := p[1]
		if v == "" && p[0] != "recipient" {
			continue
		}
		n := len(p[0]) + 1 + len(v)
		if b.Len() > 0 {
			b.WriteByte(';')
			if line+2+n > 78 {
				b.WriteString("\n\t")
				line = 8
			} else {
				b.WriteByte(' ')
				line += 2
			}
		}
		b.WriteString(p[0])
		b.WriteByte('=')
		b.WriteString(v)
		line += n
	}
	return b.String()
}

// token returns s when it is a non-empty RFC 2045 token, else def.
func token(s, def string) string {
	if s == "" || needsQuote(s) {
		return def
	}
	return s
}

// needsQuote reports whether s holds characters outside an RFC 2045 token.
func needsQuote(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`()<>@,;:\"/[]?=`, c) >= 0 {
			// '@', '/' and ':' are common in addresses and rule ids and
			// harmless after '=' up to the next ';': allow them bare.
			if c == '@' || c == '/' || c == ':' {
				continue
			}
			return true
		}
	}
	return false
}

// cleanValue makes v fit a header value: valid UTF-8, an invalid byte
// replaced by U+FFFD; without C0 controls, DEL or C1 controls (U+0080 to
// U+009F, which some terminals and mail readers obey), dropped; at most
// maxValue bytes, cut between characters.
func cleanValue(v string) string {
	clean := len(v) <= maxValue
	for i := 0; clean && i < len(v); i++ {
		clean = v[i] >= ' ' && v[i] < 0x7f
	}
	if clean {
		return v
	}
	var b strings.Builder
	for _, r := range v { // an invalid byte comes as utf8.RuneError, U+FFFD
		if r < ' ' || r >= 0x7f && r <= 0x9f {
			continue
		}
		if b.Len()+utf8.RuneLen(r) > maxValue {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}

// quoteValue quotes a clean value when it is no token.
func quoteValue(v string) string {
	if !needsQuote(v) {
		return v
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == '"' || c == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	b.WriteByte('"')
	return b.String()
}

// ParseDetail parses a detail header's value back into its keys and values,
// undoing quoting and folding. Unknown keys are kept. It is the inverse of
// Detail, for consumers written in Go and for tests.
func ParseDetail(v string) map[string]string {
	out := map[string]string{}
	v = unfold(v)
	for len(v) > 0 {
		v = strings.TrimLeft(v, " \t;")
		eq := strings.IndexByte(v, '=')
		if eq <= 0 {
			break
		}
		key := strings.TrimSpace(v[:eq])
		v = v[eq+1:]
		var val string
		if strings.HasPrefix(v, `"`) {
			var b strings.Builder
			i := 1
			for ; i < len(v) && v[i] != '"'; i++ {
				if v[i] == '\\' && i+1 < len(v) {
					i++
				}
				b.WriteByte(v[i])
			}
			val = b.String()
			if i < len(v) {
				i++
			}
			v = v[i:]
		} else {
			end := strings.IndexByte(v, ';')
			if end < 0 {
				end = len(v)
			}
			val = strings.TrimSpace(v[:end])
			v = v[end:]
		}
		out[key] = val
	}
	return out
}
