package lhost

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// qqMailNotice builds QQ Mail's notice (doublefires/Libra
// tests/test_check_bounce.py): one HTML part, base64, the reason cell
// given.
func qqMailNotice(from, subject, rcpt, reason string) string {
	html := "<html><body>\n<p>很抱歉您发送的邮件被退回，以下是该邮件的相关信息：</p>\n<table><tr><td>被退回邮件</td>\n" +
		"<td>主 题：日报 <br/>时 间：2026-09-15 14:31:25 </td></tr></table>\n" +
		"<table><tr><td colspan=\"2\">无法发送到 " + rcpt + "</td></tr>\n<tr><td>退信原因</td><td> " + reason + " </td></tr>\n" +
		"<tr><td>解决方案</td><td> 请联系您的收件人 </td></tr></table>\n</body></html>\n"
	return "From: " + from + "\nTo: 1985618325@qq.com\nSubject: " + subject + "\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; boundary=\"b1\"\n\n--b1\nContent-Type: text/html; charset=\"utf-8\"\n" +
		"Content-Transfer-Encoding: base64\n\n" + base64.StdEncoding.EncodeToString([]byte(html)) + "\n\n--b1--\n"
}

const (
	qqMailFrom    = "\"PostMaster\" <PostMaster@qq.com>"
	qqMailSubjGB  = "=?gb2312?B?wLTX1HFxLmNvbbXEzcvQxQ==?=" // 来自qq.com的退信
	qqMailWrapped = "未知原因 <br /> host hotmail-com.olc.protection.outlook.com[52.101.60.184]\n" +
		"said: 550 5.7.515 Access denied, sending domain QQ.COM doesn't meet the required\n" +
		"authentication level. Spf= Fail , Dkim= Pass , DMARC= Pass"
)

func TestQQMailDecoder(t *testing.T) {
	tests := []struct {
		name, reason string
		want         wantRecipient
		noRemote     bool
	}{
		{"remote reply wrapped over lines", qqMailWrapped,
			wantRecipient{addr: "cynthia@hotmail.example", reply: 550, status: "5.7.515", diagContains: "doesn't meet the required authentication level"}, false},
		{"QQ's own words, no reply", "该用户不存在",
			wantRecipient{addr: "cynthia@hotmail.example", diagContains: "该用户不存在"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := decodeMTA(t, qqMailNotice(qqMailFrom, qqMailSubjGB, "cynthia@hotmail.example", tt.reason))
			require.NotNil(t, r)
			assert.Equal(t, string(QQMail), r.Decoder)
			checkRecipients(t, r, []wantRecipient{tt.want})
			assert.Equal(t, tt.noRemote, r.Recipients[0].NoRemoteAnswer)
		})
	}
}

// imail (midoks/imail conf/tpl/return_to_sender_html.tpl) writes the same
// notice under Coremail's Subject; Coremail's decoder declines it.
func TestQQMailDecoderIMail(t *testing.T) {
	r := decodeMTA(t, qqMailNotice("<postmaster@mail.example.cn>", "系统退信", "wang@example.cn", qqMailWrapped))
	require.NotNil(t, r)
	assert.Equal(t, string(QQMail), r.Decoder)
	checkRecipients(t, r, []wantRecipient{{addr: "wang@example.cn", reply: 550, status: "5.7.515", diagContains: "required authentication level"}})
}

// Near misses: a person forwarding the notice, and a notice with QQ's
// Subject but not its body, are not QQ Mail's reports.
func TestQQMailDecoderNotItsReport(t *testing.T) {
	fwd, err := dsn.ReadMessage([]byte(qqMailNotice("Li Lei <lilei@qq.com>", "Fwd: 来自qq.com的退信", "a@example.org", qqMailWrapped)))
	require.NoError(t, err)
	assert.False(t, qqMailDecoder{}.Match(fwd), "forwarded by a person")

	other := strings.Replace(qqMailNotice(qqMailFrom, qqMailSubjGB, "a@example.org", qqMailWrapped), "Content-Transfer-Encoding: base64\n\n", "\n\n", 1)
	other = other[:strings.Index(other, "\n\n--b1\n")] + "\n\n--b1\nContent-Type: text/plain; charset=utf-8\n\n您好，邮件 a@example.org 已收到。\n\n--b1--\n"
	m, err := dsn.ReadMessage([]byte(other))
	require.NoError(t, err)
	require.True(t, qqMailDecoder{}.Match(m))
	assert.Nil(t, qqMailDecoder{}.Decode(m))
}
