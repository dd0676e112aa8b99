package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestJP15YahooJapanExpired: Yahoo! JAPAN's "Message expired for domain"
// gives up after retries, whatever deferral it quotes (jp15.tsv); the quoted
// reply alone, or from another decoder, keeps its own reading.
func TestJP15YahooJapanExpired(t *testing.T) {
	const relay = "454 4.7.1 <a@example.com>: Relay access denied [RCPT_TO]"
	for _, tc := range []struct {
		name, decoder, diag string
		want                Reason
	}{
		{"expired with relay deferral", "Yahoo", "Message expired for domain example.com. Remote host said: " + relay, Expired},
		{"expired with user unknown deferral", "Yahoo", "Message expired for domain example.com. Remote host said: 451 4.3.0 Temporary lookup failure", Expired},
		// Near misses: the deferral alone, and the words under another decoder.
		{"relay denied alone", "Yahoo", "Remote host said: " + relay, NoRelaying},
		{"other decoder", "Postfix", "Message expired for domain example.com. Remote host said: " + relay, NoRelaying},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fact("", "a@example.com", "4.7.1", tc.diag)
			r.Decoder = tc.decoder
			v := classifyOne(t, r)
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
