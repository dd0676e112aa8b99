package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// openSMTPDFirstRecipient reads the one recipient of OpenSMTPD's first
// bounce layout (OpenBSD 4.6-4.8 usr.sbin/smtpd/bounce.c, 2009-2010):
//
//	Hi !
//
//	This is the MAILER-DAEMON, please DO NOT REPLY to this e-mail.
//	An error has occurred while attempting to deliver a message.
//
//	Recipient: user@example.org
//	Reason:
//	550 5.1.1 <user@example.org>: Recipient address rejected: User unknown
//
//	Below is a copy of the original message:
//
// The reason is the session's error line: the remote host's reply, or
// smtpd's own text with its internal 1xx/6xx code cut off. It reports
// whether lines[i] starts such a block and, if so, the index of the
// block's last line.
func openSMTPDFirstRecipient(r *dsn.Report, lines []string, i int) (int, bool) {
	addr, ok := strings.CutPrefix(lines[i], "Recipient: ")
	if !ok || !strings.Contains(addr, "@") || i+1 >= len(lines) ||
		strings.TrimSpace(lines[i+1]) != "Reason:" {
		return i, false
	}
	j := i + 2
	var reason []string
	for ; j < len(lines) && strings.TrimSpace(lines[j]) != ""; j++ {
		reason = append(reason, strings.TrimSpace(lines[j]))
	}
	addRecipient(r, dsn.Recipient{
		Recipient:      dsn.Address(strings.TrimSpace(addr)),
		Action:         dsn.ActionFailed,
		DiagnosticCode: mailtext.FoldSpace(strings.Join(reason, " ")),
	})
	return j - 1, true
}
