package dsn

import (
	"errors"
	"io"
	"mime/quotedprintable"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// qpByReader decodes raw as go-message does: mime/quotedprintable's
// Reader over the raw body, read until it stops.
func qpByReader(raw []byte, end error) ([]byte, error) {
	r := quotedprintable.NewReader(&memReader{data: raw, end: end})
	var out []byte
	buf := make([]byte, 512)
	for {
		n, err := r.Read(buf)
		out = append(out, buf[:n]...)
		if err != nil {
			return out, err
		}
	}
}

// assertQuotedPrintableAgrees checks decodeQuotedPrintable against the
// Reader: the same bytes, and the same error.
func assertQuotedPrintableAgrees(t *testing.T, raw string, end error) {
	t.Helper()
	want, wantErr := qpByReader([]byte(raw), end)
	got, err := decodeQuotedPrintable([]byte(raw), end)
	assert.Equal(t, string(want), string(got), "decoded %q", raw)
	if wantErr == nil || err == nil {
		assert.Equal(t, wantErr, err, "error for %q", raw)
		return
	}
	assert.Equal(t, wantErr.Error(), err.Error(), "error for %q", raw)
}

var errPartEnd = errors.New("multipart: NextPart: EOF")

func TestQuotedPrintableAgrees(t *testing.T) {
	inputs := []string{
		"",
		"plain text\n",
		"caf=C3=A9 =E2=82=AC\r\nnext line\r\n",
		"soft =\nbreak\n",
		"soft =\r\nbreak",
		"soft at the end=",
		"=",
		"trailing blanks   \t\nkept out\n",
		"blanks after soft break=  \n",
		"bytes after soft break= x\n",
		"a literal = sign\n",
		"a broken =4 escape\n",
		"an escape cut at the end =4",
		"lower case =c3=a9\n",
		"=\rbare CR after =\n",
		"bare\rCR\n",
		"a NUL \x00 byte\n",
		"DEL \x7f\n",
		"high bytes \xe9\xff\n",
		"tab\there\n",
		"=4\n",
		"x=\r",
		strings.Repeat("long ", 1000) + "\n",
		strings.Repeat("y", 4096) + "=\n",
		strings.Repeat("z", 4095) + "\n" + "after\n",
		strings.Repeat("w", 5000),
		strings.Repeat("=", 50) + "\n", // more "=" than half the bytes
		"a=b=c=\n=3D=3d=\n",
	}
	for _, raw := range inputs {
		for _, end := range []error{io.EOF, errPartEnd} {
			assertQuotedPrintableAgrees(t, raw, end)
		}
	}
}

func FuzzQuotedPrintableAgrees(f *testing.F) {
	for _, s := range []string{"caf=C3=A9\r\n", "soft =\nbreak", "=4", "x= \n", "\x00=\r"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, raw string, partEnd bool) {
		end := io.EOF
		if partEnd {
			end = errPartEnd
		}
		assertQuotedPrintableAgrees(t, raw, end)
	})
}
