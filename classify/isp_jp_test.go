package classify

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestISPJapanAddressTakenOut: pakeo.ne.jp's sentence as a text report's
// reader hands it on, the address between 「」 taken out, reads as the
// unregistered address it says (classify/texts/isp_jp.tsv); without an
// SMTP command or an X.1.1 status Sisimai's rule makes it filtered.
func TestISPJapanAddressTakenOut(t *testing.T) {
	tests := []struct {
		diag string
		want Reason
		ours bool // decided by the isp_jp.tsv row
	}{
		{"あなたが送ろうとしたアドレス「 」は、登録されていません。 もう一度確認して、送信しなおして下さい。", Filtered, true},
		{"あなたが送ろうとしたアドレス「」は、登録されていません。", Filtered, true},
		// near misses: a list that is not registered keeps its own row
		// (lang-ja.tsv), and a sentence about a registration that worked
		// is no failure.
		{"メーリングリストとして登録されていません", Filtered, false},
		{"あなたが送ろうとしたアドレスは正しく登録されました。", OnHold, false},
	}
	for _, tt := range tests {
		t.Run(tt.diag, func(t *testing.T) {
			v := classifyOne(t, fact("", "a@i.example.ne.jp", "", tt.diag))
			assert.Equal(t, tt.want, v.Reason, v.Rule)
			assert.Equal(t, tt.ours, strings.Contains(v.Rule, "あ な た が 送 ろ う と し た"), v.Rule)
		})
	}
}
