package classify

import (
	"bytes"
	"encoding/base64"
	"mime/quotedprintable"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/htmlindex"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// encodeIn returns s in the named charset, as the software wrote it.
func encodeIn(t *testing.T, charset, s string) []byte {
	t.Helper()
	enc, err := htmlindex.Get(charset)
	require.NoError(t, err, charset)
	b, err := enc.NewEncoder().Bytes([]byte(s))
	require.NoError(t, err, charset)
	return b
}

// encodedWord is s as an RFC 2047 encoded word in the named charset.
func encodedWord(t *testing.T, charset, s string) string {
	return "=?" + charset + "?b?" + base64.StdEncoding.EncodeToString(encodeIn(t, charset, s)) + "?="
}

// gromoxTooLarge is gromox's local bounce for a message over the size
// limit (grommunio/gromox:data/mail_bounce/gb2312/BOUNCE_MAIL_TOO_LARGE),
// filled in, sent in GB2312 under base64 as the directory's charset says.
func gromoxTooLarge(t *testing.T) []byte {
	body := "您好：\n  很抱歉通知您，您发送到“li@example.cn”的邮件无法被正确投递，因为邮件过大！\n\n" +
		"以下是您所发送邮件的一些基本信息：\n    发送时间：    2024-03-04 10:00\n    发件人地址：  zhang@example.com\n" +
		"    收件人：      li@example.cn\n    邮件主题：    报价\n    附件：        1\n    邮件大小：    31457280\n"
	word := func(s string) string { return encodedWord(t, "gb2312", s) }
	var b bytes.Buffer
	b.WriteString("From: \"" + word("系统投递员") + "\" <postmaster@mail.example.cn>\nTo: zhang@example.com\n")
	b.WriteString("Subject: " + word("投递失败，邮件过大") + "\nMIME-Version: 1.0\n")
	b.WriteString("Content-Type: text/plain; charset=gb2312\nContent-Transfer-Encoding: base64\n\n")
	enc := base64.StdEncoding.EncodeToString(encodeIn(t, "gb2312", body))
	for i := 0; i < len(enc); i += 76 {
		b.WriteString(enc[i:min(i+76, len(enc))] + "\n")
	}
	return b.Bytes()
}

// postfixLatin1Bounce is a Postfix text bounce whose report for one
// recipient is report, the whole part in ISO-8859-1 under quoted-printable.
func postfixLatin1Bounce(t *testing.T, report string) []byte {
	body := "This is the mail system at host mail.example.com.\n\n" +
		"I'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients. It's attached below.\n\n" +
		"                   The mail system\n\n" + report
	var qp bytes.Buffer
	w := quotedprintable.NewWriter(&qp)
	_, err := w.Write(encodeIn(t, "iso-8859-1", body))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return []byte("From: MAILER-DAEMON@mail.example.com (Mail Delivery System)\nTo: anna@example.com\n" +
		"Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n" +
		"Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\n" + qp.String())
}

// postfixLatin1 is a Postfix text bounce quoting a German reply, the
// whole part in ISO-8859-1 under quoted-printable. The reply is
// MailScanner's German TooBig line
// (MailScanner/v5:common/usr/share/MailScanner/reports/de/languages.conf).
func postfixLatin1(t *testing.T) []byte {
	return postfixLatin1Bounce(t, "<max@example.de>: host mx.example.de[192.0.2.25] said: 552 5.3.4\n"+
		"    Nachricht ist zu groß (in reply to end of DATA command)\n")
}

// postfixEzmlmLatin1 is a Postfix text bounce quoting a list host's
// refusal in German, the whole part in ISO-8859-1 under quoted-printable:
// ezmlm-idx writes its German texts in that charset (lang/de/charset:
// "iso-8859-1:Q"), here ERR_MAX_SIZE (bruceg/ezmlm-idx:lang/de/messages).
func postfixEzmlmLatin1(t *testing.T) []byte {
	return postfixLatin1Bounce(t, "<liste@lists.example.de>: host lists.example.de[192.0.2.26] said: 552 Tut mir\n"+
		"    leid, ich akzeptiere keine Nachrichten, die größer sind, als 40000 Bytes\n"+
		"    (in reply to end of DATA command)\n")
}

// gromoxSystemError is gromox's local bounce for a delivery that failed on
// a system error (grommunio/gromox:data/local_bounce/euc-jp/BOUNCE_OPERATION_ERROR),
// filled in and sent 8bit in EUC-JP as the directory's charset says.
func gromoxSystemError(t *testing.T) []byte {
	body := "お知らせ：\n  \"taro@example.jp\"へのメールを正しく送信できません。システムエラーが\n" +
		"あったため、システムの管理員への問い合わせをお願いします。\n\n送信情報は下記となります：\n" +
		"    送信時間：    2024-03-04 10:00\n    送信者：　　  hanako@example.com\n    宛先：　      taro@example.jp\n" +
		"    メール標題：  見積\n    添付：        0\n    サイズ：　    2048\n"
	word := func(s string) string { return encodedWord(t, "euc-jp", s) }
	head := "From: \"" + word("システム") + "\" <postmaster@mail.example.jp>\nTo: hanako@example.com\n" +
		"Subject: " + word("システムエラーがあったため、メール送信失敗") + "\nMIME-Version: 1.0\n" +
		"Content-Type: text/plain; charset=euc-jp\nContent-Transfer-Encoding: 8bit\n\n"
	return append([]byte(head), encodeIn(t, "euc-jp", body)...)
}

// TestLocalisedBounceCharsets: a whole bounce in a legacy charset is
// decoded before the localised rows are matched, and the row decides.
// The raw messages hold neither the UTF-8 bytes of the phrase nor its
// phrase in UTF-8 (GB2312 under base64, ISO-8859-1 under quoted-printable,
// EUC-JP as 8bit bytes), so the verdict can only come from decoding. The
// gromox EUC-JP bounce has no diagnostic code: its text is the report's
// notice for the recipient.
func TestLocalisedBounceCharsets(t *testing.T) {
	cases := []struct {
		name, recipient string
		msg             []byte
		phrase          string
		want            Reason
		rule            string
	}{
		{"gromox, GB2312 under base64", "li@example.cn", gromoxTooLarge(t), "邮件过大",
			EmailTooLarge, "text/emailtoolarge/邮 件 过 大"},
		{"Postfix, ISO-8859-1 under quoted-printable", "max@example.de", postfixLatin1(t), "Nachricht ist zu groß",
			EmailTooLarge, "text/emailtoolarge/nachricht ist zu groß"},
		{"Postfix quoting ezmlm-idx, ISO-8859-1 under quoted-printable", "liste@lists.example.de", postfixEzmlmLatin1(t), "die größer sind",
			EmailTooLarge, "text/emailtoolarge/ich akzeptiere keine nachrichten die großer sind als * bytes"},
		{"gromox, EUC-JP as 8bit", "taro@example.jp", gromoxSystemError(t), "システムエラーが",
			SystemError, "notice/text/systemerror/シ ス テ ム エ ラ ー が あ っ た た め"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.NotContains(t, string(tc.msg), tc.phrase)
			r, err := dsn.ParseBytes(tc.msg, lhost.Registry())
			require.NoError(t, err)
			vs := Classify(r)
			require.Len(t, vs, 1)
			require.Len(t, r.Recipients, 1)
			assert.Equal(t, tc.recipient, r.Recipients[0].Recipient)
			assert.Contains(t, r.Recipients[0].DiagnosticCode+"\n"+r.Recipients[0].Notice, tc.phrase)
			assert.Equal(t, tc.want, vs[0].Reason)
			assert.Equal(t, tc.rule, vs[0].Rule)
		})
	}
}
