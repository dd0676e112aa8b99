package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// QQMail is the name of the decoder of QQ Mail's failure notices.
const QQMail dsn.DecoderName = "QQMail"

// qqMailDecoder reads the failure notice QQ Mail (Tencent; qq.com,
// foxmail.com) writes to its own user when a message the user sent could
// not be delivered. It comes from "PostMaster" <PostMaster@qq.com> with the
// Subject "来自qq.com的退信" ("bounce from qq.com", often GB2312 in an RFC
// 2047 word), in one HTML part laid out as tables:
//
//	很抱歉您发送的邮件被退回，以下是该邮件的相关信息：
//	被退回邮件   主 题：<the original's Subject> <br/>时 间：<date>
//	无法发送到 <recipient>
//	退信原因     <QQ's words> <br /> host mx.example.net[192.0.2.1]
//	             said: 550 5.7.515 ... (the remote server's reply, as
//	             Postfix words it, wrapped over several source lines)
//	解决方案     请联系您的收件人
//
// ("sorry, the mail you sent was returned"; 无法发送到 "could not be sent
// to"; 退信原因 "bounce reason"; 解决方案 "solution".) The reason cell
// spans several lines of the HTML source, and its <br /> puts the remote
// reply on a line of its own, so a reader of the text line by line (the
// generic decoder) keeps QQ's words ("未知原因", "unknown reason") and
// loses the reply with its codes; this decoder reads the whole cell, up
// to the 解决方案 row. When the cell has QQ's words only (该用户不存在
// "the user does not exist", 该用户未开通QQ邮箱 "the user has no QQ
// mailbox", 收件人空间不足 "the recipient's space is insufficient"), no
// server's reply is quoted: QQ said it of its own user. Layout: the
// notice a Tencent user's bounce checker parses in its test
// (doublefires/Libra tests/test_check_bounce.py, with the reply quoted in
// scripts/check_bounce.py), its Subject as a real sample in an IMAP header
// decoding test ("=?gb2312?B?wLTX1HFxLmNvbbXEzcvQxQ==?="), QQ Mail's own
// help page on bounces (https://qqmailbox.com/transceivers/169.html: the
// keywords of the reason cell).
//
// imail, a Go mail server, writes the same notice (midoks/imail
// conf/tpl/return_to_sender_html.tpl: the apology, 无法发送到 {ERR_TO_MAIL},
// 退信原因, 解决方案) under Coremail's Subject "系统退信"; Coremail's decoder
// runs first and declines it (no Coremail intro), and this one reads it.
type qqMailDecoder struct{}

func (qqMailDecoder) Name() dsn.DecoderName { return QQMail }

// qqMailSubject is what the notice's Subject holds ("来自qq.com的退信",
// "来自foxmail.com的退信"): "...'s bounce".
const qqMailSubject = "的退信"

// qqMailIMailSubject is imail's Subject ("system bounce"), Coremail's too.
const qqMailIMailSubject = "系统退信"

func (qqMailDecoder) Match(m *dsn.Message) bool {
	return (subjectContains(m, qqMailSubject) || subjectHasPrefix(m, qqMailIMailSubject)) && fromDaemon(m)
}

func (qqMailDecoder) Marks() []dsn.Mark {
	return append(subjects(qqMailSubject, qqMailIMailSubject), daemonFrom)
}

// The notice's intro and labels.
const (
	qqMailIntro    = "很抱歉您发送的邮件被退回"
	qqMailRcpt     = "无法发送到"
	qqMailReason   = "退信原因"
	qqMailSolution = "解决方案"
)

func (qqMailDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := ""
	for _, p := range m.Parts {
		if p.MediaType == "text/html" {
			text = htmlText([]byte(p.Text()))
			break
		}
	}
	if text == "" {
		text = reportText(m)
	}
	lines := textLines(text)
	start := lineContaining(lines, 0, qqMailIntro)
	if start < 0 {
		return nil
	}
	r := &dsn.Report{}
	for i := start + 1; i < len(lines); i++ {
		if !strings.Contains(lines[i], qqMailRcpt) {
			continue
		}
		addrs := addressesIn(lines[i][strings.Index(lines[i], qqMailRcpt):])
		if len(addrs) == 0 {
			continue
		}
		var reason []string
		j := i + 1
		for ; j < len(lines); j++ {
			l := lines[j]
			if strings.Contains(l, qqMailSolution) || strings.Contains(l, qqMailRcpt) {
				break
			}
			if k := strings.Index(l, qqMailReason); k >= 0 {
				l = l[k+len(qqMailReason):]
			} else if len(reason) == 0 {
				continue
			}
			if t := strings.TrimSpace(l); t != "" {
				reason = append(reason, t)
			}
		}
		diag := joinLines(reason)
		own := !hasCode(diag) && !strings.Contains(diag, " said:")
		for _, a := range addrs {
			addRecipient(r, dsn.Recipient{Recipient: dsn.Address("<" + a.addr + ">"), DiagnosticCode: diag, NoRemoteAnswer: own})
		}
		i = j - 1
	}
	if len(r.Recipients) == 0 {
		return nil
	}
	return deliveryReport(r)
}
