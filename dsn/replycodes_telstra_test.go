package dsn

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestFindReplyCodeTelstra: Telstra BigPond's 558 content refusal is read as
// a reply code; the same digits inside numbers are not, and 559 stays
// outside the list.
func TestFindReplyCodeTelstra(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"558 5.7.1 Message content rejected due to suspected spam. IB703", 558},
		{"host extmail.bigpond.com[61.9.189.137] said: 558 5.7.1 Message content rejected due to suspected spam. IB704", 558},
		// Near misses: sizes and identifiers, and a 55x code nobody sends.
		{"message size 5580000 exceeds limit", 0},
		{"queue id 558B1C2 deferred", 0},
		{"559 something", 0},
	} {
		assert.Equal(t, tc.want, FindReplyCode(tc.in), tc.in)
	}
}
