package dsn

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"

	"github.com/emersion/go-message/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/transform"

	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// A message is read from memory, as ParseBytes holds it, in one pass and
// without copying what need not be copied: the header fields are
// substrings of one string per header, the parts of a multipart are
// slices of the message, and a part without a transfer encoding or a
// charset to convert is its own body, not a copy of it.
//
// go-message reads a message from a stream: a 4 KiB bufio.Reader per
// message and per multipart, a map and a field struct per header line,
// every body copied out. The reader here keeps go-message's semantics,
// which the decoders were written against, case for case: what a header
// field's value is (folded lines joined by one space, the white space
// around them removed), which lines end a header or make it malformed,
// the 1 MiB bound on a message's header, where a part ends (the boundary
// delimiter of RFC 2046 section 5.1.1, followed by white space or "--"),
// and what breaks a multipart (a line of 4 KiB or more between parts, a
// missing delimiter, an unexpected line). The tests compare both readers
// (TestReaderAgreesWithGoMessage).

// maxHeaderBytes bounds a message's header, as go-message does: a header
// that does not end within it is an error.
const maxHeaderBytes = 1 << 20

// multipartLineBytes is the longest line a multipart may have between its
// parts: go-message reads those lines through a 4 KiB buffer.
const multipartLineBytes = 4096

var errHeaderTooBig = errors.New("message: header exceeds maximum size")

// header is a message's or a part's header: its fields in order, found
// in data, the bytes it was read from. Names compare ignoring ASCII case,
// as go-message's canonical keys do. A value is made a string when it is
// first asked for (most fields of a header never are: Received,
// DKIM-Signature, ...) and kept in its field: a header is read by one
// goroutine at a time, as its Message is.
type header struct {
	data   []byte
	fields []headerField
}

// headerField is where a field's name and value lie in its header's data:
// the value trimmed of blanks, or when folded (it holds a line feed) the
// lines after the colon, unfolded when made. Once made, the value is in
// value and its extent empty.
type headerField struct {
	nameStart, nameEnd, valueStart, valueEnd int32
	value                                    string
}

// name returns field i's name.
func (h header) name(i int) string {
	f := &h.fields[i]
	return string(h.data[f.nameStart:f.nameEnd])
}

// value returns field i's value, making it the first time.
func (h header) value(i int) string {
	f := &h.fields[i]
	if f.valueEnd > f.valueStart {
		if v := h.data[f.valueStart:f.valueEnd]; bytes.IndexByte(v, '\n') >= 0 {
			f.value = unfold(v)
		} else {
			f.value = string(v)
		}
		f.valueEnd = f.valueStart
	}
	return f.value
}

// named reports whether field i is named key.
func (h header) named(i int, key string) bool {
	f := &h.fields[i]
	return equalFoldASCII(h.data[f.nameStart:f.nameEnd], key)
}

// Get returns the value of the first field named key, "" if none.
func (h header) Get(key string) string {
	for i := range h.fields {
		if h.named(i, key) {
			return h.value(i)
		}
	}
	return ""
}

// Has reports whether the header has a field named key.
func (h header) Has(key string) bool {
	for i := range h.fields {
		if h.named(i, key) {
			return true
		}
	}
	return false
}

// Values returns the values of the fields named key, in order; nil if none.
func (h header) Values(key string) []string {
	var vs []string
	for i := range h.fields {
		if h.named(i, key) {
			vs = append(vs, h.value(i))
		}
	}
	return vs
}

// ContentType returns the media type and parameters of the Content-Type
// field: text/plain when there is none; the raw value and the parse error
// when it does not parse. Parameter values have RFC 2047 words decoded.
func (h header) ContentType() (string, map[string]string, error) {
	v := h.Get("Content-Type")
	if v == "" {
		return "text/plain", nil, nil
	}
	t, params, err := mime.ParseMediaType(v)
	if err != nil {
		return v, nil, err
	}
	for k, pv := range params {
		if strings.Contains(pv, "=?") {
			if d, err := wordDecoder.DecodeHeader(pv); err == nil {
				params[k] = d
			}
		}
	}
	return t, params, nil
}

func equalFoldASCII[T string | []byte](a T, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if c, d := a[i], b[i]; c != d && lowerASCII(c) != lowerASCII(d) {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// lineReader reads lines of data as bufio.Reader.ReadLine does over a
// reader that ends (with end: io.EOF, or the error of a bound) after data.
type lineReader struct {
	data []byte
	pos  int
	end  error
}

// readLine returns the next line without its LF (ReadLine), with end
// when nothing is left.
func (r *lineReader) readLine() ([]byte, error) {
	rest := r.data[r.pos:]
	if len(rest) == 0 {
		return nil, r.end
	}
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		r.pos += i + 1
		return rest[:i], nil
	}
	r.pos = len(r.data)
	return rest, nil
}

// continued reports whether the next line continues a folded field.
func (r *lineReader) continued() bool {
	return r.pos < len(r.data) && (r.data[r.pos] == ' ' || r.data[r.pos] == '\t')
}

// readHeader reads the header at the start of data, bounded to limit
// bytes (0: unbounded), and returns its fields and the length it took.
// A malformed header is an error, with the fields read before it; so is
// end, what reading data ends with, when it is not io.EOF and the header
// runs to the end of data (a part's header in a multipart cut short).
// The header's fields lie in data (header): nothing is copied.
func readHeader(data []byte, limit int, dataEnd error) (header, int, error) {
	r := lineReader{data: data, end: dataEnd}
	// go-message's bound reads at most limit bytes and then fails, even
	// where the data ends at the bound.
	if limit > 0 && len(data) >= limit {
		r.data, r.end = data[:limit], errHeaderTooBig
	}
	if len(r.data) > 0 && (r.data[0] == ' ' || r.data[0] == '\t') {
		line, err := r.readLine()
		if err != nil {
			return header{}, r.pos, err
		}
		return header{}, r.pos, fmt.Errorf("message: malformed MIME header initial line: %v", string(line))
	}
	h := header{data: r.data, fields: make([]headerField, 0, fieldLines(r.data))}
	for {
		start := r.pos
		line, err := r.readLine()
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return h, r.pos, err
		}
		if len(line) == 0 {
			return h, r.pos, nil
		}
		folded := false
		for r.continued() {
			r.readLine()
			folded = true
		}
		raw := r.data[start:r.pos]
		i := bytes.IndexByte(raw, ':')
		if i < 0 {
			return h, r.pos, fmt.Errorf("message: malformed MIME header line: %v", crlfLines(raw))
		}
		name := trimBlank(raw[:i])
		for _, c := range name {
			if c < 33 || c > 126 || c == ':' {
				// go-message quotes a folded key with its CRLF line ends.
				return h, r.pos, fmt.Errorf("message: malformed MIME header key: %s", bytes.ReplaceAll(name, []byte("\n"), []byte("\r\n")))
			}
		}
		if len(name) == 0 {
			continue
		}
		lead := start + blankPrefix(raw[:i])
		f := headerField{nameStart: int32(lead), nameEnd: int32(lead + len(name))}
		if v := raw[i+1:]; folded {
			f.valueStart, f.valueEnd = int32(start+i+1), int32(r.pos)
		} else {
			if len(v) > 0 && v[len(v)-1] == '\n' {
				v = v[:len(v)-1]
			}
			off := start + i + 1 + blankPrefix(v)
			f.valueStart, f.valueEnd = int32(off), int32(off+len(trimBlank(v)))
		}
		h.fields = append(h.fields, f)
	}
}

// fieldLines returns how many fields a header in b can have at most: its
// lines up to the first empty one, but those that continue a field.
func fieldLines(b []byte) int {
	if len(b) == 0 || b[0] == '\n' {
		return 0
	}
	n := 1
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], '\n')
		if j < 0 {
			return n
		}
		i += j + 1
		if i == len(b) || b[i] == '\n' {
			return n
		}
		if b[i] != ' ' && b[i] != '\t' {
			n++
		}
	}
}

// blankPrefix returns how many spaces and tabs b starts with.
func blankPrefix(b []byte) int {
	n := 0
	for n < len(b) && (b[n] == ' ' || b[n] == '\t') {
		n++
	}
	return n
}

// crlfLines returns a field's lines as go-message quotes them in its
// errors: each line ended by CRLF.
func crlfLines(raw []byte) string {
	s := strings.TrimSuffix(string(raw), "\n")
	return strings.ReplaceAll(s, "\n", "\r\n") + "\r\n"
}

// unfold joins a folded value's lines, each trimmed of blanks, by one
// space, leaving out the empty ones.
func unfold(v []byte) string {
	var b strings.Builder
	b.Grow(len(v))
	for len(v) > 0 {
		var l []byte
		if i := bytes.IndexByte(v, '\n'); i >= 0 {
			l, v = v[:i], v[i+1:]
		} else {
			l, v = v, nil
		}
		if l = trimBlank(l); len(l) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.Write(l)
	}
	return b.String()
}

// trimBlank removes the spaces and tabs at both ends of b.
func trimBlank(b []byte) []byte {
	i, j := 0, len(b)
	for i < j && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	for j > i && (b[j-1] == ' ' || b[j-1] == '\t') {
		j--
	}
	return b[i:j]
}

// multipart splits a multipart body held in memory into its parts, as
// go-message's textproto.MultipartReader splits a stream.
type multipart struct {
	data      []byte
	end       error // what reading data ends with: io.EOF, or its part's error
	pos       int
	partsRead int
	// "\n" or "\r\n" (until the first delimiter line says), "--boundary".
	nl, dashBoundary string
	// dashBoundary and nl+dashBoundary as bytes, made once (bodyLength).
	dash, nlDash []byte
}

func newMultipart(data []byte, end error, boundary string) multipart {
	return multipart{data: data, end: end, nl: "\r\n", dashBoundary: "--" + boundary}
}

// readSlice reads a line as bufio.Reader.ReadSlice does through a 4 KiB
// buffer: a line that does not fit is bufio.ErrBufferFull; the last line
// comes with the error the data ends with.
func (mp *multipart) readSlice() ([]byte, error) {
	rest := mp.data[mp.pos:]
	window := rest[:min(len(rest), multipartLineBytes)]
	if i := bytes.IndexByte(window, '\n'); i >= 0 {
		mp.pos += i + 1
		return rest[:i+1], nil
	}
	mp.pos += len(window)
	if len(window) == multipartLineBytes {
		return window, bufio.ErrBufferFull
	}
	return window, mp.end
}

// next returns the next part's header and raw body, and the error that
// ends the body (io.EOF at a delimiter, io.ErrUnexpectedEOF when the data
// ends first); io.EOF as err after the last part.
func (mp *multipart) next() (h header, body []byte, bodyEnd error, err error) {
	if mp.dashBoundary == "--" {
		return header{}, nil, nil, errors.New("multipart: boundary is empty")
	}
	expectNewPart := false
	for {
		line, err := mp.readSlice()
		if err == io.EOF && mp.isFinalBoundary(line) {
			return header{}, nil, nil, io.EOF
		}
		if err != nil {
			return header{}, nil, nil, fmt.Errorf("multipart: NextPart: %v", err)
		}
		if mp.isDelimiter(line) {
			mp.partsRead++
			h, n, err := readHeader(mp.data[mp.pos:], 0, mp.end)
			if err != nil {
				return header{}, nil, nil, err
			}
			mp.pos += n
			size, end := mp.bodyLength(mp.data[mp.pos:])
			body = mp.data[mp.pos : mp.pos+size]
			mp.pos += size
			return h, body, end, nil
		}
		if mp.isFinalBoundary(line) {
			return header{}, nil, nil, io.EOF
		}
		if expectNewPart {
			return header{}, nil, nil, fmt.Errorf("multipart: expecting a new Part; got line %q", string(line))
		}
		if mp.partsRead == 0 {
			continue
		}
		if string(line) == mp.nl {
			expectNewPart = true
			continue
		}
		return header{}, nil, nil, fmt.Errorf("multipart: unexpected line in Next(): %q", line)
	}
}

func (mp *multipart) isFinalBoundary(line []byte) bool {
	if !bytes.HasPrefix(line, []byte(mp.dashBoundary)) || !bytes.HasPrefix(line[len(mp.dashBoundary):], []byte("--")) {
		return false
	}
	rest := bytes.TrimLeft(line[len(mp.dashBoundary)+2:], " \t")
	return len(rest) == 0 || string(rest) == mp.nl
}

func (mp *multipart) isDelimiter(line []byte) bool {
	if !bytes.HasPrefix(line, []byte(mp.dashBoundary)) {
		return false
	}
	rest := bytes.TrimLeft(line[len(mp.dashBoundary):], " \t")
	if mp.partsRead == 0 && len(rest) == 1 && rest[0] == '\n' {
		mp.nl = "\n"
	}
	return string(rest) == mp.nl
}

// bodyLength returns how much of data is the part's body, and the error
// that ends it: the part reader's scan (textproto's scanUntilBoundary)
// over data known whole, so that a delimiter at its very end counts.
func (mp *multipart) bodyLength(data []byte) (int, error) {
	if mp.dash == nil || len(mp.nlDash) != len(mp.nl)+len(mp.dashBoundary) {
		mp.nlDash = []byte(mp.nl + mp.dashBoundary)
		mp.dash = mp.nlDash[len(mp.nl):]
	}
	dash, nlDash := mp.dash, mp.nlDash
	pos := 0
	for {
		n, err := scanPart(data[pos:], dash, nlDash, pos == 0)
		pos += n
		if n == 0 || err != nil {
			if err == nil {
				err = io.ErrUnexpectedEOF
			}
			return pos, err
		}
	}
}

// scanPart is one step of the part reader over buf, the rest of the data:
// the bytes of body before a delimiter (or all of them) and io.EOF when
// a delimiter ends the body there, io.ErrUnexpectedEOF when the data ends.
func scanPart(buf, dash, nlDash []byte, first bool) (int, error) {
	readErr := io.ErrUnexpectedEOF // the data is whole: nothing more to read
	if first {
		if bytes.HasPrefix(buf, dash) {
			switch afterDelimiter(buf, dash) {
			case -1:
				return len(dash), nil
			case +1:
				return 0, io.EOF
			}
		}
		if bytes.HasPrefix(dash, buf) {
			return 0, readErr
		}
	}
	if i := bytes.Index(buf, nlDash); i >= 0 {
		if afterDelimiter(buf[i:], nlDash) < 0 {
			return i + len(nlDash), nil
		}
		return i, io.EOF
	}
	if bytes.HasPrefix(nlDash, buf) {
		return 0, readErr
	}
	if i := bytes.LastIndexByte(buf, nlDash[0]); i >= 0 && bytes.HasPrefix(nlDash, buf[i:]) {
		return i, nil
	}
	return len(buf), readErr
}

// afterDelimiter says what follows a delimiter at the start of buf: +1
// the end of the data, white space or "-" (a delimiter), -1 anything else.
func afterDelimiter(buf, prefix []byte) int {
	if len(buf) == len(prefix) {
		return +1
	}
	switch buf[len(prefix)] {
	case ' ', '\t', '\r', '\n', '-':
		return +1
	}
	return -1
}

// entityBody returns a reader of an entity's body decoded as go-message's
// message.New decodes it: the transfer encoding (not a multipart's), then
// the charset of a text part. It returns nil when neither applies: the
// body is then raw itself. end is the error the raw body ends with. err
// is an unknown encoding or charset; the body is then read as far as it
// could be decoded.
func entityBody(h header, mediaType string, params map[string]string, raw []byte, end error) (body io.Reader, err error) {
	cur := func() io.Reader {
		if body == nil {
			return &memReader{data: raw, end: end}
		}
		return body
	}
	if !strings.HasPrefix(mediaType, "multipart/") {
		switch enc := h.Get("Content-Transfer-Encoding"); strings.ToLower(enc) {
		case "quoted-printable":
			decoded, qerr := decodeQuotedPrintable(raw, end)
			body = &memReader{data: decoded, end: qerr}
		case "base64":
			body = base64.NewDecoder(base64.StdEncoding, blankToNewline{cur()})
		case "7bit", "8bit", "binary", "":
		default:
			err = fmt.Errorf("encoding error: unhandled encoding %q", enc)
		}
	}
	if strings.HasPrefix(mediaType, "text/") {
		if cs, ok := params["charset"]; ok {
			switch cs = strings.ToLower(cs); cs {
			case "utf-8", "us-ascii":
			default:
				if dec := mailtext.CharsetDecoder(cs); dec != nil {
					body = &charsetBody{dec: dec, src: cur()}
				} else if conv, cerr := charset.Reader(cs, cur()); cerr != nil {
					err = fmt.Errorf("unknown charset: unknown charset: %w", cerr)
				} else {
					body = conv
				}
			}
		}
	}
	return body, err
}

// charsetBody is a text body to convert from its charset: as a reader, a
// transform.Reader of dec over src, the reader charset.Reader returns;
// readBounded converts it in memory instead (mailtext.Transcode).
type charsetBody struct {
	dec *encoding.Decoder
	src io.Reader
	r   io.Reader
}

func (c *charsetBody) Read(p []byte) (int, error) {
	if c.r == nil {
		c.r = transform.NewReader(c.src, c.dec)
	}
	return c.r.Read(p)
}

// source returns the bytes to convert and the error their reading ends
// with: the raw or quoted-printable body where it is, or a base64 body
// read whole into one slice sized from hint, the raw body's length.
func (c *charsetBody) source(hint int) ([]byte, error) {
	if m, ok := c.src.(*memReader); ok {
		b, end := m.data, m.end
		m.data = nil
		return b, end
	}
	b := make([]byte, 0, hint/4*3+4)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := c.src.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			return b, err
		}
	}
}

// memReader reads data, then returns end.
type memReader struct {
	data []byte
	end  error
}

func (r *memReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.end
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// blankToNewline turns spaces and tabs into line feeds, which the base64
// decoder skips, as go-message does before decoding base64.
type blankToNewline struct{ r io.Reader }

func (b blankToNewline) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	for i := range p[:n] {
		if p[i] == ' ' || p[i] == '\t' {
			p[i] = '\n'
		}
	}
	return n, err
}
