package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestISPJapanNoticesDTI: the reason line of the Japanese half of DTI's
// Post.Office notice ("原因: <ADDR> のユーザーは登録されていません",
// http://dream.jp/support/techinfo/mail/error/error05.html) reads as the
// English half's "User unknown" (classify/texts/isp_jp_notices.tsv). The
// notice lists the recipients the remote server rejected, which its
// decoder reads as the answer to RCPT; without a command the same words
// read as a filter's refusal, as every user-unknown phrase does.
func TestISPJapanNoticesDTI(t *testing.T) {
	for _, diag := range []string{
		"<ken-o@ab.point.ne.jp> のユーザーは登録されていません",
		"原因:   <pwd4417208@mb.point.ne.jp> のユーザーは登録されていません",
	} {
		t.Run(diag, func(t *testing.T) {
			r := fact("", "ken-o@ab.point.ne.jp", "", diag)
			r.Recipients[0].Command = "RCPT"
			v := classifyOne(t, r)
			assert.Equal(t, UserUnknown, v.Reason, v.Rule)
			assert.Contains(t, v.Rule, "の ユ ー ザ ー は 登 録 さ れ て い ま せ ん")
			v = classifyOne(t, fact("", "ken-o@ab.point.ne.jp", "", diag))
			assert.Equal(t, Filtered, v.Reason, v.Rule)
		})
	}
}

// TestISPJapanNoticesDTINearMisses: Japanese sentences sharing the row's
// words keep their own reading or stay undecided.
func TestISPJapanNoticesDTINearMisses(t *testing.T) {
	tests := []struct {
		diag string
		not  Reason
	}{
		// A list's "not registered as a mailing list" (Sympa ja.po) is its own row.
		{"メーリングリストとして登録されていません", ""},
		// The framing sentence alone says no reason.
		{"以下の受取人は、相手のメールサーバに拒否されました。", UserUnknown},
		// "The user is registered" is no failure word.
		{"<ken-o@ab.point.ne.jp> のユーザーは登録されています", UserUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.diag, func(t *testing.T) {
			v := classifyOne(t, fact("", "ken-o@ab.point.ne.jp", "", tt.diag))
			if tt.not != "" {
				assert.NotEqual(t, tt.not, v.Reason, v.Rule)
			} else {
				assert.NotContains(t, v.Rule, "の ユ ー ザ ー は 登 録", v.Rule)
			}
		})
	}
}
