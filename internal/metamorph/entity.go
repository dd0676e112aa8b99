// Package metamorph rewrites a message the way mail software on its path
// rewrites it without changing what it says: other line ends, header
// fields folded again (RFC 5322 section 2.2.3), text re-encoded
// (RFC 2045 section 6), MIME boundaries renamed (RFC 2046 section 5.1.1),
// trace fields added (RFC 5321 section 4.4, RFC 6376, RFC 8617), field
// names in another case, the returned message cut to its header
// (RFC 3462). The metamorphic test in classify checks that a bounce
// rewritten so still gives the same facts.
//
// Each transformation is a pure function from a message to a message.
// The message is read into a tree that serializes back to the same bytes
// (Parse, then Bytes); a part whose structure does not parse is kept as
// it is.
package metamorph

import (
	"bytes"
	"mime"
	"strings"
)

// entity is a message or a MIME part: its header fields, each with its
// folded lines, and its body, as raw bytes or, where the media type says
// how, as parts.
type entity struct {
	from   []byte   // an mbox "From " line before the header, with its LF
	fields [][]byte // the header fields, each its lines with their LF
	sep    []byte   // the blank line that ends the header ("" if none)
	body   []byte   // a leaf's body, raw

	// A multipart's body: the preamble (with the line end that ends it),
	// each part after its delimiter line, and the rest from the close
	// delimiter on (empty when the body ends without one).
	boundary string
	preamble []byte
	delims   [][]byte // each part's delimiter line, without its LF
	parts    []*entity
	closing  []byte

	// inner is a message/rfc822 or text/rfc822-headers body read as a
	// message; groups is a delivery or feedback report's body read as
	// fields and blank lines (RFC 3464 section 2.1, RFC 5965 section 3).
	inner  *entity
	groups [][]byte
}

// Parse reads msg, with LF line ends, into its tree.
func parse(msg []byte) *entity {
	e := &entity{}
	if bytes.HasPrefix(msg, []byte("From ")) {
		i := bytes.IndexByte(msg, '\n')
		if i < 0 {
			e.body = msg
			return e
		}
		e.from, msg = msg[:i+1], msg[i+1:]
	}
	rest := msg
	for len(rest) > 0 && rest[0] != '\n' {
		n := fieldLen(rest)
		if bytes.IndexByte(rest[:n], ':') < 0 {
			break // not a header line: the body starts here
		}
		e.fields = append(e.fields, rest[:n])
		rest = rest[n:]
	}
	if len(rest) > 0 && rest[0] == '\n' {
		e.sep, rest = rest[:1], rest[1:]
	}
	e.body = rest
	e.parseBody()
	return e
}

// fieldLen returns the length of the field at the start of b: its first
// line and the lines that continue it.
func fieldLen(b []byte) int {
	n := 0
	for {
		i := bytes.IndexByte(b[n:], '\n')
		if i < 0 {
			return len(b)
		}
		n += i + 1
		if n == len(b) || (b[n] != ' ' && b[n] != '\t') {
			return n
		}
	}
}

// parseBody reads e.body as its media type says.
func (e *entity) parseBody() {
	mt, params := e.contentType()
	switch {
	case strings.HasPrefix(mt, "multipart/"):
		e.parseMultipart(params["boundary"])
	case mt == "message/rfc822" || mt == "text/rfc822-headers" || mt == "message/global" || mt == "message/global-headers":
		if e.encoding() == "" && len(e.body) > 0 {
			e.inner, e.body = parse(e.body), nil
		}
	case mt == "message/delivery-status" || mt == "message/global-delivery-status" || mt == "message/feedback-report":
		if e.encoding() == "" {
			e.groups, e.body = fieldGroups(e.body), nil
		}
	}
}

// fieldGroups splits a report's body into its fields and blank lines. A
// line of white space alone separates groups, as a blank line does: no
// field continues on it.
func fieldGroups(b []byte) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		n := lineLen(b)
		if !isBlank(b[:n]) {
			for n < len(b) && (b[n] == ' ' || b[n] == '\t') && !isBlank(b[n:n+lineLen(b[n:])]) {
				n += lineLen(b[n:])
			}
		}
		out = append(out, b[:n])
		b = b[n:]
	}
	return out
}

// lineLen returns the length of b's first line, with its LF.
func lineLen(b []byte) int {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return i + 1
	}
	return len(b)
}

// isBlank reports whether a line holds white space alone.
func isBlank(line []byte) bool {
	return len(bytes.TrimSpace(line)) == 0
}

// parseMultipart splits e.body at the delimiter lines of boundary; it
// leaves e a leaf when the body has none.
func (e *entity) parseMultipart(boundary string) {
	if boundary == "" {
		return
	}
	dash := []byte("--" + boundary)
	lines := bytes.SplitAfter(e.body, []byte("\n"))
	isDelim := func(l []byte, close bool) bool {
		l = bytes.TrimRight(l, " \t\r\n")
		if close {
			return bytes.Equal(l, append(dash[:len(dash):len(dash)], '-', '-'))
		}
		return bytes.Equal(l, dash)
	}
	pos, start := 0, -1
	var parts [][]byte
	for _, l := range lines {
		end := pos + len(l)
		switch {
		case isDelim(l, true):
			if start < 0 {
				return
			}
			parts = append(parts, trimLF(e.body[start:pos]))
			e.closing = e.body[pos:]
			e.finishMultipart(boundary, parts)
			return
		case isDelim(l, false):
			if start < 0 {
				e.preamble = e.body[:pos]
			} else {
				parts = append(parts, trimLF(e.body[start:pos]))
			}
			e.delims = append(e.delims, bytes.TrimRight(l, "\n"))
			start = end
		}
		pos = end
	}
	if start < 0 {
		return
	}
	parts = append(parts, e.body[start:])
	e.finishMultipart(boundary, parts)
}

func (e *entity) finishMultipart(boundary string, parts [][]byte) {
	e.boundary, e.body = boundary, nil
	for _, p := range parts {
		e.parts = append(e.parts, parse(p))
	}
}

// trimLF drops the line end before a delimiter: it belongs to the
// delimiter (RFC 2046 section 5.1.1).
func trimLF(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		return b[:n-1]
	}
	return b
}

// bytes serializes e.
func (e *entity) bytes() []byte {
	var b bytes.Buffer
	e.write(&b)
	return b.Bytes()
}

func (e *entity) write(b *bytes.Buffer) {
	b.Write(e.from)
	for _, f := range e.fields {
		b.Write(f)
	}
	b.Write(e.sep)
	switch {
	case e.inner != nil:
		e.inner.write(b)
	case e.groups != nil:
		for _, g := range e.groups {
			b.Write(g)
		}
	case e.boundary != "":
		b.Write(e.preamble)
		for i, p := range e.parts {
			if i > 0 {
				b.WriteByte('\n')
			}
			b.Write(e.delims[i])
			b.WriteByte('\n')
			p.write(b)
		}
		if e.closing != nil {
			b.WriteByte('\n')
			b.Write(e.closing)
		}
	default:
		b.Write(e.body)
	}
}

// field returns the unfolded value of the first field named name, and
// its index; -1 when there is none.
func (e *entity) field(name string) (string, int) {
	for i, f := range e.fields {
		if n, v, ok := splitField(f); ok && strings.EqualFold(n, name) {
			return v, i
		}
	}
	return "", -1
}

// splitField returns a field's name and its value unfolded (RFC 5322
// section 2.2.3: the line ends removed), trimmed.
func splitField(f []byte) (string, string, bool) {
	i := bytes.IndexByte(f, ':')
	if i <= 0 {
		return "", "", false
	}
	name := string(bytes.TrimRight(f[:i], " \t"))
	for _, c := range []byte(name) {
		if c <= ' ' || c > '~' {
			return "", "", false
		}
	}
	v := bytes.ReplaceAll(f[i+1:], []byte("\n"), nil)
	return name, strings.TrimSpace(string(v)), true
}

// contentType returns e's media type, lower-case, and its parameters.
func (e *entity) contentType() (string, map[string]string) {
	v, i := e.field("Content-Type")
	if i < 0 {
		return "text/plain", nil
	}
	mt, params, err := mime.ParseMediaType(v)
	if err != nil {
		return "", nil
	}
	return mt, params
}

// encoding returns e's Content-Transfer-Encoding, lower-case, "" for
// none or an identity encoding.
func (e *entity) encoding() string {
	v, _ := e.field("Content-Transfer-Encoding")
	switch v = strings.ToLower(v); v {
	case "7bit", "8bit", "binary":
		return ""
	}
	return v
}

// walk calls fn with e and every entity inside it, outer first.
func (e *entity) walk(fn func(*entity)) {
	fn(e)
	for _, p := range e.parts {
		p.walk(fn)
	}
	if e.inner != nil {
		e.inner.walk(fn)
	}
}

// setField replaces the field named name, or adds it after the others.
func (e *entity) setField(name, value string) {
	f := []byte(name + ": " + value + "\n")
	if _, i := e.field(name); i >= 0 {
		e.fields[i] = f
		return
	}
	e.fields = append(e.fields, f)
	if e.sep == nil {
		e.sep = []byte("\n")
	}
}
