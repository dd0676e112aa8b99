package dsn

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

// decodeQuotedPrintable decodes raw, a quoted-printable body held in
// memory whose reading ended with end (io.EOF, or the error its multipart
// reported), as mime/quotedprintable's Reader decodes it when read to the
// end through go-message: the bytes decoded and the error the reading
// stops with (end, when nothing else stops it). It reads raw where it is,
// without the Reader's line buffer and its copies.
//
// The Reader's rules, kept case for case (TestQuotedPrintableAgrees and
// its fuzz target compare both): a line's trailing white space is
// dropped; "=" at the end of a line is a soft line break, and must be
// followed by nothing but white space and the line end (or end the
// data); "=" not followed by two hex digits is a literal "=" unless the
// line ends after it; bytes below 0x20 other than tab, CR and LF, and
// 0x7f, are errors; bytes from 0x80 pass. A line longer than the
// Reader's 4096-byte buffer stops it with bufio.ErrBufferFull.
func decodeQuotedPrintable(raw []byte, end error) ([]byte, error) {
	const lineBuffer = 4096 // bufio.NewReader's size, which the Reader uses
	// Each "=XX" and soft line break is three or two bytes read for one
	// or none written: a longer output (a literal "=") only grows.
	out := make([]byte, 0, max(len(raw)-bytes.Count(raw, []byte("="))*2, 0)+8)
	for {
		if len(raw) == 0 {
			return out, end
		}
		var line []byte
		var lineErr error
		switch i := bytes.IndexByte(raw, '\n'); {
		case i >= lineBuffer || i < 0 && len(raw) > lineBuffer:
			line, raw, lineErr = raw[:lineBuffer], nil, bufio.ErrBufferFull
		case i >= 0:
			line, raw = raw[:i+1], raw[i+1:]
		default:
			line, raw, lineErr = raw, nil, end
		}
		var ending []byte
		text := bytes.TrimRight(line, " \t\r\n")
		switch {
		case bytes.HasSuffix(text, []byte("=")):
			after := bytes.TrimLeft(line[len(text):], " \t")
			text = text[:len(text)-1]
			if !bytes.HasPrefix(after, []byte("\n")) && !bytes.HasPrefix(after, []byte("\r\n")) &&
				!(len(after) == 0 && len(text) > 0 && lineErr == io.EOF) {
				lineErr = fmt.Errorf("quotedprintable: invalid bytes after =: %q", after)
			}
		case bytes.HasSuffix(line, []byte("\r\n")):
			ending = []byte("\r\n")
		case bytes.HasSuffix(line, []byte("\n")):
			ending = []byte("\n")
		}
		var err error
		if out, err = decodeQuotedPrintableLine(out, text, ending); err != nil {
			return out, err
		}
		if lineErr != nil {
			return out, lineErr
		}
	}
}

// decodeQuotedPrintableLine appends to out the decoding of a line's text
// and its line end, as the Reader decodes them.
func decodeQuotedPrintableLine(out, text, ending []byte) ([]byte, error) {
	// at returns the line's byte k, its end included, or -1 past it.
	at := func(k int) int {
		switch {
		case k < len(text):
			return int(text[k])
		case k-len(text) < len(ending):
			return int(ending[k-len(text)])
		}
		return -1
	}
	for k := 0; k < len(text)+len(ending); k++ {
		c := at(k)
		switch {
		case c == '=':
			hi, lo := unhex(at(k+1)), unhex(at(k+2))
			if hi >= 0 && lo >= 0 {
				out = append(out, byte(hi<<4|lo))
				k += 2
				continue
			}
			if next := at(k + 1); next < 0 || next == '\r' || next == '\n' {
				if next < 0 || at(k+2) < 0 {
					return out, io.ErrUnexpectedEOF
				}
				return out, fmt.Errorf("quotedprintable: invalid hex byte 0x%02x", next)
			}
			// Not an escape: a literal "=".
		case c == '\t' || c == '\r' || c == '\n' || c >= 0x80:
		case c < ' ' || c > '~':
			return out, fmt.Errorf("quotedprintable: invalid unescaped byte 0x%02x in body", c)
		}
		out = append(out, byte(c))
	}
	return out, nil
}

// unhex returns the value of the hex digit c (either case), or -1.
func unhex(c int) int {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return -1
}
