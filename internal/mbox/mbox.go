// Package mbox splits an mbox file (RFC 4155, the "From " line format of
// Sendmail's and Postfix's local delivery) into its messages.
package mbox

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// IsMbox reports whether head, the start of a file, is the start of an
// mbox: a "From " line. A message with CR-only line ends cannot be split
// on lines and is read whole, so head must hold a '\n'.
func IsMbox(head []byte) bool {
	return bytes.HasPrefix(head, []byte("From ")) && bytes.IndexByte(head, '\n') >= 0
}

// IsCROnlyMbox reports whether head is the start of an mbox whose lines
// end in CR alone (as classic Mac OS wrote them): a "From " line, a CR and
// no LF. Such an mbox can be split once its line ends are turned into LF.
func IsCROnlyMbox(head []byte) bool {
	return bytes.HasPrefix(head, []byte("From ")) && bytes.IndexByte(head, '\n') < 0 && bytes.IndexByte(head, '\r') >= 0
}

// Split calls fn with each message of the mbox r, without its "From "
// line; mboxrd's ">From " quoting is undone. A message longer than max
// bytes is cut at max. The slice passed to fn is fn's to keep.
//
// A message starts at a "From " line that follows a blank line (RFC 4155
// section 2), or that follows no blank line but is itself a separator:
// "From " then at least an address and a date ("From sender Thu Jul  2
// 12:05:05 2020"), and a header line ("Name: value") right after it.
// Writers that append messages without the blank line exist; a "From "
// line inside a body is not followed by a header.
func Split(r *bufio.Reader, max int, fn func([]byte)) error {
	return split(r.ReadSlice, nil, max, fn)
}

// SplitBytes is Split for an mbox held in memory, b: it reads b's lines
// where they are, without a read buffer, and gives each message a buffer
// of the size it will most likely have (up to the next "From " line).
func SplitBytes(b []byte, max int, fn func([]byte)) error {
	return split(func(byte) ([]byte, error) {
		if len(b) == 0 {
			return nil, io.EOF
		}
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			line := b
			b = nil
			return line, io.EOF
		}
		line := b[:i+1]
		b = b[i+1:]
		return line, nil
	}, func() int {
		if bytes.HasPrefix(b, []byte("From ")) {
			return 0
		}
		if i := bytes.Index(b, []byte("\nFrom ")); i >= 0 {
			return i + 1
		}
		return len(b)
	}, max, fn)
}

// split splits the mbox whose lines readLine returns, as bufio.Reader's
// ReadSlice('\n') does: a line with its line end, bufio.ErrBufferFull
// for the first part of a line too long to hold, and io.EOF with the last
// line if it has no line end. sizeHint, if not nil, returns the size the
// message that has just begun most likely has, at most its real size: its
// buffer starts that large instead of growing (and being copied) line by
// line.
func split(readLine func(delim byte) ([]byte, error), sizeHint func() int, max int, fn func([]byte)) error {
	var msg []byte
	started := false
	blank := true
	var held []byte // a "From " line after a non-blank line, until the next line says what it is
	add := func(line []byte) {
		if q := bytes.TrimLeft(line, ">"); len(q) < len(line) && bytes.HasPrefix(q, []byte("From ")) {
			line = line[1:]
		}
		if len(msg) < max {
			msg = append(msg, line[:min(len(line), max-len(msg))]...)
		}
	}
	begin := func() {
		if started {
			fn(msg)
		}
		msg, started = nil, true
		if sizeHint != nil {
			msg = make([]byte, 0, min(sizeHint(), max))
		}
	}
	for {
		line, err := readLine('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			// A very long line: take it in pieces.
			if held != nil {
				add(held)
				held = nil
			}
			if len(msg) < max {
				msg = append(msg, line[:min(len(line), max-len(msg))]...)
			}
			continue
		}
		if len(line) > 0 {
			switch {
			case held != nil && isHeaderLine(line):
				held = nil
				begin()
				add(line)
			case held != nil:
				add(held)
				held = nil
				fallthrough
			default:
				switch {
				case bytes.HasPrefix(line, []byte("From ")) && blank:
					begin()
				case bytes.HasPrefix(line, []byte("From ")) && started && isSeparator(line):
					held = append([]byte(nil), line...)
				default:
					add(line)
				}
			}
			blank = len(bytes.TrimRight(line, "\r\n")) == 0
		}
		if err == io.EOF {
			if held != nil {
				add(held)
			}
			if started {
				fn(msg)
			}
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// isSeparator reports whether a "From " line has the shape of an mbox
// separator: "From", an address, then a date with a time of day
// ("Thu Jul  2 12:05:05 2020").
func isSeparator(line []byte) bool {
	f := bytes.Fields(line)
	if len(f) < 4 {
		return false
	}
	for _, w := range f[2:] {
		if n := bytes.Count(w, []byte(":")); n >= 1 && n <= 2 && len(bytes.Trim(w, "0123456789:")) == 0 {
			return true
		}
	}
	return false
}

// isHeaderLine reports whether line is a header field's first line: a
// name of printable characters other than ':' and space, then ':'.
func isHeaderLine(line []byte) bool {
	i := bytes.IndexByte(line, ':')
	if i <= 0 {
		return false
	}
	for _, c := range line[:i] {
		if c <= ' ' || c > '~' {
			return false
		}
	}
	return true
}
