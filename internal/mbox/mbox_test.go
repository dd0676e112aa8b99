package mbox

import (
	"bufio"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// splitAll splits s with Split, through a small read buffer, and with
// SplitBytes; both must give the same messages.
func splitAll(t *testing.T, s string, max int) []string {
	t.Helper()
	var out, fromBytes []string
	require.NoError(t, Split(bufio.NewReaderSize(strings.NewReader(s), 64), max, func(b []byte) { out = append(out, string(b)) }))
	require.NoError(t, SplitBytes([]byte(s), max, func(b []byte) { fromBytes = append(fromBytes, string(b)) }))
	require.Equal(t, out, fromBytes, "Split and SplitBytes differ")
	return out
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"one message", "From a@example.org Thu Jul  2 12:05:05 2020\nSubject: x\n\nbody\n",
			[]string{"Subject: x\n\nbody\n"}},
		{"blank line before From", "From a Thu Jul  2 12:05:05 2020\nA: 1\n\nb\n\nFrom b Thu Jul  2 12:05:06 2020\nB: 2\n\nc\n",
			[]string{"A: 1\n\nb\n\n", "B: 2\n\nc\n"}},
		{"no blank line, a header follows", "From a Thu Jul  2 12:05:05 2020\nA: 1\n\n--b--\nFrom double-bounce@example.org  Thu Jul  2 12:05:05 2020\nReceived: from x\n\nc\n",
			[]string{"A: 1\n\n--b--\n", "Received: from x\n\nc\n"}},
		{"no blank line, body text follows", "From a Thu Jul  2 12:05:05 2020\nA: 1\n\nline\nFrom b Thu Jul  2 12:05:05 2020\nmore text\n",
			[]string{"A: 1\n\nline\nFrom b Thu Jul  2 12:05:05 2020\nmore text\n"}},
		{"no blank line, not a separator", "From a Thu Jul  2 12:05:05 2020\nA: 1\n\nline\nFrom me to you\nX: y\n",
			[]string{"A: 1\n\nline\nFrom me to you\nX: y\n"}},
		{"held line at the end", "From a Thu Jul  2 12:05:05 2020\nA: 1\n\nline\nFrom b Thu Jul  2 12:05:05 2020\n",
			[]string{"A: 1\n\nline\nFrom b Thu Jul  2 12:05:05 2020\n"}},
		{"mboxrd quoting", "From a Thu Jul  2 12:05:05 2020\nA: 1\n\n>From here\n>>From there\n",
			[]string{"A: 1\n\nFrom here\n>From there\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, splitAll(t, tt.in, 1<<20))
		})
	}
}

func TestSplitCutsLongMessages(t *testing.T) {
	long := "From a Thu Jul  2 12:05:05 2020\n" + strings.Repeat("x", 100) + "\n" + strings.Repeat("y", 100) + "\n"
	got := splitAll(t, long, 50)
	require.Len(t, got, 1)
	assert.Len(t, got[0], 50)
}

func TestIsMbox(t *testing.T) {
	assert.True(t, IsMbox([]byte("From a Thu Jul  2 12:05:05 2020\nA: 1\n")))
	assert.False(t, IsMbox([]byte("From: a@example.org\n")))
	assert.False(t, IsMbox([]byte("From a Thu Jul  2 12:05:05 2020\rA: 1\r")))
	assert.True(t, IsCROnlyMbox([]byte("From a Thu Jul  2 12:05:05 2020\rA: 1\r")))
	assert.False(t, IsCROnlyMbox([]byte("From a Thu Jul  2 12:05:05 2020\r\nA: 1\r\n")))
	assert.False(t, IsCROnlyMbox([]byte("From: a@example.org\rA: 1\r")))
}

func TestIsHeaderLine(t *testing.T) {
	assert.True(t, isHeaderLine([]byte("Received: from x\n")))
	assert.True(t, isHeaderLine([]byte("X-Custom-1:x\n")))
	assert.False(t, isHeaderLine([]byte("more text: here\n")))
	assert.False(t, isHeaderLine([]byte(": x\n")))
}
