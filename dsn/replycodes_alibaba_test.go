package dsn

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestFindReplyCodeAlibaba: Alibaba Mail's 505 (too many recipients) and 510
// (body or attachment over its limits) are read as reply codes; the same
// digits inside sizes and identifiers are not, and 506/511 stay outside.
func TestFindReplyCodeAlibaba(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"505 the total of RCPTs is achieved the maximum threshold", 505},
		{"host mxw.mxhichina.com[42.120.219.135] said: 510 The length of Attach is achieved the maximum threshold", 510},
		{"510 The number of attachments is achieved the maximum threshold", 510},
		// Near misses.
		{"message of 5100000 bytes exceeds the limit", 0},
		{"queue id 505AF31 deferred", 0},
		{"506 something", 0},
		{"511 something", 0},
	} {
		assert.Equal(t, tc.want, FindReplyCode(tc.in), tc.in)
	}
}
