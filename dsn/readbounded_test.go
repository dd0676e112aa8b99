package dsn

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// errAfter yields data, then err.
type errAfter struct {
	data string
	err  error
}

func (r *errAfter) Read(p []byte) (int, error) {
	if r.data == "" {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestReadBounded(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name          string
		data          string
		end           error
		limit, hint   int
		want          string
		wantTruncated bool
		wantErr       error
	}{
		{"fits the hint", "hello", io.EOF, 100, 5, "hello", false, nil},
		{"grows past the hint", strings.Repeat("x", 3000), io.EOF, 10000, 10, strings.Repeat("x", 3000), false, nil},
		{"cut at the limit", strings.Repeat("y", 50), io.EOF, 20, 50, strings.Repeat("y", 20), true, nil},
		{"exactly the limit", strings.Repeat("z", 20), io.EOF, 20, 0, strings.Repeat("z", 20), false, nil},
		{"a truncated encoding is not an error", "ab", io.ErrUnexpectedEOF, 100, 2, "ab", false, nil},
		{"another error is kept", "ab", boom, 100, 2, "ab", false, boom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, truncated, err := readBounded(&errAfter{tt.data, tt.end}, tt.limit, tt.hint)
			assert.Equal(t, tt.want, string(got))
			assert.Equal(t, tt.wantTruncated, truncated)
			assert.Equal(t, tt.wantErr, err)
		})
	}
}
