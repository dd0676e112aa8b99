package classify

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"mime/quotedprintable"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// smtpGatedPostfix is a Postfix DSN whose remote reply is smtp-gated's:
// the transparent proxy a Polish ISP runs in front of its customers'
// outgoing mail answers in Polish (vpithart/smtp-gated:lang/lang-pl.h),
// with the codes src/smtp-gated.c gives each refusal. reply is the whole
// reply line, command the SMTP command it answered.
func smtpGatedPostfix(rcpt, status, reply, command string) []byte {
	const b = "4Q2sPZ0kxz.1678781566/mail.example.com"
	return []byte("From: MAILER-DAEMON@mail.example.com (Mail Delivery System)\n" +
		"To: jan@example.com\nSubject: Undelivered Mail Returned to Sender\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status;\n\tboundary=\"" + b + "\"\n\n" +
		"--" + b + "\nContent-Description: Notification\nContent-Type: text/plain; charset=us-ascii\n\n" +
		"This is the mail system at host mail.example.com.\n\n" +
		"I'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients. It's attached below.\n\n" +
		"                   The mail system\n\n" +
		"<" + rcpt + ">: host mx.example.pl[198.51.100.20] said: " + reply + " (in reply to " + command + " command)\n\n" +
		"--" + b + "\nContent-Description: Delivery report\nContent-Type: message/delivery-status\n\n" +
		"Reporting-MTA: dns; mail.example.com\nArrival-Date: Tue, 14 Mar 2023 09:12:45 +0100 (CET)\n\n" +
		"Final-Recipient: rfc822; " + rcpt + "\nAction: failed\nStatus: " + status + "\nRemote-MTA: dns; mx.example.pl\n" +
		"Diagnostic-Code: smtp; " + reply + "\n\n--" + b + "--\n")
}

// smtpGatedExim is Exim's text bounce for a connection smtp-gated
// refused at its greeting: no RCPT, no enhanced status code.
func smtpGatedExim(rcpt, reply string) []byte {
	return []byte("From: Mail Delivery System <Mailer-Daemon@mail.example.com>\nTo: jan@example.com\n" +
		"Subject: Mail delivery failed: returning message to sender\nX-Failed-Recipients: " + rcpt + "\nAuto-Submitted: auto-replied\n\n" +
		"This message was created automatically by mail delivery software.\n\n" +
		"A message that you sent could not be delivered to one or more of its\n" +
		"recipients. This is a permanent error. The following address(es) failed:\n\n" +
		"  " + rcpt + "\n    host mx.example.pl [198.51.100.20]\n    SMTP error from remote mail server after initial connection:\n    " + reply + "\n")
}

// gromoxNoUser is gromox's local delivery bounce for a recipient that does
// not exist, its Japanese or Chinese template filled in and sent in the
// template directory's charset: data/local_bounce/euc-jp (here in
// ISO-2022-JP or Shift_JIS, as Japanese mail goes), gb2312 and big5
// (base64). Its Japanese sentence wraps inside the phrase the generic
// decoder reads ("...正しく送信" / "できません。").
func gromoxNoUser(t *testing.T, lang, charset, rcpt string) []byte {
	var subject, from, body string
	sender := "zhang@example.com" // the bounce goes to the original's sender, whom the information block names
	switch lang {
	case "ja":
		sender = "hanako@example.com"
		from, subject = "システム", "受信者が存在していないため、メール送信失敗"
		body = "お知らせ：\n  受信者が存在していないため、\"" + rcpt + "\"へのメールを正しく送信\n" +
			"できません。受信者のメールアドレス有効性の確認をお願いします。\n\n送信情報は下記となります：\n" +
			"    送信時間：    2024-03-04 10:00\n    送信者：　　  hanako@example.com\n    宛先：　      " + rcpt + "\n" +
			"    メール標題：  見積\n    添付：        0\n    サイズ：　    2048\n"
	case "zh":
		from, subject = "系统投递员", "投递失败，收件人不存在"
		body = "您好：\n  很抱歉通知您，您发送到“" + rcpt + "”的邮件无法被正确投递，因为该收件人并不存在！\n\n" +
			"以下是您所发送邮件的一些基本信息：\n    发送时间：    2024-03-04 10:00\n    发件人地址：  zhang@example.com\n" +
			"    收件人：      " + rcpt + "\n    邮件主题：    报价\n"
	case "zh-tw":
		from, subject = "系統投遞員", "投遞失敗，收件人不存在"
		body = "您好：\n  很抱歉通知您，您發送到“" + rcpt + "”的郵件無法被正確投遞，因為該收件人並不存在！\n\n" +
			"以下是您所發送郵件的一些基本信息：\n    發送時間：    2024-03-04 10:00\n    發件人地址：  zhang@example.com\n" +
			"    收件人：      " + rcpt + "\n"
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: \"%s\" <postmaster@mail.example.net>\nTo: %s\nSubject: %s\nMIME-Version: 1.0\n",
		encodedWord(t, charset, from), sender, encodedWord(t, charset, subject))
	raw := encodeIn(t, charset, body)
	if charset == "iso-2022-jp" || charset == "shift_jis" {
		fmt.Fprintf(&b, "Content-Type: text/plain; charset=%s\nContent-Transfer-Encoding: %s\n\n", charset,
			map[bool]string{true: "7bit", false: "8bit"}[charset == "iso-2022-jp"])
		b.Write(raw)
		return b.Bytes()
	}
	fmt.Fprintf(&b, "Content-Type: text/plain; charset=%s\nContent-Transfer-Encoding: base64\n\n", charset)
	enc := base64.StdEncoding.EncodeToString(raw)
	for i := 0; i < len(enc); i += 76 {
		b.WriteString(enc[i:min(i+76, len(enc))] + "\n")
	}
	return b.Bytes()
}

// exchangeNDR is an Exchange Online NDR: its user text in the sender's
// language, as Microsoft's localised articles quote it, in the charset
// named (quoted-printable for the single-byte ones, base64 else), then
// the delivery-status part with the English diagnostic.
func exchangeNDR(t *testing.T, charset, rcpt, userText, status, diag string) []byte {
	const b = "_000_PR3P195MB0812_"
	var body bytes.Buffer
	raw := encodeIn(t, charset, rcpt+"\n"+userText+"\n\n"+rcpt+"\nRemote Server returned '"+diag+"'\n")
	cte := "base64"
	if charset == "iso-8859-1" {
		cte = "quoted-printable"
		w := quotedprintable.NewWriter(&body)
		_, err := w.Write(raw)
		require.NoError(t, err)
		require.NoError(t, w.Close())
	} else {
		enc := base64.StdEncoding.EncodeToString(raw)
		for i := 0; i < len(enc); i += 76 {
			body.WriteString(enc[i:min(i+76, len(enc))] + "\n")
		}
	}
	return []byte("From: postmaster@contoso.onmicrosoft.com\nTo: sender@contoso.example\nSubject: Undeliverable: Q1\n" +
		"Auto-Submitted: auto-replied\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"" + b + "\"\n\n" +
		"--" + b + "\nContent-Type: text/plain; charset=\"" + charset + "\"\nContent-Transfer-Encoding: " + cte + "\n\n" + body.String() +
		"\n--" + b + "\nContent-Type: message/delivery-status\n\nReporting-MTA: dns;PR3P195MB0812.EURP195.PROD.OUTLOOK.COM\n\n" +
		"Final-Recipient: rfc822;" + rcpt + "\nAction: failed\nStatus: " + status + "\nDiagnostic-Code: smtp;" + diag + "\n\n--" + b + "--\n")
}

// TestLangRows: each row lang6 added decides its reason in a whole
// bounce as the software sends it: smtp-gated's Polish replies quoted by
// Postfix's and Exim's bounces (the size limit at DATA, the rate limits at
// RCPT, DATA and MAIL FROM, the connection limits and the DNSBL refusal at
// the greeting), Exchange Online's NDRs whose user text Microsoft's
// localised articles quote (the sender's submission quota in Korean,
// Italian and French, a full mailbox in Italian and Dutch), and gromox's
// no-such-user bounces in Japanese and Chinese, decoded from their legacy
// charsets, which name gromox's own mailbox lookup: user unknown, not a
// filter's refusal.
func TestLangRows(t *testing.T) {
	cases := []struct {
		name, rcpt string
		msg        []byte
		want       Reason
		rule       string
	}{
		{"pl: smtp-gated, size limit at DATA (552 5.3.4)", "ola@example.pl",
			smtpGatedPostfix("ola@example.pl", "5.3.4", "552 5.3.4 smtp-gated.isp.example.pl Przekroczony limit rozmiaru wiadomosci", "end of DATA"),
			EmailTooLarge, "przekroczony limit rozmiaru wiadomosci"},
		{"pl: smtp-gated, message rate at DATA (552 5.3.2)", "ola@example.pl",
			smtpGatedPostfix("ola@example.pl", "5.3.2", "552 5.3.2 smtp-gated.isp.example.pl Przekroczony okresowy limit wiadomosci", "end of DATA"),
			RateLimited, "przekroczony okresowy limit"},
		{"pl: smtp-gated, recipient rate at RCPT (552 5.3.2)", "ola@example.pl",
			smtpGatedPostfix("ola@example.pl", "5.3.2", "552 5.3.2 smtp-gated.isp.example.pl Przekroczony okresowy limit odbiorcow", "RCPT TO"),
			RateLimited, "przekroczony okresowy limit"},
		{"pl: smtp-gated, sender-address rate at MAIL FROM (550 5.7.1)", "ola@example.pl",
			smtpGatedPostfix("ola@example.pl", "5.7.1", "550 5.7.1 smtp-gated.isp.example.pl Przekroczony okresowy limit roznych adresow nadawcy", "MAIL FROM"),
			RateLimited, "przekroczony okresowy limit"},
		{"pl: smtp-gated, DNSBL at MAIL FROM (550 5.7.1)", "ola@example.pl",
			smtpGatedPostfix("ola@example.pl", "5.7.1", "550 5.7.1 smtp-gated.isp.example.pl Polaczenie odrzucone przez DNSBL: Listed in bl.example.net", "MAIL FROM"),
			Blocked, "polaczenie odrzucone przez dnsbl"},
		{"pl: smtp-gated, spam found after DATA (550 5.7.1)", "ola@example.pl",
			smtpGatedPostfix("ola@example.pl", "5.7.1", "550 5.7.1 smtp-gated.isp.example.pl Wiadomosc zostala rozpoznana jako SPAM i zostala zablokowana", "end of DATA"),
			SpamDetected, "wiadomosc zostala rozpoznana jako spam"},
		{"pl: smtp-gated, client locked out for viruses or spam (451 4.4.0)", "ola@example.pl",
			smtpGatedPostfix("ola@example.pl", "4.4.0", "451 4.4.0 smtp-gated.isp.example.pl Zostales zablokowany ze wzgledu na rozsylanie wirusow lub SPAM-u", "end of DATA"),
			Blocked, "zostales zablokowany ze wzgledu na rozsylanie wirusow lub spam u"},
		{"pl: smtp-gated, too many connections from the address, at the greeting", "ola@example.pl",
			smtpGatedExim("ola@example.pl", "554 smtp-gated.isp.example.pl Zbyt wiele polaczen z Twojego adresu, sprobuj pozniej"),
			RateLimited, "zbyt wiele polaczen"},
		{"pl: smtp-gated, too many connections, at the greeting", "ola@example.pl",
			smtpGatedExim("ola@example.pl", "554 smtp-gated.isp.example.pl Zbyt wiele polaczen, sprobuj pozniej"),
			RateLimited, "zbyt wiele polaczen"},
		{"pl: smtp-gated, DNSBL at the greeting", "ola@example.pl",
			smtpGatedExim("ola@example.pl", "554 smtp-gated.isp.example.pl Polaczenie odrzucone przez DNSBL: -"),
			Blocked, "polaczenie odrzucone przez dnsbl"},
		{"ko: Exchange Online, sender's submission quota, ks_c_5601-1987 under base64", "ceo@partner.example",
			exchangeNDR(t, "ks_c_5601-1987", "ceo@partner.example", "보낸 사람의 전송 할당량이 초과되어 메시지를 전송할 수 없습니다.",
				"5.2.0", "554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException"),
			RateLimited, "보 낸 사 람 의 전 송 할 당 량 이 초 과 되 어"},
		{"it: Exchange Online, sender's submission quota, ISO-8859-1 under quoted-printable", "ceo@partner.example",
			exchangeNDR(t, "iso-8859-1", "ceo@partner.example", "Il messaggio non può essere inviato perché è stata superata la quota di invio del mittente.",
				"5.2.0", "554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException"),
			RateLimited, "e stata superata la quota di invio del mittente"},
		{"fr: Exchange Online, sender's submission quota, UTF-8 under base64", "ceo@partner.example",
			exchangeNDR(t, "utf-8", "ceo@partner.example", "Impossible d'envoyer le message, car le quota d'envoi de l'expéditeur est dépassé.",
				"5.2.0", "554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException"),
			RateLimited, "le quota d envoi de l expediteur est depasse"},
		{"it: Exchange Online, mailbox full, ISO-8859-1 under quoted-printable", "pf@partner.example",
			exchangeNDR(t, "iso-8859-1", "pf@partner.example", "La cassetta postale del destinatario è piena e non può accettare messaggi. Provare a inviare nuovamente il messaggio in un secondo momento o contattare direttamente il destinatario.",
				"5.0.0", "554 5.0.0 STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionQuotaExceeded"),
			MailboxFull, ""},
		{"nl: Exchange Online, mailbox full, UTF-8 under base64", "pf@partner.example",
			exchangeNDR(t, "utf-8", "pf@partner.example", "Het postvak van de ontvanger is vol en kan nu geen berichten ontvangen. Probeer dit bericht later opnieuw te verzenden of neem direct contact op met de ontvanger.",
				"5.0.0", "554 5.0.0 STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionQuotaExceeded"),
			MailboxFull, ""},
		{"ja: gromox no such user, ISO-2022-JP", "taro@example.jp", gromoxNoUser(t, "ja", "iso-2022-jp", "taro@example.jp"),
			UserUnknown, "decoder/Generic/userunknown/受 信 者 が 存 在 し て い な い た め"},
		{"ja: gromox no such user, Shift_JIS", "taro@example.jp", gromoxNoUser(t, "ja", "shift_jis", "taro@example.jp"),
			UserUnknown, "decoder/Generic/userunknown/受 信 者 が 存 在 し て い な い た め"},
		{"ja: gromox no such user, EUC-JP", "taro@example.jp", gromoxNoUser(t, "ja", "euc-jp", "taro@example.jp"),
			UserUnknown, "decoder/Generic/userunknown/受 信 者 が 存 在 し て い な い た め"},
		{"zh: gromox no such user, GB2312 under base64", "li@example.cn", gromoxNoUser(t, "zh", "gb2312", "li@example.cn"),
			UserUnknown, "decoder/Generic/userunknown/因 为 该 收 件 人 并 不 存 在"},
		{"zh: gromox no such user, GBK under base64", "li@example.cn", gromoxNoUser(t, "zh", "gbk", "li@example.cn"),
			UserUnknown, "decoder/Generic/userunknown/因 为 该 收 件 人 并 不 存 在"},
		{"zh-tw: gromox no such user, Big5 under base64", "chen@example.tw", gromoxNoUser(t, "zh-tw", "big5", "chen@example.tw"),
			UserUnknown, "decoder/Generic/userunknown/因 為 該 收 件 人 並 不 存 在"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes(tc.msg, lhost.Registry())
			require.NoError(t, err)
			require.Len(t, r.Recipients, 1)
			assert.Equal(t, tc.rcpt, r.Recipients[0].Recipient)
			vs := Classify(r)
			require.Len(t, vs, 1)
			assert.Equal(t, tc.want, vs[0].Reason, "rule %s", vs[0].Rule)
			if tc.rule != "" {
				assert.Contains(t, vs[0].Rule, tc.rule)
			}
		})
	}
}

// TestLangRowsTexts: the localised user texts of Exchange Online's
// mailbox-full NDR decide by themselves, without the English diagnostic
// beside them (a relayed or quoted copy keeps only the text), under a
// status that names no cause.
func TestLangRowsTexts(t *testing.T) {
	cases := []struct {
		name, text string
		want       Reason
		rule       string
	}{
		{"it: Exchange Online, mailbox full", "La cassetta postale del destinatario è piena e non può accettare messaggi. Provare a inviare nuovamente il messaggio in un secondo momento o contattare direttamente il destinatario.",
			MailboxFull, "text/mailboxfull/la cassetta postale del destinatario e piena e non puo accettare messaggi"},
		{"nl: Exchange Online, mailbox full", "Het postvak van de ontvanger is vol en kan nu geen berichten ontvangen. Probeer dit bericht later opnieuw te verzenden of neem direct contact op met de ontvanger.",
			MailboxFull, "text/mailboxfull/het postvak van de ontvanger is vol en kan nu geen berichten ontvangen"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := reasonCase{text: tc.text, status: "5.0.0"}.verdict()
			assert.Equal(t, tc.want, v.Reason, "rule %s", v.Rule)
			assert.Equal(t, tc.rule, v.Rule)
		})
	}
}

// TestLangRowsNearMisses: smtp-gated's other Polish replies share words with
// the rows and say something else (a connection it could not make, its
// own load, an SPF refusal, the recipients it counted as refused by a
// filter are still a rate limit), GNU Mailutils' Polish quota message
// shares "limit rozmiaru" with the size row and is a full mailbox, and
// gromox's words quoted by another MTA from a remote server after DATA
// are not gromox's own lookup.
func TestLangRowsNearMisses(t *testing.T) {
	cases := []struct {
		name, text string
		not        Reason
		notRule    string
	}{
		{"pl: smtp-gated cannot connect (MSG_CANNOT_CONNECT)", "Nie mozna polaczyc sie z serwerem", RateLimited, "zbyt wiele polaczen"},
		{"pl: smtp-gated system load (MSG_SYSTEM_LOAD)", "Zbyt duze obciazenie systemu, sprobuj pozniej", RateLimited, "zbyt wiele polaczen"},
		{"pl: smtp-gated SPF refusal (MSG_SPF_REJECT)", "Polaczenie odrzucone przez SPF, wlacz autoryzacje poczty wychodzacej (SMTP)", Blocked, "polaczenie odrzucone przez dnsbl"},
		{"pl: the periodic message limit is no size limit", "Przekroczony okresowy limit wiadomosci", EmailTooLarge, "przekroczony limit rozmiaru wiadomosci"},
		{"pl: Mailutils' mailbox quota is no message size limit", "anna: przekroczono limit rozmiaru skrzynki pocztowej tego odbiorcy", EmailTooLarge, "przekroczony limit rozmiaru wiadomosci"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := reasonCase{text: tc.text, status: "5.0.0"}.verdict()
			assert.NotEqual(t, tc.not, v.Reason, "rule %s", v.Rule)
			assert.NotContains(t, v.Rule, tc.notRule)
		})
	}

	// gromox's Japanese words in a remote server's reply after DATA, quoted
	// by Postfix: the generic decoder's scoped row is not read there.
	msg := smtpGatedPostfix("taro@example.jp", "5.0.0", "550 受信者が存在していないため", "end of DATA")
	r, err := dsn.ParseBytes(msg, lhost.Registry())
	require.NoError(t, err)
	require.Len(t, r.Recipients, 1)
	vs := Classify(r)
	require.Len(t, vs, 1)
	assert.False(t, strings.HasPrefix(vs[0].Rule, "decoder/Generic/"), "rule %s", vs[0].Rule)
	assert.NotEqual(t, UserUnknown, vs[0].Reason, "rule %s", vs[0].Rule)
}
