package dsn

import (
	"io"
	"strings"

	"github.com/emersion/go-message/charset"

	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// ConvertCharset converts s from the charset named cs to UTF-8, in
// memory; false when no index knows cs or s is not text in it. It is the
// conversion dsn applies to a part's declared charset, for text whose
// charset nobody declared and a reader has to guess (a phrase found in the
// conversion confirms the guess).
func ConvertCharset(cs, s string) (string, bool) {
	if dec := mailtext.CharsetDecoder(cs); dec != nil {
		// In memory, without a charset.Reader's 8 KiB of buffers.
		b, err := mailtext.DecodeCharset(dec, []byte(s))
		if err != nil {
			return "", false
		}
		return string(b), true
	}
	r, err := charset.Reader(cs, strings.NewReader(s))
	if err != nil {
		return "", false
	}
	// The decoders write at most a few bytes for each byte read, and s is
	// bounded (MaxPartBytes, or a header field).
	b, err := io.ReadAll(r)
	if err != nil {
		return "", false
	}
	return string(b), true
}
