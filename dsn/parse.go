package dsn

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	_ "github.com/emersion/go-message/charset" // registers the charsets bounces are written in

	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// Limits that bound the work Parse does on one message, whatever it holds.
const (
	// DefaultMaxBytes is how much of a message Parse reads. A bounce's
	// report comes first and its returned message last, so a longer message
	// is read this far and decoded from what was read.
	DefaultMaxBytes = 16 << 20
	// MaxParts is how many MIME parts Parse looks at.
	MaxParts = 256
	// MaxDepth is how deeply nested a MIME part may be and still be read.
	MaxDepth = 24
	// MaxPartBytes is how much of one part's decoded body is kept.
	MaxPartBytes = 1 << 20
	// MaxRecipients is how many recipients one report may list.
	MaxRecipients = 1000
	// MaxDiagnosticBytes bounds one recipient's diagnostic text as the
	// decoders of free-text reports gather it (Report.AddRecipient).
	MaxDiagnosticBytes = 4096
)

// Errors Parse returns, wrapped, so callers can branch with errors.Is.
var (
	// ErrEmpty means the input held no message at all.
	ErrEmpty = errors.New("dsn: empty message")
	// ErrHeader means the message header could not be read.
	ErrHeader = errors.New("dsn: unreadable message header")
)

// Message is a message read for the decoders: its header and its MIME
// parts, flattened in document order, with their bodies decoded
// (transfer encoding and charset) and bounded.
type Message struct {
	Header mailHeader
	Parts  []*Part
	// Notes holds what went wrong while reading; it becomes Report.Notes.
	Notes []string

	mediaType string
	params    map[string]string
	broken    bool // the MIME walk stopped on an error

	memo headerMemo // m.Header's

	// The returned original's header, read once (Original).
	original                  Original
	originalRead, hasOriginal bool
}

// MediaType returns the message's top-level media type, lower-case.
func (m *Message) MediaType() string { return m.mediaType }

// Param returns a parameter of the message's Content-Type, such as report-type.
func (m *Message) Param(name string) string { return m.params[name] }

// Part is one leaf MIME part, or the header of an embedded message.
type Part struct {
	Header    mailHeader
	MediaType string // lower-case, e.g. "message/delivery-status"
	Params    map[string]string
	Body      []byte // decoded body, at most MaxPartBytes
	Truncated bool   // the body was longer than MaxPartBytes
	Depth     int    // nesting depth, 1 for a top-level part
	// Recovered marks a part recoverEmbedded found in text (embedded.go),
	// not one the MIME walk read: it may be a report the message quotes
	// or returns, not the message's own.
	Recovered bool

	text    string // Body as a string, once Text made it
	textSet bool
}

// Text returns the part's body as text. The string is made once: the
// decoders read the same part again and again. Body must not change
// after Text is called.
func (p *Part) Text() string {
	if !p.textSet {
		p.text, p.textSet = string(p.Body), true
	}
	return p.text
}

// FindPart returns the first part whose media type is one of types, or nil.
func (m *Message) FindPart(types ...string) *Part {
	for _, p := range m.Parts {
		for _, t := range types {
			if p.MediaType == t {
				return p
			}
		}
	}
	return nil
}

// mailHeader wraps a message header with the helpers decoders use.
type mailHeader struct {
	header
	// memo keeps what the helpers found, for a message's own header, which
	// every decoder of the registry asks about (its From above all); nil
	// for a part's header. A Message is decoded by one goroutine at a time.
	memo *headerMemo
}

// headerMemo holds the helpers' answers by field name: a few names (From,
// Subject, Return-Path, ...) asked for many times. The first few entries
// are in the memo itself, which is in its Message: no more than four
// names are asked for in most messages.
type headerMemo struct {
	entries []memoEntry
	first   [4]memoEntry
}

type memoEntry struct {
	key              string
	text, addr       string
	daemon           bool
	hasText, hasAddr bool
	hasDaemon        bool
}

// entry returns the index of key's entry, adding it.
func (m *headerMemo) entry(key string) int {
	for i := range m.entries {
		if m.entries[i].key == key {
			return i
		}
	}
	if m.entries == nil {
		m.entries = m.first[:0]
	}
	m.entries = append(m.entries, memoEntry{key: key})
	return len(m.entries) - 1
}

// Text returns a header field's value with RFC 2047 words decoded.
func (h mailHeader) Text(key string) string {
	if h.memo == nil {
		return mailtext.TrimSpace(decodeWords(h.Get(key)))
	}
	i := h.memo.entry(key)
	if e := &h.memo.entries[i]; !e.hasText {
		e.text, e.hasText = mailtext.TrimSpace(decodeWords(h.Get(key))), true
	}
	return h.memo.entries[i].text
}

// Address returns the bare address in a header field, or "".
func (h mailHeader) Address(key string) string {
	if h.memo == nil {
		return Address(decodeWords(h.Get(key)))
	}
	i := h.memo.entry(key)
	if e := &h.memo.entries[i]; !e.hasAddr {
		e.addr, e.hasAddr = Address(decodeWords(h.Get(key))), true
	}
	return h.memo.entries[i].addr
}

// IsDaemon reports whether a header field (From, Return-Path) names a
// mail system rather than a person (IsDaemonSender).
func (h mailHeader) IsDaemon(key string) bool {
	if h.memo == nil {
		return isDaemonSender(h.Text(key), h.Address(key))
	}
	i := h.memo.entry(key)
	if !h.memo.entries[i].hasDaemon {
		v := isDaemonSender(h.Text(key), h.Address(key))
		e := &h.memo.entries[i] // Text and Address may have grown the entries
		e.daemon, e.hasDaemon = v, true
	}
	return h.memo.entries[i].daemon
}

// Parse reads one message (RFC 5322, with LF, CRLF or CR line ends) and
// returns what it reports, trying decoders in order (see Decode);
// lhost.Registry() is every decoder this project has, in the order they
// are meant to run. A message that is not a bounce comes back as a Report
// of Kind NotBounce and a nil error. An error is returned only when
// nothing could be read; anomalies along the way are recorded in
// Report.Notes.
func Parse(r io.Reader, decoders []Decoder) (*Report, error) {
	b, err := io.ReadAll(io.LimitReader(r, DefaultMaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("dsn: read message: %w", err)
	}
	return ParseBytes(b, decoders)
}

// ParseBytes is Parse for a message held in memory. It does not modify b.
func ParseBytes(b []byte, decoders []Decoder) (*Report, error) {
	m, err := ReadMessage(b)
	if err != nil {
		return nil, err
	}
	return Decode(m, decoders), nil
}

// ParseOwned is ParseBytes for a buffer the caller gives up: it may
// rewrite b in place (its line ends), sparing a copy of the message.
func ParseOwned(b []byte, decoders []Decoder) (*Report, error) {
	if len(b) <= DefaultMaxBytes {
		b = mailtext.NormalizeLineEndsInPlace(b)
	}
	return ParseBytes(b, decoders)
}

// messageText returns the part of b a message is read from: at most
// DefaultMaxBytes (with a note when b is longer), LF line ends, without
// the blank lines and the mbox "From " line before the header; ErrEmpty
// when nothing is left.
func messageText(b []byte) ([]byte, []string, error) {
	var notes []string
	if len(b) > DefaultMaxBytes {
		b = b[:DefaultMaxBytes]
		notes = append(notes, fmt.Sprintf("message longer than %d bytes: decoded the first %d", DefaultMaxBytes, DefaultMaxBytes))
	}
	b = mailtext.NormalizeLineEnds(b)
	b = skipBlankLines(b)
	b = skipBlankLines(skipMboxLine(b))
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, notes, ErrEmpty
	}
	return b, notes, nil
}

// ReadMessage reads b into a Message for the decoders. The Message's part
// bodies may be slices of b (mime.go): b must not change while the
// Message is in use.
func ReadMessage(b []byte) (*Message, error) {
	b, notes, err := messageText(b)
	if err != nil {
		return nil, err
	}
	h, n, err := readHeader(b, maxHeaderBytes, io.EOF)
	if err != nil {
		fixed, ok := headerEndedByText(b)
		if !ok {
			return nil, fmt.Errorf("%w: %w", ErrHeader, err)
		}
		b, notes = fixed, append(notes, noteHeaderEndedByText)
		if h, n, err = readHeader(b, maxHeaderBytes, io.EOF); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrHeader, err)
		}
	}
	m := &Message{Notes: notes}
	m.Header = mailHeader{header: h, memo: &m.memo}
	mt, params, _ := h.ContentType()
	m.mediaType, m.params = mt, params
	body, err := entityBody(h, mt, params, b[n:], io.EOF)
	if err != nil {
		m.note("message: %v", err)
	}
	m.walk(h, mt, params, b[n:], io.EOF, body, 0)
	m.recoverRelabelled()
	m.unwrapAttachedReport()
	m.recoverEmbedded(b)
	m.recoverText(b)
	return m, nil
}

func (m *Message) note(format string, args ...any) {
	if len(m.Notes) < maxNotes {
		m.Notes = append(m.Notes, fmt.Sprintf(format, args...))
	}
}

// walk flattens an entity (its header h, media type mt, raw body raw,
// and body, its reader when it must be decoded: entityBody) into m.Parts.
func (m *Message) walk(h header, mt string, params map[string]string, raw []byte, end error, body io.Reader, depth int) {
	if len(m.Parts) >= MaxParts {
		return
	}
	if mt == "" {
		mt = "text/plain"
	}
	if strings.HasPrefix(mt, "multipart/") {
		if depth >= MaxDepth {
			m.note("MIME nesting deeper than %d: inner parts not read", MaxDepth)
			return
		}
		mp := newMultipart(raw, end, params["boundary"])
		for {
			ph, praw, pend, err := mp.next()
			if err == io.EOF {
				return
			}
			if err != nil {
				m.broken = true
				m.note("multipart %s: %v", mt, err)
				return
			}
			pmt, pparams, _ := ph.ContentType()
			if mt == "multipart/digest" && !ph.Has("Content-Type") {
				// RFC 2046 section 5.1.5: a digest's parts default to
				// message/rfc822.
				pmt = "message/rfc822"
			}
			pbody, err := entityBody(ph, pmt, pparams, praw, pend)
			if err != nil {
				m.note("part: %v", err)
			}
			if len(m.Parts) >= MaxParts {
				m.note("more than %d MIME parts: the rest not read", MaxParts)
				return
			}
			m.walk(ph, pmt, pparams, praw, pend, pbody, depth+1)
		}
	}
	var b []byte
	truncated := false
	if body == nil {
		// Neither encoded nor converted: the body is the raw bytes.
		b, truncated = raw, len(raw) > MaxPartBytes
		if truncated {
			b = raw[:MaxPartBytes]
		}
	} else {
		var err error
		b, truncated, err = readBounded(body, MaxPartBytes, len(raw))
		if err != nil {
			m.note("%s body: %v", mt, err)
		}
	}
	p := &Part{Header: mailHeader{header: h}, MediaType: mt, Params: params, Body: b, Truncated: truncated, Depth: depth}
	m.Parts = append(m.Parts, p)
}

// recoverText keeps the raw body as a text/plain part when a multipart
// message yielded no readable text: boundaries missing from the body, or
// a part header go-message refuses ("malformed MIME header line"). The
// text report decoders can still read it.
func (m *Message) recoverText(raw []byte) {
	if !m.broken && len(m.Parts) > 0 {
		return
	}
	for _, p := range m.Parts {
		if strings.HasPrefix(p.MediaType, "text/") && len(bytes.TrimSpace(p.Body)) > 0 {
			return
		}
	}
	i := bytes.Index(raw, []byte("\n\n"))
	if i < 0 {
		return
	}
	body := raw[i+2:]
	truncated := len(body) > MaxPartBytes
	if truncated {
		body = body[:MaxPartBytes]
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return
	}
	m.Parts = append(m.Parts, &Part{MediaType: "text/plain", Body: body, Truncated: truncated, Depth: 1})
	m.note("MIME structure unreadable: the raw body is read as text")
}

// readBounded reads at most limit bytes of r and reports whether there was
// more. It reads into one slice sized from hint, what r is expected to
// yield (a decoded body is seldom longer than its encoded form), grown
// only when r yields more.
func readBounded(r io.Reader, limit, hint int) ([]byte, bool, error) {
	if m, ok := r.(*memReader); ok {
		// Decoded already (decodeQuotedPrintable): the bytes are there.
		b, err := m.data, m.end
		m.data = nil
		if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
			err = nil
		}
		if len(b) > limit {
			return b[:limit], true, nil // the error comes after the limit
		}
		return b, false, err
	}
	if c, ok := r.(*charsetBody); ok {
		src, end := c.source(hint)
		b, truncated, err := mailtext.Transcode(c.dec, src, end, limit)
		if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
			err = nil
		}
		return b, truncated, err
	}
	b := make([]byte, 0, min(limit, max(hint, 512))+1)
	var err error
	for len(b) <= limit && err == nil {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		var n int
		n, err = r.Read(b[len(b):min(cap(b), limit+1)])
		b = b[:len(b)+n]
	}
	truncated := len(b) > limit
	if truncated {
		b = b[:limit]
		// Drain the rest so the multipart reader can find the next boundary.
		_, _ = io.Copy(io.Discard, r)
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		err = nil
	}
	return b, truncated, err
}

// skipBlankLines drops the empty and white-space-only lines at the start
// of b: some clients and archives save a message with blank lines before
// its header, which would otherwise read as an empty header and a body.
func skipBlankLines(b []byte) []byte {
	for {
		i := 0
		for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
			i++
		}
		if i == len(b) {
			return b[i:]
		}
		if b[i] != '\n' {
			return b
		}
		b = b[i+1:]
	}
}

// noteHeaderEndedByText is the note of a message whose header
// headerEndedByText ended.
const noteHeaderEndedByText = "message: header not ended by a blank line: read from the first line that is not a field as the body"

// headerEndedByText returns b with a blank line put before the first line
// of its header that neither is a field ("Name: value") nor continues one,
// when at least one field comes before that line, and whether it found
// such a line. RFC 5322 (section 2.1) ends a header with a blank line, but
// MTAs take the first line that is not a field as the start of the body
// (Postfix: src/global/mime_state.c, which leaves the header state at the
// first line is_header() rejects; Sendmail: collect.c, "not a header line"
// ends the header), so a message whose blank line went missing reaches
// the mailbox, and the milter, with its body read as a body. Only the
// header's first maxHeaderBytes are looked at, as readHeader reads them.
func headerEndedByText(b []byte) ([]byte, bool) {
	fields := 0
	for pos := 0; pos < len(b) && pos < maxHeaderBytes; {
		end := bytes.IndexByte(b[pos:], '\n')
		if end < 0 {
			end = len(b)
		} else {
			end += pos
		}
		line := b[pos:end]
		switch {
		case len(line) == 0:
			return nil, false // the blank line is there
		case line[0] == ' ' || line[0] == '\t':
			// continues the field above
		case isFieldLine(line):
			fields++
		case fields == 0:
			return nil, false // no header at all: nothing to end
		default:
			out := make([]byte, 0, len(b)+1)
			out = append(append(append(out, b[:pos]...), '\n'), b[pos:]...)
			return out, true
		}
		pos = end + 1
	}
	return nil, false
}

// isFieldLine reports whether line starts a header field: a name of
// printable ASCII characters other than ':' (blanks may follow it), then
// a colon.
func isFieldLine(line []byte) bool {
	i := bytes.IndexByte(line, ':')
	if i <= 0 {
		return false
	}
	name := bytes.TrimRight(line[:i], " \t")
	if len(name) == 0 {
		return false
	}
	for _, c := range name {
		if c < 33 || c > 126 {
			return false
		}
	}
	return true
}

// skipMboxLine drops an mbox "From " separator line at the start of b.
func skipMboxLine(b []byte) []byte {
	if bytes.HasPrefix(b, []byte("From ")) {
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			return b[i+1:]
		}
	}
	return b
}
