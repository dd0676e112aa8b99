package lhost

import (
	"bytes"
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// Gromox names the decoder of grommunio's gromox notices.
const Gromox dsn.DecoderName = "gromox"

// gromoxDecoder reads the notices gromox (the mail server of grommunio)
// writes itself: its local delivery's (mda/exmdb_local/bounce_producer.cpp:
// no such user, mailbox full, a store error) and its mailing-list
// expander's (mda/mlist_expand/bounce_producer.cpp: the sender may not post
// to the list). Both fill a template chosen by the sender's language or
// the returned message's charset (data/local_bounce/LANG/BOUNCE_*,
// data/mlist_bounce/LANG/BOUNCE_*: ascii, gb2312, big5, euc-jp, shift-jis,
// gbk), and send it as a multipart/report under the Received field
// "from unknown (helo localhost) (unknown@127.0.0.1) by herculiz with
// SMTP", whose delivery-status part has a bare Status 5.0.0, no
// Diagnostic-Code, and a Remote-MTA naming gromox itself. The reason is in
// the template's one paragraph, between its greeting and its heading of
// the returned message's details:
//
//	Hi,
//	  I am sorry to tell you that that the address "ADDR" does not
//	exist. Please check whether the addess is rigthly composed and try it
//	again.
//
//	Below is the original mail information:
//
// which the Chinese and Japanese templates write as
//
//	您好：
//	  很抱歉通知您，您发送到“ADDR”的邮件无法被正确投递，
//	因为该收件人并不存在！请验证该邮件地址是否真实有效。
//
//	以下是您所发送邮件的一些基本信息：
//
//	お知らせ：
//	  受信者が存在していないため、"ADDR"へのメールを正しく送信
//	できません。受信者のメールアドレス有効性の確認をお願いします。
//
//	送信情報は下記となります：
//
// The Japanese sentence states the reason before the address, and the
// Chinese one quotes it in full-width quotation marks, so the words after
// the address (what the RFC 3464 decoder takes from a report's text) miss
// it. The report is the RFC 3464 decoder's with that paragraph as the
// recipients' diagnostic.
type gromoxDecoder struct{}

func (gromoxDecoder) Name() dsn.DecoderName { return Gromox }

func (gromoxDecoder) Marks() []dsn.Mark { return []dsn.Mark{holding("Received", gromoxReceived)} }

// gromoxReceived is in the Received field both bounce producers write.
const gromoxReceived = "by herculiz with SMTP"

// gromoxGreetings open the templates' paragraph (the first line of each
// template's text): ascii "Hi,", gb2312 and big5 "您好：", euc-jp and
// shift-jis "お知らせ：".
var gromoxGreetings = []string{"Hi,", "您好：", "お知らせ："}

// gromoxDetails head the returned message's details after the paragraph:
// ascii, gb2312, big5, euc-jp/shift-jis.
var gromoxDetails = []string{
	"Below is the original mail information:",
	"以下是您所发送邮件的一些基本信息：",
	"以下是您所發送郵件的一些基本信息：",
	"送信情報は下記となります：",
}

// Match wants a template's details heading in the text part, then
// gromox's Received field: the part's bytes first, since Match runs on
// every report with a delivery-status part and reading the Received
// fields would make each a string.
func (gromoxDecoder) Match(m *dsn.Message) bool {
	if m.DeliveryStatusPart() == nil {
		return false
	}
	p := m.TextPart()
	if p == nil {
		return false
	}
	found := false
	for _, h := range gromoxDetailsBytes {
		if bytes.Contains(p.Body, h) {
			found = true
			break
		}
	}
	return found && headerContains(m, "Received", gromoxReceived)
}

// gromoxDetailsBytes are gromoxDetails as bytes, made once.
var gromoxDetailsBytes = func() [][]byte {
	bs := make([][]byte, len(gromoxDetails))
	for i, h := range gromoxDetails {
		bs[i] = []byte(h)
	}
	return bs
}()

func (d gromoxDecoder) Decode(m *dsn.Message) *dsn.Report {
	if !d.Match(m) {
		return nil
	}
	r := (rfc3464Decoder{}).Decode(m)
	if r == nil {
		return nil
	}
	para := gromoxParagraph(textLines(reportText(m)))
	if para == "" {
		return r
	}
	for i := range r.Recipients {
		// gromox writes no Diagnostic-Code: what the recipient has came
		// from the text after its address, which the paragraph replaces.
		rc := &r.Recipients[i]
		if len(r.Recipients) == 1 || mailtext.ContainsFold(para, rc.Recipient) {
			rc.DiagnosticCode = para
		}
	}
	return r
}

// gromoxParagraph returns the template's paragraph, white space folded:
// the lines after the greeting up to a blank line or the details'
// heading, or "" when the text has no greeting.
func gromoxParagraph(lines []string) string {
	start := lineIndex(lines, 0, gromoxGreetings...)
	if start < 0 {
		return ""
	}
	var b strings.Builder
	for _, l := range lines[start+1:] {
		t := strings.TrimSpace(l)
		if t == "" || b.Len() > 1024 || lineIndex([]string{t}, 0, gromoxDetails...) == 0 {
			break
		}
		b.WriteString(t)
		b.WriteByte(' ')
	}
	return mailtext.FoldSpace(strings.TrimSpace(b.String()))
}
