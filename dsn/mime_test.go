package dsn

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/emersion/go-message"
	"github.com/stretchr/testify/require"
)

// The in-memory reader (mime.go) must read every message as go-message
// reads it: the reference below is the walk over go-message's entities
// that ReadMessage was before, and the snapshots of both must agree, on
// the corpus, on crafted edge cases and under fuzzing.

type readSnapshot struct {
	Err       string
	MediaType string
	Params    map[string]string
	Header    []string
	Parts     []partSnapshot
	Notes     []string
	Broken    bool
}

type partSnapshot struct {
	MediaType string
	Params    map[string]string
	Header    []string
	Body      string
	Truncated bool
	Depth     int
}

// fieldsOf lists a header's fields, given in order, as "name: value",
// names lower-cased and sorted, each name's values in order. Names are
// grouped ignoring ASCII case, as RFC 5322 has them: also the names
// go-message keeps apart because it cannot canonicalise them (a name
// with a '"' in it), which the reader here does not tell apart either.
func fieldsOf(names, values []string) []string {
	byName := map[string][]string{}
	var order []string
	for i, k := range names {
		lk := strings.ToLower(k)
		if _, ok := byName[lk]; !ok {
			order = append(order, lk)
		}
		byName[lk] = append(byName[lk], values[i])
	}
	sort.Strings(order)
	var out []string
	for _, lk := range order {
		for _, v := range byName[lk] {
			out = append(out, lk+": "+v)
		}
	}
	return out
}

func snapshotOf(m *Message, err error) readSnapshot {
	if err != nil {
		return readSnapshot{Err: err.Error()}
	}
	hdr := func(h mailHeader) []string {
		var names, values []string
		for i := range h.fields {
			names, values = append(names, h.name(i)), append(values, h.value(i))
		}
		return fieldsOf(names, values)
	}
	s := readSnapshot{MediaType: m.mediaType, Params: m.params, Header: hdr(m.Header), Notes: m.Notes, Broken: m.broken}
	for _, p := range m.Parts {
		s.Parts = append(s.Parts, partSnapshot{p.MediaType, p.Params, hdr(p.Header), string(p.Body), p.Truncated, p.Depth})
	}
	return s
}

// refMessage is ReadMessage as it was over go-message.
type refMessage struct {
	Message
	headers []message.Header
	inner   map[int]bool // parts unwrapAttachedReport read
}

func refReadMessage(b []byte) readSnapshot {
	b, notes, err := messageText(b)
	if err != nil {
		return readSnapshot{Err: err.Error()}
	}
	e, err := message.Read(bytes.NewReader(b))
	if e == nil {
		// ReadMessage reads a header ended without its blank line up to
		// the first line that is not a field (headerEndedByText).
		fixed, ok := headerEndedByText(b)
		if ok {
			b, notes = fixed, append(notes, noteHeaderEndedByText)
			e, err = message.Read(bytes.NewReader(b))
		}
		if e == nil {
			return readSnapshot{Err: fmt.Errorf("%w: %w", ErrHeader, err).Error()}
		}
	}
	m := &refMessage{Message: Message{Notes: notes}}
	if err != nil {
		m.note("message: %v", err)
	}
	m.mediaType, m.params, _ = e.Header.ContentType()
	m.refWalk(e, 0)
	// unwrapAttachedReport (attached.go) reads an attached report with
	// ReadMessage's own walk: the parts it puts in place of the attachment
	// keep the headers that walk read, the others theirs.
	walked := map[*Part]message.Header{}
	for i, p := range m.Parts {
		if i < len(m.headers) {
			walked[p] = m.headers[i]
		}
	}
	m.unwrapAttachedReport()
	m.headers, m.inner = m.headers[:0], map[int]bool{}
	for i, p := range m.Parts {
		h, ok := walked[p]
		if !ok {
			m.inner[i] = true
		}
		m.headers = append(m.headers, h)
	}
	m.recoverEmbedded(b)
	m.recoverText(b)
	hdr := func(h message.Header) []string {
		var names, values []string
		for f := h.Fields(); f.Next(); {
			names, values = append(names, f.Key()), append(values, f.Value())
		}
		return fieldsOf(names, values)
	}
	s := readSnapshot{MediaType: m.mediaType, Params: m.params, Header: hdr(e.Header), Notes: m.Notes, Broken: m.broken}
	for i, p := range m.Parts {
		ps := partSnapshot{p.MediaType, p.Params, nil, string(p.Body), p.Truncated, p.Depth}
		if m.inner[i] {
			ps.Header = snapshotOf(&Message{Parts: []*Part{p}}, nil).Parts[0].Header
		} else if i < len(m.headers) {
			ps.Header = hdr(m.headers[i])
		}
		s.Parts = append(s.Parts, ps)
	}
	return s
}

func (m *refMessage) refWalk(e *message.Entity, depth int) {
	if len(m.Parts) >= MaxParts {
		return
	}
	mt, params, _ := e.Header.ContentType()
	if mt == "" {
		mt = "text/plain"
	}
	if mr := e.MultipartReader(); mr != nil {
		if depth >= MaxDepth {
			m.note("MIME nesting deeper than %d: inner parts not read", MaxDepth)
			return
		}
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				return
			}
			if err != nil && p == nil {
				m.broken = true
				m.note("multipart %s: %v", mt, err)
				return
			}
			if err != nil {
				m.note("part: %v", err)
			}
			if len(m.Parts) >= MaxParts {
				m.note("more than %d MIME parts: the rest not read", MaxParts)
				return
			}
			m.refWalk(p, depth+1)
		}
	}
	body, truncated, err := readBounded(e.Body, MaxPartBytes, 0)
	if err != nil {
		m.note("%s body: %v", mt, err)
	}
	m.Parts = append(m.Parts, &Part{MediaType: mt, Params: params, Body: body, Truncated: truncated, Depth: depth})
	m.headers = append(m.headers, e.Header)
}

// readerCases are messages that take the readers' rarer paths.
var readerCases = map[string]string{
	"folded":             "Subject: a\n  b\n\tc\n \nTo: x@y\n\nbody\n",
	"initial space":      " Subject: a\n\nbody\n",
	"no colon":           "Subject: a\nnot a field\n\nbody\n",
	"bad key":            "Sub ject: a\n\nbody\n",
	"empty key":          ": a\nTo: b\n\nbody\n",
	"no body":            "Subject: a\nTo: b\n",
	"no newline":         "Subject: a",
	"repeated":           "Received: 1\nreceived: 2\nRECEIVED: 3\n\n",
	"blank value":        "X-A:\nX-B:   \t\n\n",
	"multipart":          "Content-Type: multipart/report; boundary=\"b\"\n\npreamble\n--b\nContent-Type: text/plain\n\nhello\n--b\nContent-Type: message/delivery-status\n\nStatus: 5.1.1\n--b--\nepilogue\n",
	"no final":           "Content-Type: multipart/mixed; boundary=b\n\n--b\n\nhello\n--b\n\nworld\n",
	"partial end":        "Content-Type: multipart/mixed; boundary=b\n\n--b\n\nhello\n--bo",
	"delimiter at end":   "Content-Type: multipart/mixed; boundary=b\n\n--b\n\nhello\n--b",
	"padded":             "Content-Type: multipart/mixed; boundary=b\n\n--b \t\n\nhello\n--bx\nstill\n--b-- \n",
	"empty part":         "Content-Type: multipart/mixed; boundary=b\n\n--b\n\n--b\nContent-Type: text/plain\n\nx\n--b--\n",
	"unexpected":         "Content-Type: multipart/mixed; boundary=b\n\n--b\n\nhello\n--b--junk\n--b\n\nx\n--b--\n",
	"long preamble":      "Content-Type: multipart/mixed; boundary=b\n\n" + strings.Repeat("x", 5000) + "\n--b\n\nhello\n--b--\n",
	"exact preamble":     "Content-Type: multipart/mixed; boundary=b\n\n" + strings.Repeat("x", 4095) + "\n--b\n\nhello\n--b--\n",
	"empty boundary":     "Content-Type: multipart/mixed; boundary=\"\"\n\n--\n\nx\n",
	"nested":             "Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: multipart/alternative; boundary=i\n\n--i\n\na\n--i\nContent-Type: text/html\n\n<b>b</b>\n--i--\n--o\nContent-Type: message/rfc822\n\nSubject: x\n\ny\n--o--\n",
	"base64":             "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\naGVs bG8g\nd29y\tbGQ=\n",
	"base64 part":        "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Transfer-Encoding: base64\n\naGVsbG8\n--b--\n",
	"base64 no end":      "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Transfer-Encoding: base64\n\naGVsbG8",
	"qp":                 "Content-Transfer-Encoding: quoted-printable\n\nsoft=\nbreak =C3=A9\n",
	"qp no end":          "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Transfer-Encoding: quoted-printable\n\na=3D=",
	"latin1":             "Content-Type: text/plain; charset=iso-8859-1\n\ncaf\xe9\n",
	"unknown charset":    "Content-Type: text/plain; charset=x-nonsense\n\nabc\n",
	"jis base64":         "Content-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: base64\n\nGyRCJDMkcyRLJEEkTxsoQg==\n",
	"jis cut short":      "Content-Type: text/plain; charset=iso-2022-jp\n\n\x1b$B$3$s\x1b(B ok \x1b$B$3",
	"sjis qp":            "Content-Type: text/plain; charset=shift_jis\nContent-Transfer-Encoding: quoted-printable\n\n=82=B1=82=F1=82\n",
	"sjis cut part":      "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain; charset=shift_jis\n\n\x82\xb1\x82",
	"sjis cut base64":    "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain; charset=shift_jis\nContent-Transfer-Encoding: base64\n\ngrGC",
	"latin1 bad base64":  "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: base64\n\nY2Fm6Q*=\n",
	"utf-16":             "Content-Type: text/plain; charset=utf-16\n\n\xff\xfea\x00b\x00\x00",
	"cs name":            "Content-Type: text/plain; charset=ISOLatin1\n\ncaf\xe9\n",
	"html index name":    "Content-Type: text/plain; charset=latin1\n\ncaf\xe9\n",
	"go-message's own":   "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain; charset=ANSI_X3.110-1983\n\ncaf\xe9\n--b\nContent-Type: text/plain; charset=x-utf_8j\n\ncaf\xc3\xa9\n--b--\n",
	"long latin1":        "Content-Type: text/plain; charset=windows-1252\n\n" + strings.Repeat("\xe9\x80", 3000) + "\n",
	"unknown cte":        "Content-Transfer-Encoding: x-uue\n\nabc\n",
	"bad type":           "Content-Type: text/plain; charset\n\nabc\n",
	"encoded param":      "Content-Type: text/plain; name=\"=?utf-8?q?caf=C3=A9?=\"\n\nabc\n",
	"part bad header":    "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\nno colon here\n\nx\n--b--\n",
	"crlf":               "Subject: a\r\n b\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n",
	"header at bound":    strings.Repeat("X-Long: "+strings.Repeat("y", 1000)+"\n", 1100) + "\nbody\n",
	"no blank line":      "Subject: a\nContent-Type: multipart/mixed; boundary=b\n--b\n\nx\n--b--\n",
	"no blank, folded":   "Subject: a\n b\nnot a field\nmore\n",
	"no field at all":    "not a field\nSubject: a\n\nx\n",
	"header under bound": "X-Long: " + strings.Repeat("y", maxHeaderBytes-10) + "\n\nbody\n",
}

func TestReaderAgreesWithGoMessage(t *testing.T) {
	check := func(name string, b []byte) {
		t.Helper()
		m, err := ReadMessage(b)
		requireAgree(t, refReadMessage(b), snapshotOf(m, err), name)
	}
	for name, c := range readerCases {
		check(name, []byte(c))
	}
	files, err := filepath.Glob("../testdata/corpus/*/*.eml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		check(f, b)
	}
}

func FuzzReaderAgrees(f *testing.F) {
	for _, c := range readerCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ReadMessage(b)
		requireAgree(t, refReadMessage(b), snapshotOf(m, err))
	})
}

// requireAgree fails unless the two readings agree: the same header,
// parts, bodies and notes, and both unreadable or both not. Of a message
// neither can read, the errors' texts may differ (go-message says "EOF"
// of a 4 KiB line it cannot buffer, the reader here names the key it
// finds malformed): such a message is not a report either way.
func requireAgree(t *testing.T, want, got readSnapshot, msgAndArgs ...any) {
	t.Helper()
	if want.Err != "" && got.Err != "" {
		want.Err, got.Err = "unreadable", "unreadable"
	}
	require.Equal(t, want, got, msgAndArgs...)
}
