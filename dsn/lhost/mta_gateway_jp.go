package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// activeHunterTranscript gives the recipients of an Active!hunter report
// that the Sendmail-style reading left without a diagnostic the reply its
// transcript quotes. Active!hunter lists the addresses as ">>> address
// <address>" and writes the remote reply under "----- Transcript of session
// follows -----" with no address on its line:
//
//	  ----- The following addresses had permanent fatal errors -----
//
//	>>> kijitora@example.org <kijitora@example.org>
//
//	  ----- Transcript of session follows -----
//	550 sorry, no mailbox here by that name (#5.1.1 - chkusr)
//
// go-sisimai reads the first transcript line that starts with a letter or
// digit as the diagnostic (sisimai/go-sisimai:lhost/via-activehunter.go).
func activeHunterTranscript(m *dsn.Message, r *dsn.Report) {
	if r == nil {
		return
	}
	lines := textLines(reportText(m))
	t := lineContaining(lines, 0, "transcript of session follows")
	if t < 0 {
		return
	}
	diag := ""
	for _, l := range lines[t+1:] {
		s := strings.TrimSpace(l)
		if s == "" {
			continue
		}
		if strings.HasPrefix(s, "--") || strings.HasPrefix(s, ">>>") {
			break
		}
		if dsn.FindReplyCode(s) != 0 && s[0] >= '2' && s[0] <= '5' {
			diag = s
		}
		break
	}
	if diag == "" {
		return
	}
	for i := range r.Recipients {
		rc := &r.Recipients[i]
		if rc.DiagnosticCode != "" {
			continue
		}
		rc.DiagnosticCode = diag
		if rc.ReplyCode == 0 {
			rc.ReplyCode = dsn.FindReplyCode(diag)
		}
		if rc.DiagnosticType == "" && rc.ReplyCode != 0 {
			rc.DiagnosticType = "SMTP"
		}
	}
}

// mFilterBlocks reads an m-FILTER report that gives each failed address its
// own "-------server message" and "-------SMTP command" sections, the
// address line opening each block (go-sisimai starts a new recipient at
// every address-only line and takes the first line after each section
// heading: sisimai/go-sisimai:lhost/via-mfilter.go). It returns nil when
// the report holds fewer than two server-message sections, which the
// single-block reading covers.
func mFilterBlocks(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	lines := textLines(text)
	n := 0
	for _, l := range lines {
		if strings.TrimSpace(l) == "-------server message" {
			n++
		}
	}
	if n < 2 {
		return nil
	}
	type block struct {
		addr    string
		reply   []string
		command string
	}
	var blocks []block
	section := ""
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if h, ok := mFilterHeading(t); ok {
			if strings.HasPrefix(h, "original") {
				break
			}
			section = h
			continue
		}
		if t == "" {
			if section == "server" && len(blocks) > 0 && len(blocks[len(blocks)-1].reply) > 0 {
				section = ""
			}
			continue
		}
		if a := dsn.Address(t); a != "" && !strings.Contains(t, " ") && section != "server" {
			blocks = append(blocks, block{addr: a})
			section = ""
			continue
		}
		if len(blocks) == 0 {
			continue
		}
		b := &blocks[len(blocks)-1]
		switch {
		case section == "server message" || section == "server":
			section = "server"
			b.reply = append(b.reply, t)
		case strings.HasPrefix(section, "smtp command") && b.command == "":
			b.command = dsn.CommandAt(t)
		}
	}
	r := &dsn.Report{}
	for _, b := range blocks {
		addRecipient(r, dsn.Recipient{Recipient: b.addr, Command: b.command, DiagnosticCode: unfoldReply(b.reply)})
	}
	r.Original = originalFromMessage(m, text, "-------original message", "-------original mail info")
	return deliveryReport(r)
}
