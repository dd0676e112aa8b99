package dsn

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestIndexAddressCJKPunctuation: an address between full-width quotation
// marks or after a full-width colon (gromox's Chinese and Japanese
// templates, grommunio/gromox data/local_bounce/gb2312/BOUNCE_NO_USER and
// euc-jp) is found where the prose names it; a letter next to it, of any
// script, still makes it part of a longer address, as does a byte that
// is not UTF-8.
func TestIndexAddressCJKPunctuation(t *testing.T) {
	const addr = "kim@example.org"
	tests := []struct {
		name, p string
		want    int
	}{
		{"full-width quotes", "您发送到“kim@example.org”的邮件无法被正确投递", len("您发送到“")},
		{"full-width colon", "宛先：kim@example.org", len("宛先：")},
		{"corner brackets", "「kim@example.org」へのメール", len("「")},
		{"ideographic comma after", "收件人：kim@example.org、其他", len("收件人：")},
		{"ideographic full stop after", " kim@example.org。", 1},
		{"ascii quotes, kana after", "\"kim@example.org\"へのメール", 1},
		{"near miss: Han letter before", "用户kim@example.org", -1},
		{"near miss: kana letter after", " kim@example.orgへ", -1},
		{"near miss: accented letter before", "josékim@example.org", -1},
		{"near miss: not UTF-8 before", "\xe9kim@example.org", -1},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, indexAddress(tt.p, addr), tt.name)
	}
}

// TestNamedRecipientsCJKPunctuation: the lines of a notice that name a
// recipient between full-width marks are that recipient's.
func TestNamedRecipientsCJKPunctuation(t *testing.T) {
	by := map[string][]int{"kim@example.org": {0}, "lee@example.org": {1}}
	assert.Equal(t, []string{"kim@example.org"}, namedRecipients("您发送到“kim@example.org”的邮件", by))
	assert.Equal(t, []string{"kim@example.org", "lee@example.org"}, namedRecipients("宛先：kim@example.org、lee@example.org", by))
	assert.Nil(t, namedRecipients("用户kim@example.org", by))
}

// TestSupplementFromTextCJKQuotes: a report without Diagnostic-Code whose
// text quotes the address in full-width marks gets the words after it,
// not the details block's line that repeats the address.
func TestSupplementFromTextCJKQuotes(t *testing.T) {
	r := &Report{Recipients: []Recipient{{Recipient: "kim@example.org"}}}
	r.SupplementFromText("您好：\n  很抱歉通知您，您发送到“kim@example.org”的邮件无法被正确投递，\n因为该收件人并不存在！\n\n" +
		"以下是您所发送邮件的一些基本信息：\n    收件人：      kim@example.org\n    邮件主题：    报价单\n")
	assert.Contains(t, r.Recipients[0].DiagnosticCode, "因为该收件人并不存在")
	assert.NotContains(t, r.Recipients[0].DiagnosticCode, "报价单")
}
