package dsn

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestFindReplyCodeHostedMail: Zoho's and Alibaba Mail's 541 and 542 are
// read as reply codes; the same digits inside numbers are not, and other
// 54x numbers stay outside the list.
func TestFindReplyCodeHostedMail(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"541 5.4.1 Mail rejected by destination domain", 541},
		{"host mx.zoho.com [204.141.33.44]: 541 5.4.1 Mail rejected by destination domain", 541},
		{"542 This account isn't allowed to receive email", 542},
		{"541 This account isn't allowed to send email", 541},
		// Near misses: sizes and identifiers, and 54x codes nobody sends.
		{"size 5410000 exceeds", 0},
		{"queue id 542A7F1 deferred", 0},
		{"543 something", 0},
		{"549 5.4.9 other", 0},
	} {
		assert.Equal(t, tc.want, FindReplyCode(tc.in), tc.in)
	}
}
