package lhost

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// legacyText is a piece of text as bytes in a charset other than UTF-8,
// for samples written the way the software wrote them, with what it
// reads as (TestLegacyFixtures checks the two agree).
type legacyText struct {
	charset, text, bytes string
}

var (
	big5GromoxBody    = legacyText{"big5", "很抱歉通知您，您發送到“chen@example.tw”的郵件無法被正確投遞，因為該用戶不存在。", "\xab\xdc\xa9\xea\xbap\xb3q\xaa\xbe\xb1z\xa1A\xb1z\xb5o\xb0e\xa8\xec\xa1\xa7chen@example.tw\xa1\xa8\xaa\xba\xb6l\xa5\xf3\xb5L\xaak\xb3Q\xa5\xbf\xbdT\xa7\xeb\xbb\xbc\xa1A\xa6]\xac\xb0\xb8\xd3\xa5\xce\xa4\xe1\xa4\xa3\xa6s\xa6b\xa1C"}
	big5GromoxSubject = legacyText{"big5", "投遞失敗，您發送的郵件無法投遞", "\xa7\xeb\xbb\xbc\xa5\xa2\xb1\xd1\xa1A\xb1z\xb5o\xb0e\xaa\xba\xb6l\xa5\xf3\xb5L\xaak\xa7\xeb\xbb\xbc"}
	gbXinnetHeading   = legacyText{"gb2312", "[这是服务器 mail.example.cn 的投递程序返回的提示信息]", "[\xd5\xe2\xca\xc7\xb7\xfe\xce\xf1\xc6\xf7 mail.example.cn \xb5\xc4\xcd\xb6\xb5\xdd\xb3\xcc\xd0\xf2\xb7\xb5\xbb\xd8\xb5\xc4\xcc\xe1\xca\xbe\xd0\xc5\xcf\xa2]"}
	gbXinnetIntro     = legacyText{"gb2312", "到下列地址的信件投递失败，对方服务器无法正常接受或者拒绝接受这封邮件，", "\xb5\xbd\xcf\xc2\xc1\xd0\xb5\xd8\xd6\xb7\xb5\xc4\xd0\xc5\xbc\xfe\xcd\xb6\xb5\xdd\xca\xa7\xb0\xdc\xa3\xac\xb6\xd4\xb7\xbd\xb7\xfe\xce\xf1\xc6\xf7\xce\xde\xb7\xa8\xd5\xfd\xb3\xa3\xbd\xd3\xca\xdc\xbb\xf2\xd5\xdf\xbe\xdc\xbe\xf8\xbd\xd3\xca\xdc\xd5\xe2\xb7\xe2\xd3\xca\xbc\xfe\xa3\xac"}
	gbXinnetIntro2    = legacyText{"gb2312", "这是一个永久性的错误，服务器已经放弃继续投递。", "\xd5\xe2\xca\xc7\xd2\xbb\xb8\xf6\xd3\xc0\xbe\xc3\xd0\xd4\xb5\xc4\xb4\xed\xce\xf3\xa3\xac\xb7\xfe\xce\xf1\xc6\xf7\xd2\xd1\xbe\xad\xb7\xc5\xc6\xfa\xbc\xcc\xd0\xf8\xcd\xb6\xb5\xdd\xa1\xa3"}
	gbXinnetReply     = legacyText{"gb2312", "对方服务器返回错误提示:", "\xb6\xd4\xb7\xbd\xb7\xfe\xce\xf1\xc6\xf7\xb7\xb5\xbb\xd8\xb4\xed\xce\xf3\xcc\xe1\xca\xbe:"}
	gbXinnetCopy      = legacyText{"gb2312", "[附件是您所发送信件的原件]", "[\xb8\xbd\xbc\xfe\xca\xc7\xc4\xfa\xcb\xf9\xb7\xa2\xcb\xcd\xd0\xc5\xbc\xfe\xb5\xc4\xd4\xad\xbc\xfe]"}
	gbSinaIntro       = legacyText{"gb2312", "邮件无法发送到您指定的地址中。", "\xd3\xca\xbc\xfe\xce\xde\xb7\xa8\xb7\xa2\xcb\xcd\xb5\xbd\xc4\xfa\xd6\xb8\xb6\xa8\xb5\xc4\xb5\xd8\xd6\xb7\xd6\xd0\xa1\xa3"}
	gbSinaWhy         = legacyText{"gb2312", "在邮件传输过程中由于外部的无法避免的错误导致邮件无法送达。", "\xd4\xda\xd3\xca\xbc\xfe\xb4\xab\xca\xe4\xb9\xfd\xb3\xcc\xd6\xd0\xd3\xc9\xd3\xda\xcd\xe2\xb2\xbf\xb5\xc4\xce\xde\xb7\xa8\xb1\xdc\xc3\xe2\xb5\xc4\xb4\xed\xce\xf3\xb5\xbc\xd6\xc2\xd3\xca\xbc\xfe\xce\xde\xb7\xa8\xcb\xcd\xb4\xef\xa1\xa3"}
	gbSinaCopy        = legacyText{"gb2312", "--- 附件中的内容是原信件的一份拷贝", "--- \xb8\xbd\xbc\xfe\xd6\xd0\xb5\xc4\xc4\xda\xc8\xdd\xca\xc7\xd4\xad\xd0\xc5\xbc\xfe\xb5\xc4\xd2\xbb\xb7\xdd\xbf\xbd\xb1\xb4"}
	gbSinaSubject     = legacyText{"gb2312", "邮件传输失败！", "\xd3\xca\xbc\xfe\xb4\xab\xca\xe4\xca\xa7\xb0\xdc\xa3\xa1"}
	koiNewmailOpener  = legacyText{"koi8-r", "Это сообщение создано автоматически mail-сервисом.", "\xfc\xd4\xcf \xd3\xcf\xcf\xc2\xdd\xc5\xce\xc9\xc5 \xd3\xcf\xda\xc4\xc1\xce\xcf \xc1\xd7\xd4\xcf\xcd\xc1\xd4\xc9\xde\xc5\xd3\xcb\xc9 mail-\xd3\xc5\xd2\xd7\xc9\xd3\xcf\xcd."}
	koiNewmailIntro   = legacyText{"koi8-r", "К сожалению, невозможно доставить сообщение по следующему адресу:", "\xeb \xd3\xcf\xd6\xc1\xcc\xc5\xce\xc9\xc0, \xce\xc5\xd7\xcf\xda\xcd\xcf\xd6\xce\xcf \xc4\xcf\xd3\xd4\xc1\xd7\xc9\xd4\xd8 \xd3\xcf\xcf\xc2\xdd\xc5\xce\xc9\xc5 \xd0\xcf \xd3\xcc\xc5\xc4\xd5\xc0\xdd\xc5\xcd\xd5 \xc1\xc4\xd2\xc5\xd3\xd5:"}
	koiMailRuSubject  = legacyText{"koi8-r", "Ваше сообщение не доставлено. Mail failure.", "\xf7\xc1\xdb\xc5 \xd3\xcf\xcf\xc2\xdd\xc5\xce\xc9\xc5 \xce\xc5 \xc4\xcf\xd3\xd4\xc1\xd7\xcc\xc5\xce\xcf. Mail failure."}
	jisSympaIntro     = legacyText{"iso-2022-jp", "リスト 'news@lists.example.jp' 宛のメッセージを配信できませんでした。理由は以下の通りです。", "\x1b$B%j%9%H\x1b(B 'news@lists.example.jp' \x1b$B08$N%a%C%;!<%8$rG[?.$G$-$^$;$s$G$7$?!#M}M3$O0J2<$NDL$j$G$9!#\x1b(B"}
	jisSympaSubject   = legacyText{"iso-2022-jp", "リストが存在しません", "\x1b$B%j%9%H$,B8:_$7$^$;$s\x1b(B"}
	gbPersonSubject   = legacyText{"gb2312", "关于邮件传输失败的问题", "\xb9\xd8\xd3\xda\xd3\xca\xbc\xfe\xb4\xab\xca\xe4\xca\xa7\xb0\xdc\xb5\xc4\xce\xca\xcc\xe2"}
	gbPersonBody      = legacyText{"gb2312", "你好，我昨天发到 li@example.cn 的信件投递失败了，能帮我看看吗？", "\xc4\xe3\xba\xc3\xa3\xac\xce\xd2\xd7\xf2\xcc\xec\xb7\xa2\xb5\xbd li@example.cn \xb5\xc4\xd0\xc5\xbc\xfe\xcd\xb6\xb5\xdd\xca\xa7\xb0\xdc\xc1\xcb\xa3\xac\xc4\xdc\xb0\xef\xce\xd2\xbf\xb4\xbf\xb4\xc2\xf0\xa3\xbf"}
	big5PersonSubject = legacyText{"big5", "投遞失敗的問題", "\xa7\xeb\xbb\xbc\xa5\xa2\xb1\xd1\xaa\xba\xb0\xdd\xc3D"}
	big5PersonBody    = legacyText{"big5", "您好，我寄給 chen@example.tw 的郵件投遞失敗了，請幫忙確認。", "\xb1z\xa6n\xa1A\xa7\xda\xb1H\xb5\xb9 chen@example.tw \xaa\xba\xb6l\xa5\xf3\xa7\xeb\xbb\xbc\xa5\xa2\xb1\xd1\xa4F\xa1A\xbd\xd0\xc0\xb0\xa6\xa3\xbdT\xbb{\xa1C"}
	koiPersonSubject  = legacyText{"koi8-r", "Ваше сообщение не доставлено?", "\xf7\xc1\xdb\xc5 \xd3\xcf\xcf\xc2\xdd\xc5\xce\xc9\xc5 \xce\xc5 \xc4\xcf\xd3\xd4\xc1\xd7\xcc\xc5\xce\xcf?"}
	koiPersonBody     = legacyText{"koi8-r", "Привет! Пишу с другого адреса: письмо на ivan@example.ru не доставлено, к сожалению.", "\xf0\xd2\xc9\xd7\xc5\xd4! \xf0\xc9\xdb\xd5 \xd3 \xc4\xd2\xd5\xc7\xcf\xc7\xcf \xc1\xc4\xd2\xc5\xd3\xc1: \xd0\xc9\xd3\xd8\xcd\xcf \xce\xc1 ivan@example.ru \xce\xc5 \xc4\xcf\xd3\xd4\xc1\xd7\xcc\xc5\xce\xcf, \xcb \xd3\xcf\xd6\xc1\xcc\xc5\xce\xc9\xc0."}
	jisPersonSubject  = legacyText{"iso-2022-jp", "メール送信失敗について", "\x1b$B%a!<%kAw?.<:GT$K$D$$$F\x1b(B"}
	jisPersonBody     = legacyText{"iso-2022-jp", "山田さん、taro@example.jp へのメールが送信できませんでした。アドレスを確認してください。", "\x1b$B;3ED$5$s!\x22\x1b(Btaro@example.jp \x1b$B$X$N%a!<%k$,Aw?.$G$-$^$;$s$G$7$?!#%\x22%I%l%9$r3NG'$7$F$/$@$5$$!#\x1b(B"}
)

// base64Body encodes b as a base64 body, in lines of 76 characters.
func base64Body(b string) string {
	e := base64.StdEncoding.EncodeToString([]byte(b))
	var out strings.Builder
	for len(e) > 76 {
		out.WriteString(e[:76] + "\n")
		e = e[76:]
	}
	return out.String() + e + "\n"
}

// TestLegacyFixtures checks that each sample's bytes read as its text in
// its charset.
func TestLegacyFixtures(t *testing.T) {
	for _, f := range []legacyText{
		big5GromoxBody, big5GromoxSubject, gbXinnetHeading, gbXinnetIntro, gbXinnetIntro2, gbXinnetReply,
		gbXinnetCopy, gbSinaIntro, gbSinaWhy, gbSinaCopy, gbSinaSubject, koiNewmailOpener, koiNewmailIntro,
		koiMailRuSubject, jisSympaIntro, jisSympaSubject, gbPersonSubject, gbPersonBody, big5PersonSubject,
		big5PersonBody, koiPersonSubject, koiPersonBody, jisPersonSubject, jisPersonBody,
	} {
		got, ok := convertCharset(f.charset, f.bytes)
		require.True(t, ok, f.charset)
		assert.Equal(t, f.text, got)
		assert.True(t, unconverted(f.bytes), "%q needs converting", f.text)
	}
}

// TestDeclaredCharsetsConverted checks what package dsn does with the
// charsets of Chinese, Russian and Japanese reports when a part names
// them, under each transfer encoding: the decoders read UTF-8.
func TestDeclaredCharsetsConverted(t *testing.T) {
	for _, f := range []legacyText{big5GromoxBody, gbSinaIntro, koiNewmailIntro, jisSympaIntro} {
		for _, cs := range []string{f.charset, strings.ToUpper(f.charset)} {
			for _, cte := range []string{"8bit", "base64"} {
				body := f.bytes + "\n"
				if cte == "base64" {
					body = base64Body(body)
				}
				raw := "From: MAILER-DAEMON@example.org\nSubject: =?" + cs + "?B?" + b64(f.bytes) + "?=\n" +
					"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B\n\n--B\n" +
					"Content-Type: text/plain; charset=\"" + cs + "\"\nContent-Transfer-Encoding: " + cte + "\n\n" + body + "--B--\n"
				m, err := dsn.ReadMessage([]byte(raw))
				require.NoError(t, err)
				require.NotEmpty(t, m.Parts)
				// The line end before the boundary belongs to the boundary.
				assert.Equal(t, f.text, strings.TrimRight(m.Parts[0].Text(), "\n"), "%s %s body", cs, cte)
				assert.Equal(t, f.text, m.Header.Text("Subject"), "%s Subject", cs)
			}
		}
	}
	// GB2312 as GBK and GB18030 write it, and quoted-printable.
	raw := "From: MAILER-DAEMON@example.org\nSubject: x\nContent-Type: text/plain; charset=GB18030\n" +
		"Content-Transfer-Encoding: quoted-printable\n\n" + qpEncode(gbSinaIntro.bytes) + "\n"
	m, err := dsn.ReadMessage([]byte(raw))
	require.NoError(t, err)
	assert.Equal(t, gbSinaIntro.text+"\n", m.Parts[0].Text())
}

// qpEncode writes every byte outside ASCII as a quoted-printable "=XX".
func qpEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || c == '=' {
			fmt.Fprintf(&b, "=%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// TestSubjectCharsets checks the Subject the generic decoder reads: RFC
// 2047 words decoded by package dsn, and 8-bit bytes written raw
// converted from the charset the message declares, or else from the one
// in which the Subject reads as a bounce's.
func TestSubjectCharsets(t *testing.T) {
	for _, tc := range []struct {
		name, subject, contentType, want string
		bounce, delay                    bool
	}{
		{"raw GB2312, the body's charset", gbSinaSubject.bytes, "text/plain; charset=gb2312", gbSinaSubject.text, true, false},
		{"raw GB2312, no charset named", gbSinaSubject.bytes, "text/plain", gbSinaSubject.text, true, false},
		{"raw Big5, no charset named", big5GromoxSubject.bytes, "text/plain", big5GromoxSubject.text, true, false},
		{"raw KOI8-R, no charset named", koiMailRuSubject.bytes, "text/plain", koiMailRuSubject.text, true, false},
		{"raw ISO-2022-JP, no charset named", jisPersonSubject.bytes, "text/plain", jisPersonSubject.text, true, false},
		{"raw Latin-1, the body's charset", "Remise retard\xe9e : Rapport", "text/plain; charset=iso-8859-1", "Remise retardée : Rapport", true, true},
		{"Big5 in RFC 2047 words", "=?big5?B?" + b64(big5GromoxSubject.bytes) + "?=", "text/plain", big5GromoxSubject.text, true, false},
		{"KOI8-R in RFC 2047 words", "=?koi8-r?B?" + b64(koiMailRuSubject.bytes) + "?=", "text/plain", koiMailRuSubject.text, true, false},
		// Not a bounce's Subject in any charset: left as it came.
		{"raw bytes of no bounce Subject", jisSympaSubject.bytes, "text/plain", jisSympaSubject.bytes, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := "From: Anna <anna@example.org>\nTo: bob@example.org\nSubject: " + tc.subject +
				"\nContent-Type: " + tc.contentType + "\n\nhello\n"
			m, err := dsn.ReadMessage([]byte(raw))
			require.NoError(t, err)
			assert.Equal(t, tc.want, subjectText(m))
			assert.Equal(t, tc.bounce, evidence(m).subject, "a bounce's Subject")
			assert.Equal(t, tc.delay, delaySubject(m), "a delay notice's Subject")
		})
	}
}

// sympaNotice returns a notice in the layout of Sympa's
// delivery_status_notification.tt2 (a multipart/report whose
// delivery-status part names no recipient here), from the Sympa of host,
// with its intro line and reason in the notice's language.
func sympaNotice(host, subject, intro, reason string) string {
	return "From: SYMPA <sympa@" + host + ">\nTo: sender@example.com\nSubject: " + subject + "\n" +
		"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"S\"\n\n" +
		"--S\nContent-Type: text/plain; charset=utf-8\nContent-Disposition: inline\nContent-Description: Notification\n\n" +
		"This is an automatic response sent by Sympa Mailing Lists Manager.\n" + intro + "\n\n" + reason + "\n\n" +
		"--S\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; " + host + "\n\n--S--\n"
}

// genericLangSamples are reports in other languages and charsets than
// English and UTF-8, built from the layouts of the software that writes
// them (each says which), with addresses and hosts of our own.
var genericLangSamples = []struct {
	name    string
	msg     string
	delayed bool
	want    []genericWant
}{
	{
		name: "gromox bounce in Traditional Chinese, Big5 in base64 (data/local_bounce/big5)",
		msg: "From: postmaster@mail.example.tw\nTo: sender@example.com\n" +
			"Subject: =?big5?B?" + b64(big5GromoxSubject.bytes) + "?=\n" +
			"MIME-Version: 1.0\nContent-Type: text/plain; charset=big5\nContent-Transfer-Encoding: base64\n\n" +
			base64Body(big5GromoxBody.bytes+"\n"),
		want: []genericWant{{addr: "chen@example.tw", diag: "無法被正確投遞"}},
	},
	{
		name: "imail bounce in Chinese: one base64 HTML part, a raw UTF-8 Subject (conf/tpl/return_to_sender.tpl, return_to_sender_html.tpl)",
		msg: "From: <postmaster@mail.example.cn>\nTo: <sender@example.com>\nSubject: 系统退信\n" +
			"Date: Wed, 08 Sep 2021 15:12:45 +0800 (CST)\nX-Mailer: imail/0.0.17\nMIME-Version: 1.0\n" +
			"Content-Type: multipart/mixed; boundary=\"mailmaster-Xq3vB7nM2kR9tW4yZ1aC\"\n\n\n" +
			"--mailmaster-Xq3vB7nM2kR9tW4yZ1aC\nContent-Type: text/html; charset=\"utf-8\"\nContent-Transfer-Encoding: base64\n\n" +
			base64Body("<html>\n<head>\n<title>邮箱退信</title>\n</head>\n<body>\n"+
				"<p style=\"font-size:14px\">很抱歉您发送的邮件被退回，以下是该邮件的相关信息：</p>\n\n"+
				"<table>\n\t<tr>\n\t\t<td>被退回邮件</td>\n\t\t<td>主 题：hello <br/>时 间：2021-09-08 15:12:41 </td>\n\t</tr>\n</table>\n\n"+
				"<table>\n\t<tr>\n\t\t<td colspan=\"2\">无法发送到 wang@example.cn</td>\n\t</tr>\n"+
				"\t<tr>\n\t\t<td>退信原因</td>\n\t\t<td> 未知原因 <br /> 550 5.1.1 &lt;wang@example.cn&gt;: Recipient address rejected: User unknown </td>\n\t</tr>\n"+
				"\t<tr>\n\t\t<td>解决方案</td>\n\t\t<td> 请联系您的收件人（wang@example.cn）或其所在服务商了解退信原因。</td></tr>\n</table>\n</body>\n</html>") +
			"--mailmaster-Xq3vB7nM2kR9tW4yZ1aC--",
		want: []genericWant{{addr: "wang@example.cn", status: "5.1.1", reply: 550, diag: "User unknown"}},
	},
	{
		name: "xinnetdns (EYOU MTA) bounce in Chinese: an HTML part in GB2312 naming no charset (flufl.bounce simple_25.txt)",
		msg: "From: MAILER-DAEMON@mail.example.cn\nTo: sender@example.com\nSubject: failure notice\n" +
			"Content-Type: multipart/mixed;\n\tboundary=\"------=_1147682154_8417\"\n\n" +
			"--------=_1147682154_8417\nContent-Type: text/html\n\n" +
			gbXinnetHeading.bytes + "<br><br>\n\n" +
			"<font color=red>" + gbXinnetIntro.bytes + "<br>" + gbXinnetIntro2.bytes + "</font><br>\n" +
			"wang@example.cn<br><br>\n\n" +
			gbXinnetReply.bytes + "<br>\n<font color=red>No such user</font><br>\n--<br>\n" +
			gbXinnetCopy.bytes + "<br>\n" +
			"--------=_1147682154_8417\nContent-Type: message/rfc822;\n\tname=\"att.eml\"\n\n" +
			"From: sender@example.com\nTo: wang@example.cn, li@example.cn\nSubject: hello\n\nhello\n" +
			"--------=_1147682154_8417--\n",
		want: []genericWant{{addr: "wang@example.cn", diag: "No such user"}},
	},
	{
		name: "sina.com bounce in Chinese: a GB2312 part, a raw GB2312 Subject (flufl.bounce sina_01.txt)",
		msg: "From: MAILER-DAEMON@sina.example.cn\nTo: sender@example.com\nSubject: " + gbSinaSubject.bytes + "\n" +
			"MIME-Version: 1.0\nContent-Type: multipart/mixed;\n  boundary=\"----------101784934443375SINAEMAIL---\"\n\n" +
			"This is a multi-part message in MIME format.\n\n" +
			"------------101784934443375SINAEMAIL---\nContent-Type: text/plain;\n   charset=\"gb2312\"\nContent-Transfer-Encoding: binary\n\n" +
			"sina.example.cn.\n" + gbSinaIntro.bytes + "\n" + gbSinaWhy.bytes + "\n\n" +
			"<zhao@example.cn>:\n\n<qian@example.cn>:\n\n" + gbSinaCopy.bytes + "\n\n" +
			"------------101784934443375SINAEMAIL---\nContent-Type: message/rfc822;\n name=\"original message.eml\"\n\n" +
			"From: sender@example.com\nTo: zhao@example.cn, qian@example.cn, sun@example.cn\nSubject: hello\n\nhello\n" +
			"------------101784934443375SINAEMAIL-----\n",
		want: []genericWant{{addr: "zhao@example.cn", diag: "无法送达"}, {addr: "qian@example.cn", diag: "无法送达"}},
	},
	{
		name: "newmail.ru bounce in Russian, KOI8-R (flufl.bounce newmailru_01.txt)",
		msg: "From: MAILER-DAEMON@mx.example.ru\nTo: sender@example.com\nSubject: failure notice\n" +
			"Content-Type: text/plain; charset=koi8-r\n\n" +
			koiNewmailOpener.bytes + "\n" + koiNewmailIntro.bytes + "\n\n" +
			"<ivan@example.ru>:\nThis person's account is exceeding their quota.\n\n" +
			"--- Below the next line is a copy of the message.\n\n" +
			"Return-Path: <sender@example.com>\nFrom: sender@example.com\nTo: ivan@example.ru, olga@example.ru\n",
		want: []genericWant{{addr: "ivan@example.ru", diag: "exceeding their quota"}},
	},
	{
		name: "newmail.ru bounce in KOI8-R, naming no charset",
		msg: "From: MAILER-DAEMON@mx.example.ru\nTo: sender@example.com\nSubject: failure notice\n\n" +
			koiNewmailOpener.bytes + "\n" + koiNewmailIntro.bytes + "\n\n" +
			"<ivan@example.ru>:\nThis person's account is exceeding their quota.\n",
		want: []genericWant{{addr: "ivan@example.ru", diag: "exceeding their quota"}},
	},
	{
		name: "Sympa's notice of an unknown list (delivery_status_notification.tt2)",
		msg: `From: SYMPA <sympa@lists.example.org>
To: sender@example.com
Subject: List unknown
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="----------=_1619690000-1234-0"

------------=_1619690000-1234-0
Content-Disposition: inline
Content-Description: Notification

This is an automatic response sent by Sympa Mailing Lists Manager.
Impossible to distribute your message for list 'news@lists.example.org' for the following reason:

The following address is not a known mailing list:

	news@lists.example.org

To find out the correct listname, ask for this server's lists directory:

	mailto:sympa@lists.example.org?subject=WHICH

For further information, please contact listmaster@lists.example.org

------------=_1619690000-1234-0
Content-Type: message/delivery-status

Reporting-MTA: dns; lists.example.org

Final-Recipient: rfc822; news@lists.example.org
Action: failed
Status: 5.1.1
Remote-MTA: dns; lists.example.org
Diagnostic-Code: X-Sympa; Unknown list

------------=_1619690000-1234-0
Content-Type: text/rfc822-headers
Content-Disposition: inline

From: sender@example.com
To: news@lists.example.org
Subject: hello

------------=_1619690000-1234-0--
`,
		want: []genericWant{{addr: "news@lists.example.org", diag: "not a known mailing list"}},
	},
	{
		// The reason is Sympa's English msgid (its translation is not
		// among our sources); the intro is de.po's.
		name: "Sympa's notice in German: the list's address inside the intro (tt2, de.po)",
		msg: sympaNotice("lists.example.de", "Too large message",
			"Verteilung Ihrer Nachricht für die Liste 'news@lists.example.de' ist aus folgendem Grund nicht möglich:",
			"Your message could not be sent because its size (120 kB) was over the maximum size (100 kB) allowed on this list."),
		want: []genericWant{{addr: "news@lists.example.de", diag: "over the maximum size"}},
	},
	{
		name: "Sympa's notice in Dutch (tt2, nl.po)",
		msg: sympaNotice("lists.example.nl", "List unknown",
			"Het is niet mogelijk om uw bericht naar de lijst 'nieuws@lists.example.nl' door te sturen, om de volgende reden:",
			"List 'nieuws@lists.example.nl' does not exist."),
		want: []genericWant{{addr: "nieuws@lists.example.nl", diag: "does not exist"}},
	},
	{
		name: "Sympa's notice in Polish (tt2, pl.po)",
		msg: sympaNotice("lists.example.pl", "List unknown",
			"Rozesłanie wiadomości na listę 'nowosci@lists.example.pl' jest niemożliwe z następującego powodu:",
			"List 'nowosci@lists.example.pl' does not exist."),
		want: []genericWant{{addr: "nowosci@lists.example.pl", diag: "does not exist"}},
	},
	{
		name: "Sympa's notice in Japanese, ISO-2022-JP (tt2, ja.po)",
		msg: "From: SYMPA <sympa@lists.example.jp>\nTo: sender@example.com\n" +
			"Subject: =?ISO-2022-JP?B?" + b64(jisSympaSubject.bytes) + "?=\n" +
			"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"S\"\n\n" +
			"--S\nContent-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: 7bit\n\n" +
			jisSympaIntro.bytes + "\n\nList 'news@lists.example.jp' does not exist.\n\n" +
			"--S\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; lists.example.jp\n\n--S--\n",
		want: []genericWant{{addr: "news@lists.example.jp", diag: "配信できませんでした"}},
	},
	{
		name: "Sympa's notice in Japanese, ISO-2022-JP naming no charset",
		msg: "From: SYMPA <sympa@lists.example.jp>\nTo: sender@example.com\nSubject: List unknown\n" +
			"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"S\"\n\n" +
			"--S\nContent-Type: text/plain\n\n" +
			jisSympaIntro.bytes + "\n\nList 'news@lists.example.jp' does not exist.\n\n" +
			"--S\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; lists.example.jp\n\n--S--\n",
		want: []genericWant{{addr: "news@lists.example.jp", diag: "配信できませんでした"}},
	},
	{
		name: "Exchange delay notification in French, Latin-1 quoted-printable (pastebin SYa736QZ)",
		msg: `From: Microsoft Outlook <postmaster@entreprise.example.fr>
To: sender@example.com
Subject: =?iso-8859-1?Q?Remise_retard=E9e=A0:_Rapport?=
MIME-Version: 1.0
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

La remise est retard=E9e pour ces destinataires ou groupes :

anna@entreprise.example.fr
Objet : Rapport
Ce message n'a pas encore =E9t=E9 remis. De nouvelles tentatives de remise =
seront effectu=E9es.

Le serveur va tenter de remettre ce message pendant les prochains 1 jours, =
19 heures et 59 minutes. Il vous avertira si le message ne peut pas =EAtre =
remis au cours de cette p=E9riode.

Informations de diagnostic pour les administrateurs :

Serveur de g=E9n=E9ration : MBX01.entreprise.example.fr

anna@entreprise.example.fr
Remote Server returned '451 4.4.0 DNS query failed'
`,
		delayed: true,
		want:    []genericWant{{addr: "anna@entreprise.example.fr", status: "4.4.0", reply: 451, diag: "pas encore été remis"}},
	},
	{
		name: "Exchange delay notification in French, Latin-1 naming no charset",
		msg: "From: Microsoft Outlook <postmaster@entreprise.example.fr>\nTo: sender@example.com\n" +
			"Subject: Remise retard\xe9e : Rapport\n\n" +
			"La remise est retard\xe9e pour ces destinataires ou groupes :\n\n" +
			"anna@entreprise.example.fr\nObjet : Rapport\n" +
			"Ce message n'a pas encore \xe9t\xe9 remis. De nouvelles tentatives de remise seront effectu\xe9es.\n",
		delayed: true,
		want:    []genericWant{{addr: "anna@entreprise.example.fr", diag: "pas encore été remis"}},
	},
	{
		name: "Office 365 NDR in Spanish (pastebin qSHqkmLq)",
		msg: `From: Microsoft Outlook <postmaster@empresa.example.es>
To: sender@example.com
Subject: No se puede entregar: Informe
Content-Type: text/plain; charset=utf-8

mx.empresa.example.es rechazó tus mensajes a las siguientes direcciones de correo:

ana@empresa.example.es
Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'
`,
		want: []genericWant{{addr: "ana@empresa.example.es", status: "5.1.10", reply: 550, diag: "RecipientNotFound"}},
	},
	{
		// Only the two sentences are the host's; the address list
		// follows them as qmail writes one.
		name: "o2switch bounce in French, unaccented (pastebin ZyP9cxwq)",
		msg: `From: MAILER-DAEMON@mx.example.fr
To: sender@example.com
Subject: [Important] Impossible d'envoyer l'email

Ceci est un message d'echec automatiquement envoye par nos systemes.
Nous sommes desoles de vous informer que l'email n'a pu etre envoye aux adresses suivantes :

<claire@example.fr>:
550 5.1.1 <claire@example.fr>: Recipient address rejected: User unknown
`,
		want: []genericWant{{addr: "claire@example.fr", status: "5.1.1", reply: 550, diag: "User unknown"}},
	},
	{
		name: "localised qmail bounce in Polish, unaccented (kei.pl)",
		msg: `From: MAILER-DAEMON@mx.example.pl
To: sender@example.com
Subject: failure notice

Bardzo nam przykro jednakze nie udalo sie wyslac maila pod wskazane adresy.
Przyczyna wskazana jest ponizej:

<jan@example.pl>:
552 5.2.2 Mailbox quota exceeded

<ewa@example.pl>:
Sorry, no mailbox here by that name.

--- Below this line is a copy of the message.

Return-Path: <sender@example.com>
From: sender@example.com
To: jan@example.pl, ewa@example.pl, piotr@example.pl
`,
		want: []genericWant{
			{addr: "jan@example.pl", status: "5.2.2", reply: 552, diag: "quota exceeded"},
			{addr: "ewa@example.pl", diag: "no mailbox here"},
		},
	},
}

func TestGenericLanguages(t *testing.T) {
	for _, tc := range genericLangSamples {
		testGenericSample(t, tc.name, tc.msg, tc.delayed, tc.want)
	}
}

// TestGenericLanguagesInTheRegistry checks that the whole registry
// reports the samples' recipients, whichever decoder reads them (a named
// one may know the layout under the localised intro).
func TestGenericLanguagesInTheRegistry(t *testing.T) {
	for _, tc := range genericLangSamples {
		r, err := dsn.ParseBytes([]byte(tc.msg), Registry())
		require.NoError(t, err)
		var got, want []string
		for _, rc := range r.Recipients {
			got = append(got, rc.Recipient)
		}
		for _, w := range tc.want {
			want = append(want, w.addr)
		}
		assert.Equal(t, want, got, "%s (%s)", tc.name, r.Decoder)
	}
}

// genericLangNotBounces are ordinary and automatic mail in the languages
// and charsets of genericLangSamples that is not a bounce, though it
// names addresses and may hold a bounce's words.
var genericLangNotBounces = []struct {
	name, decoder, msg string
}{
	{"a person writing in Chinese about a failed delivery, raw GB2312 Subject", "",
		"From: Li Wei <wei@example.cn>\nTo: help@example.cn\nSubject: " + gbPersonSubject.bytes + "\n" +
			"Content-Type: text/plain; charset=gb2312\n\n" + gbPersonBody.bytes + "\n"},
	{"a person writing in Traditional Chinese, Big5 in RFC 2047 words", "",
		"From: Chen <chen@example.tw>\nTo: help@example.tw\nSubject: =?big5?B?" + b64(big5PersonSubject.bytes) + "?=\n" +
			"Content-Type: text/plain; charset=big5\n\n" + big5PersonBody.bytes + "\n"},
	{"a person replying in Russian, KOI8-R naming no charset", "",
		"From: Olga <olga@example.ru>\nTo: ivan@example.ru\nSubject: Re: " + koiPersonSubject.bytes + "\n\n" +
			koiPersonBody.bytes + "\n"},
	{"a person writing in Japanese, ISO-2022-JP", "",
		"From: Hanako <hanako@example.jp>\nTo: yamada@example.jp\nSubject: =?ISO-2022-JP?B?" + b64(jisPersonSubject.bytes) + "?=\n" +
			"Content-Type: text/plain; charset=ISO-2022-JP\n\n" + jisPersonBody.bytes + "\n"},
	{"a shop's delay notice in French", "", `From: Boutique <noreply@boutique.example.fr>
To: claire@example.fr
Subject: Remise retardée de votre commande 123

Bonjour, la remise de votre colis à claire@example.fr est retardée de deux jours.
Pour toute question, écrivez à service@boutique.example.fr.
`},
	{"a mail system's notice in Polish with the loose words only", "", `From: postmaster@example.pl
To: jan@example.pl
Subject: Konto zablokowane

Konto jan@example.pl zostalo zablokowane. Przyczyna wskazana jest ponizej:

zbyt wiele nieudanych logowan; napisz do admin@example.pl.
`},
	{"a person forwarding Sympa's notice", "", `From: Anna <anna@example.org>
To: helpdesk@example.org
Subject: Fwd: List unknown

Why?

This is an automatic response sent by Sympa Mailing Lists Manager.
Impossible to distribute your message for list 'news@lists.example.org' for the following reason:

The following address is not a known mailing list:

	news@lists.example.org
`},
}

func TestGenericLanguagesNotBounces(t *testing.T) {
	for _, tc := range genericLangNotBounces {
		testGenericNotBounce(t, tc.name, tc.decoder, tc.msg)
	}
}

// TestGenericEveryIntro builds a report around each body phrase of
// generic.tsv ("*" replaced by a host's name), from a mail system and
// under a bounce's Subject, and checks that the generic decoder reads
// the address listed after it, as failed or, after a delay notice's
// words, delayed.
func TestGenericEveryIntro(t *testing.T) {
	for _, in := range intros {
		if in.subject {
			continue
		}
		phrase := strings.Join(in.pieces, " mx.example.net ")
		t.Run(phrase, func(t *testing.T) {
			raw := "From: MAILER-DAEMON@mx.example.org\nTo: sender@example.com\nSubject: Undelivered Mail Returned to Sender\n" +
				"Content-Type: text/plain; charset=utf-8\n\n" + phrase + ":\n\n  anna@example.net\n    550 5.1.1 unknown user\n"
			r := decodeGeneric(t, raw)
			require.Equal(t, dsn.DeliveryReport, r.Kind, "notes: %v", r.Notes)
			require.Len(t, r.Recipients, 1)
			assert.Equal(t, "anna@example.net", r.Recipients[0].Recipient)
			want := dsn.ActionFailed
			if in.kind == introDelayed {
				want = dsn.ActionDelayed
			}
			assert.Equal(t, want, r.Recipients[0].Action)
		})
	}
}
