package mailtext

import (
	"io"
	"strings"
	"sync"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/transform"
)

// goMessageOwnCharsets are the names go-message's charset package maps
// with a table of its own (charset/charset.go in go-message v0.18.2)
// before it asks the IANA and HTML indexes: CharsetDecoder leaves them to
// go-message (nil).
var goMessageOwnCharsets = map[string]bool{"ansi_x3.110-1983": true, "x-utf_8j": true}

// charsetEncodings caches CharsetDecoder's look-ups of the names the
// indexes know (a fixed set, lower-cased); a name they do not know is
// looked up again each time, so that a stream of made-up names in hostile
// mail cannot grow the cache.
var charsetEncodings sync.Map // string -> encoding.Encoding

// CharsetDecoder returns a decoder to UTF-8 of the charset named name
// (in any case), the encoding go-message's charset.Reader would decode it
// with: the IANA index's MIME name, that name with "cs" before it, or the
// HTML index's. It returns nil when it does not know the name or the name
// is one go-message maps itself: the caller then asks charset.Reader,
// which also says what is wrong with the name.
//
// Decoding a text held in memory with it (Transcode) spares the 8 KiB of
// buffers of the transform.Reader that charset.Reader returns.
func CharsetDecoder(name string) *encoding.Decoder {
	name = strings.ToLower(name)
	// The indexes trim the names they are given, so a known name with
	// spaces around it is looked up each time, not cached: the cache's
	// keys stay the indexes' own names.
	cache := name == strings.TrimSpace(name)
	if e, ok := charsetEncodings.Load(name); ok {
		return e.(encoding.Encoding).NewDecoder()
	}
	var enc encoding.Encoding
	if !goMessageOwnCharsets[name] {
		enc, _ = ianaindex.MIME.Encoding(name)
		if enc == nil {
			enc, _ = ianaindex.MIME.Encoding("cs" + name)
		}
		if enc == nil {
			enc, _ = htmlindex.Get(name)
		}
	}
	if enc == nil {
		return nil
	}
	if cache {
		charsetEncodings.Store(name, enc)
	}
	return enc.NewDecoder()
}

// Transcode converts src, a text held in memory whose reading ends with
// end (io.EOF, or the error that cut it short), through t, as reading a
// transform.Reader of t over that reader to the end yields it: with end
// io.EOF the transformer is told the text is whole (an incomplete last
// character is decoded as the charset decodes one), with another end it
// is not (an incomplete last character is left out) and end is the
// error. A transformer's own error stops it, returned unless end is one
// other than io.EOF. It returns at most limit bytes, and whether there
// were more (truncated: the error after the limit is not read).
func Transcode(t transform.Transformer, src []byte, end error, limit int) (out []byte, truncated bool, err error) {
	const slack = 16 // room past the limit for the last character's bytes
	atEOF := end == io.EOF
	// Mostly ASCII, or two bytes for three in the CJK charsets.
	dst := make([]byte, min(limit+slack, len(src)+len(src)/2+16))
	w := 0
	for {
		nDst, nSrc, terr := t.Transform(dst[w:], src, atEOF)
		w += nDst
		src = src[nSrc:]
		if w > limit {
			return dst[:limit], true, nil
		}
		switch {
		case terr == nil:
			return dst[:w], false, end
		case terr == transform.ErrShortDst && len(dst) < limit+slack:
			grown := make([]byte, min(limit+slack, 2*len(dst)))
			copy(grown, dst[:w])
			dst = grown
		case terr == transform.ErrShortSrc && !atEOF:
			return dst[:w], false, end
		case end == nil || end == io.EOF:
			return dst[:w], false, terr
		default:
			return dst[:w], false, end
		}
	}
}

// DecodeCharset converts all of src, a whole text, from the charset that
// dec decodes: Transcode without a limit (a decoder writes at most four
// bytes for each byte it reads).
func DecodeCharset(dec transform.Transformer, src []byte) ([]byte, error) {
	b, truncated, err := Transcode(dec, src, io.EOF, 4*len(src)+16)
	if err == io.EOF {
		err = nil
	}
	if truncated && err == nil {
		err = transform.ErrShortDst
	}
	return b, err
}
