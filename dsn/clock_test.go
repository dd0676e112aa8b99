package dsn

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// clockOfSplit is clockOf as it read the pieces of strings.SplitN.
func clockOfSplit(s string) (h, m, sec int, ok bool) {
	parts := [3]int{}
	n := 0
	for _, p := range strings.SplitN(s, ":", 3) {
		v, good := atoiSmall(p)
		if !good || len(p) > 2 {
			return 0, 0, 0, false
		}
		parts[n] = v
		n++
	}
	if n < 2 || parts[0] > 23 || parts[1] > 59 || parts[2] > 60 {
		return 0, 0, 0, false
	}
	return parts[0], parts[1], parts[2], true
}

func TestClockOfAsSplit(t *testing.T) {
	for _, s := range []string{"", ":", "::", ":::", "23:45", "23:45:32", "7:05:09", "23:45:32:1", "24:00", "12:60",
		"12:30:61", "1:2:3", "123:4", "12:34:", "12::34", "a:b", "12:34:5x", "12"} {
		h, m, sec, ok := clockOf(s)
		wh, wm, wsec, wok := clockOfSplit(s)
		assert.Equal(t, [4]any{wh, wm, wsec, wok}, [4]any{h, m, sec, ok}, "%q", s)
	}
}

func FuzzClockOf(f *testing.F) {
	f.Add("23:45:32")
	f.Fuzz(func(t *testing.T, s string) {
		h, m, sec, ok := clockOf(s)
		wh, wm, wsec, wok := clockOfSplit(s)
		if h != wh || m != wm || sec != wsec || ok != wok {
			t.Fatalf("clockOf(%q) = %d %d %d %v, want %d %d %d %v", s, h, m, sec, ok, wh, wm, wsec, wok)
		}
	})
}
