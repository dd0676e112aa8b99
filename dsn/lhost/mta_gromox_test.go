package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// gromoxNotice builds a notice as gromox's bounce producers write it
// (mda/exmdb_local/bounce_producer.cpp): received is its Received field,
// body the filled template's text.
func gromoxNotice(received, body string) string {
	return "Received: " + received + "\n" +
		"From: \"Mail Daemon\"<postmaster@system>\nTo: <sender@example.net>\nMIME-Version: 1.0\n" +
		"Date: Mon, 07 Dec 2026 14:42:18 +0900\nSubject: Delivery failure\n" +
		"Content-Type: multipart/report; report-type=delivery-status;\n\tboundary=\"----=_NextPart_705_3055\"\n\n" +
		"This is a multi-part message in MIME format.\n\n" +
		"------=_NextPart_705_3055\nContent-Type: text/plain;\n\tcharset=\"utf-8\"\nContent-Transfer-Encoding: 8bit\n\n" +
		body + "\n" +
		"------=_NextPart_705_3055\nContent-Type: message/delivery-status\n\n" +
		"Reporting-MTA: dns;mail.example.org\nArrival-Date: Mon, 07 Dec 2026 14:42:18 +0900\n\n" +
		"Final-Recipient: rfc822;kim@example.org\nAction: failed\nStatus: 5.0.0\nRemote-MTA: dns;mail.example.org\n\n" +
		"------=_NextPart_705_3055--\n"
}

const gromoxReceivedField = "from unknown (helo localhost) (unknown@127.0.0.1)\n\tby herculiz with SMTP"

// TestGromoxParagraph decodes gromox's notices in the languages of its
// templates (data/local_bounce/{ascii,gb2312,big5,euc-jp},
// data/mlist_bounce/euc-jp): the diagnostic is the template's paragraph,
// with the reason the Japanese sentence states before the address and the
// Chinese one after full-width quotation marks. Near misses: the same text
// without gromox's Received field is the RFC 3464 decoder's, a notice
// without the template's details heading is the RFC 3464 decoder's, and
// one without its greeting keeps the RFC 3464 reading of the text.
func TestGromoxParagraph(t *testing.T) {
	info := "\n送信情報は下記となります：\n    送信時間：    12/07/26 14:41:18\n    宛先：　      kim@example.org\n    添付：        見積書.pdf\n"
	tests := []struct {
		name, received, body string
		decoder              dsn.DecoderName
		want                 string // in the diagnostic
		notWant              string
	}{
		{"ja no such user", gromoxReceivedField,
			"お知らせ：\n  受信者が存在していないため、\"kim@example.org\"へのメールを正しく送信\nできません。受信者のメールアドレス有効性の確認をお願いします。\n" + info,
			Gromox, "受信者が存在していないため", "見積書"},
		{"ja mailing list", gromoxReceivedField,
			"お知らせ：\n  メールリストにあるメンバーではない場合、\"kim@example.org\"のメールリストへの\n送信権限がありません。\n" + info,
			Gromox, "のメールリストへの 送信権限がありません", "送信時間"},
		{"zh-CN no such user", gromoxReceivedField,
			"您好：\n  很抱歉通知您，您发送到“kim@example.org”的邮件无法被正确投递，\n因为该收件人并不存在！请验证该邮件地址是否真实有效。\n\n以下是您所发送邮件的一些基本信息：\n    收件人：      kim@example.org\n    邮件主题：    报价单\n",
			Gromox, "因为该收件人并不存在", "报价单"},
		{"zh-TW store error", gromoxReceivedField,
			"您好：\n  很抱歉通知您，您發送到“kim@example.org”的郵件無法被正確投遞，\n我們的郵件系統出錯，請聯系系統管理員以解決該問題。\n\n以下是您所發送郵件的一些基本信息：\n    收件人：      kim@example.org\n",
			Gromox, "我們的郵件系統出錯", "收件人："},
		{"English", gromoxReceivedField,
			"Hi,\n  I am sorry to tell you that that the address \"kim@example.org\" does not\nexist. Please check whether the addess is rigthly composed and try it\nagain.\n\nBelow is the original mail information:\n   To:      kim@example.org\n",
			Gromox, "the address \"kim@example.org\" does not exist", "Below is"},
		{"English rule bounce (data/mail_bounce/ascii/BOUNCE_CANNOT_DISPLAY)", gromoxReceivedField,
			"Hi,\n  Your message to \"kim@example.org\" can not be displayed to the user.\n\nBelow is the original mail information:\n   To:      kim@example.org\n   Subject: figures\n",
			Gromox, "can not be displayed to the user", "figures"},
		{"near miss: another MTA's Received", "from mail.example.org by mx.example.net with ESMTP",
			"お知らせ：\n  受信者が存在していないため、\"kim@example.org\"へのメールを正しく送信\nできません。\n" + info,
			dsn.RFC3464, "", ""},
		{"near miss: no template heading", gromoxReceivedField,
			"Delivery to kim@example.org failed: mailbox unavailable\n",
			dsn.RFC3464, "", ""},
		{"near miss: heading but no greeting", gromoxReceivedField,
			"Delivery to kim@example.org failed: mailbox unavailable\n\nBelow is the original mail information:\n   To:      kim@example.org\n",
			Gromox, "mailbox unavailable", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(gromoxNotice(tt.received, tt.body)), Registry())
			require.NoError(t, err)
			require.NotNil(t, r)
			assert.Equal(t, string(tt.decoder), string(r.Decoder))
			require.Len(t, r.Recipients, 1)
			d := r.Recipients[0].DiagnosticCode
			if tt.want != "" {
				assert.Contains(t, d, tt.want)
			}
			if tt.notWant != "" {
				assert.NotContains(t, d, tt.notWant)
			}
		})
	}
}

// TestGromoxParagraphLines checks the paragraph's bounds: after the
// greeting, up to a blank line or the details' heading.
func TestGromoxParagraphLines(t *testing.T) {
	tests := []struct {
		lines []string
		want  string
	}{
		{[]string{"您好：", "  甲", "乙", "", "丙"}, "甲 乙"},
		{[]string{"お知らせ：", "  甲", "送信情報は下記となります：", "丙"}, "甲"},
		{[]string{"Hello,", "  the address does not exist"}, ""},
		{[]string{"Hi,"}, ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, gromoxParagraph(tt.lines), tt.lines)
	}
}
