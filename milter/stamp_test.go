package milter

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
)

func TestDetailRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		rec  classify.Record
		want map[string]string
	}{
		{"full", classify.Record{Recipient: "bob@example.com", DeliveryStatus: "5.1.1", ReplyCode: "550", HardBounce: true,
			Reason: classify.UserUnknown, RHost: "mx.example.com", Rule: "status/5.1.1", DecodedBy: "RFC3464"},
			map[string]string{"recipient": "bob@example.com", "status": "5.1.1", "reply-code": "550", "bounce": "hard",
				"reason": "userunknown", "rhost": "mx.example.com", "rule": "status/5.1.1", "decoder": "RFC3464"}},
		{"sparse", classify.Record{Reason: classify.Undefined},
			map[string]string{"recipient": "", "bounce": "soft", "reason": "undefined"}},
		{"quoting", classify.Record{Recipient: `"odd; local"@example.com`, Rule: "text/userunknown/user unknown", Reason: classify.UserUnknown},
			map[string]string{"recipient": `"odd; local"@example.com`, "bounce": "soft", "reason": "userunknown", "rule": "text/userunknown/user unknown"}},
		{"control characters dropped", classify.Record{Recipient: "a\r\nInjected: yes@example.com", Reason: classify.UserUnknown},
			map[string]string{"recipient": "aInjected: yes@example.com", "bounce": "soft", "reason": "userunknown"}},
		{"invalid UTF-8 replaced", classify.Record{Recipient: "x\xff\xfey@example.com", Reason: classify.UserUnknown},
			map[string]string{"recipient": "x\uFFFD\uFFFDy@example.com", "bounce": "soft", "reason": "userunknown"}},
		{"C1 controls dropped", classify.Record{Recipient: "a\u0085b\u009b31mc@example.com", RHost: "\u009b", Reason: classify.UserUnknown},
			map[string]string{"recipient": "ab31mc@example.com", "bounce": "soft", "reason": "userunknown"}},
		{"UTF-8 kept", classify.Record{Recipient: "jürgen@bücher.example", Reason: classify.UserUnknown},
			map[string]string{"recipient": "jürgen@bücher.example", "bounce": "soft", "reason": "userunknown"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Detail(&tc.rec)
			assert.NotContains(t, d, "\r")
			for _, line := range strings.Split(d, "\n") {
				assert.LessOrEqual(t, len(line), 200+40, "folded")
			}
			for i, line := range strings.Split(d, "\n") {
				if i > 0 {
					assert.True(t, strings.HasPrefix(line, "\t"), "continuation lines start with a tab")
				}
			}
			assert.Equal(t, tc.want, ParseDetail(d))
		})
	}
}

func TestDetailLongValueCut(t *testing.T) {
	rec := classify.Record{Recipient: strings.Repeat("ü", 300) + "@example.com", Reason: classify.UserUnknown}
	got := ParseDetail(Detail(&rec))["recipient"]
	assert.LessOrEqual(t, len(got), maxValue)
	assert.True(t, strings.HasPrefix(got, "üü"))
	assert.NotContains(t, got, "\uFFFD")
	assert.True(t, strings.ToValidUTF8(got, "?") == got, "not cut inside a UTF-8 sequence")
}

func TestStampsOrder(t *testing.T) {
	recs := []classify.Record{
		{Recipient: "a@x", Reason: classify.UserUnknown, HardBounce: true},
		{Recipient: "b@x", Reason: classify.MailboxFull},
	}
	got := Stamps("X-Bounce-", recs)
	var names []string
	for _, s := range got {
		names = append(names, s.Name+": "+strings.SplitN(s.Value, ";", 2)[0])
	}
	assert.Equal(t, []string{
		"X-Bounce-Reason: userunknown",
		"X-Bounce-Reason: mailboxfull",
		"X-Bounce-Detail: recipient=a@x",
		"X-Bounce-Detail: recipient=b@x",
		"X-Bounce-Kind: hard-bounce",
	}, names)
	assert.Nil(t, Stamps("X-Bounce-", nil))
}
