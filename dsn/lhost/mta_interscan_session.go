package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// interScanSession reads the SMTP session an InterScan Messaging Security
// Suite notice quotes (see interScanDecoder) when it names no recipient in
// an "Unable to deliver message to <...>" line: the command it sent and
// the reply it received, one line each,
//
//	Sent <<< RCPT TO:<user@example.org>
//	Received >>> 550 5.1.1 <user@example.org>... user unknown
//
// (sisimai/go-sisimai lhost/via-interscanmss.go and sisimai/p5-sisimai
// lib/Sisimai/Lhost/InterScanMSS.pm quote this layout; their localized
// notices put other words before the arrows, and the Japanese ones turn
// the arrows round, so a line is read by what follows its arrow: an SMTP
// command names the recipient, a three-digit reply is its diagnostic).
func interScanSession(r *dsn.Report, lines []string) {
	var cur *dsn.Recipient
	var pending []dsn.Recipient
	for _, l := range lines {
		t := strings.TrimSpace(l)
		i := strings.Index(t, " <<< ")
		if j := strings.Index(t, " >>> "); i < 0 || (j >= 0 && j < i) {
			i = j
		}
		if i < 0 {
			continue
		}
		rest := strings.TrimSpace(t[i+5:])
		if leadingReplyClass(rest) != 0 {
			if cur == nil {
				continue
			}
			if cur.DiagnosticCode == "" || cur.DiagnosticCode[:3] != rest[:3] {
				// A new reply (the 554 after a 354) stands for the
				// command; a line with the same code continues it.
				cur.DiagnosticCode = mailtext.FoldSpace(rest)
			} else {
				cur.DiagnosticCode += " " + mailtext.FoldSpace(rest)
			}
			continue
		}
		// What was sent: a command, or the "." that ends the message.
		c := dsn.CommandAt(rest)
		if rest == "." {
			c = dsn.CommandDATA
		}
		if c == "" {
			continue
		}
		rc := dsn.Recipient{Command: c}
		if c == dsn.CommandRCPT {
			rc.Recipient = dsn.Address(rest[strings.IndexByte(rest, ':')+1:])
		}
		pending = append(pending, rc)
		cur = &pending[len(pending)-1]
	}
	// An accepted RCPT (2XX) failed only if a later command (DATA, the
	// message's end) was refused: that refusal is its diagnostic.
	var later *dsn.Recipient
	for k := len(pending) - 1; k >= 0; k-- {
		rc := &pending[k]
		if rc.Recipient == "" {
			if refused(rc.DiagnosticCode) {
				later = rc
			}
			continue
		}
		if !refused(rc.DiagnosticCode) {
			if later == nil {
				continue
			}
			rc.Command, rc.DiagnosticCode = later.Command, later.DiagnosticCode
		}
	}
	for _, rc := range pending {
		if rc.Recipient != "" && refused(rc.DiagnosticCode) {
			addRecipient(r, rc)
		}
	}
}

// refused reports whether a quoted reply is a 4XX or 5XX refusal.
func refused(reply string) bool {
	c := leadingReplyClass(reply)
	return c == '4' || c == '5'
}
