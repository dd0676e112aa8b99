package dsn

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestClockOf(t *testing.T) {
	for _, tc := range []struct {
		in        string
		h, m, sec int
		ok        bool
	}{
		{"", 0, 0, 0, false},
		{":", 0, 0, 0, false},
		{"::", 0, 0, 0, false},
		{":::", 0, 0, 0, false},
		{"23:45", 23, 45, 0, true},
		{"23:45:32", 23, 45, 32, true},
		{"7:05:09", 7, 5, 9, true},
		{"23:45:32:1", 0, 0, 0, false},
		{"24:00", 0, 0, 0, false},
		{"12:60", 0, 0, 0, false},
		{"12:30:61", 0, 0, 0, false},
		{"1:2:3", 1, 2, 3, true},
		{"123:4", 0, 0, 0, false},
		{"12:34:", 0, 0, 0, false},
		{"12::34", 0, 0, 0, false},
		{"a:b", 0, 0, 0, false},
		{"12:34:5x", 0, 0, 0, false},
		{"12", 0, 0, 0, false},
	} {
		h, m, sec, ok := clockOf(tc.in)
		assert.Equal(t, [4]any{tc.h, tc.m, tc.sec, tc.ok}, [4]any{h, m, sec, ok}, "%q", tc.in)
	}
}
