package dsn

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// trimPipelined drops the word Exim puts before a command its SMTP
// transport sent pipelined: "SMTP error from remote mail server after
// pipelined end of data:", "... after pipelined RCPT TO:<a@b>:" (Exim
// src/src/transports/smtp.c, the "pipelined " prefix of the command named
// in the error; verbatim in an Exim bounce of gmail-smtp-in.l.google.com
// forwarded to LKML on 2025-10-08, "Re: [PATCH v2 2/4] rust: xarray:
// abstract `xa_alloc`").
func trimPipelined(s string) string {
	if mailtext.HasPrefixFold(s, "pipelined ") {
		return strings.TrimLeft(s[len("pipelined "):], " \t")
	}
	return s
}

// sendmailReplyCommand returns the command that a reply logged in a
// Sendmail session transcript p answered: the last ">>>" line before the
// "<<<" line that starts reply (the recipient's diagnostic; any reply when
// it is ""), ">>> ." (the end of the message) being DATA; or "" when p logs
// no such reply after a command.
//
// Sendmail logs every command it sends with ">>>" but only the 4xx and 5xx
// replies with "<<<" (Sendmail 8.17.1: sendmail/usersmtp.c, smtpmessage()
// and reply()), so a pipelined session logs several commands before the
// reply that refused the last of them:
//
//	... while talking to gmail-smtp-in.l.google.com.:
//	>>> MAIL From:<a@example.org> SIZE=4410
//	>>> RCPT To:<b@gmail.com>
//	<<< 550-5.2.1 The email account that you tried to reach is inactive. ...
//
// where the first ">>>" line is not the command answered.
func sendmailReplyCommand(p, reply string) string {
	if !strings.Contains(p, "<<< ") {
		return ""
	}
	return answeredCommand(p, ">>> ", "<<< ", func(line string) bool {
		return reply == "" || sameReply(line, reply)
	})
}

// transcriptCommand returns the command of a Sendmail-style session
// transcript, in any of paras, that the remote host answered with reply,
// the recipient's diagnostic text; or "". The paragraph need not name the
// recipient: a refusal at the end of DATA follows no RCPT line.
func transcriptCommand(paras []string, reply string) string {
	if len(strings.TrimSpace(reply)) < 3 {
		return ""
	}
	for _, p := range paras {
		if cmd := sendmailReplyCommand(p, reply); cmd != "" {
			return cmd
		}
	}
	return ""
}

// answeredCommand returns the command of the session transcript p that
// the first reply line for which answers is true answered: the last line
// before it that starts with sent (the arrow before a command the
// reporting MTA sent), read by SentCommand; a reply line starts with
// received, and answers is given the text after the arrow. "" when no
// such reply follows a command.
func answeredCommand(p, sent, received string, answers func(reply string) bool) string {
	cmd := ""
	for rest := p; rest != ""; {
		line := rest
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, sent):
			cmd = SentCommand(line[len(sent):])
		case strings.HasPrefix(line, received) && cmd != "":
			if answers(line[len(received):]) {
				return cmd
			}
		}
	}
	return ""
}

// SentCommand returns the command a session transcript's ">>>" line
// sent, given the text after ">>>": the lone "." that ends the message
// text is the end of DATA, whose reply refuses the message as a whole
// (Sendmail logs it as ">>> ." when verbose, Sendmail 8.17.1:
// sendmail/usersmtp.c, smtpdata(); ZMailer as "<<- ."), any other line
// the command CommandAt names.
func SentCommand(s string) string {
	if strings.TrimSpace(s) == "." {
		return CommandDATA
	}
	return CommandAt(s)
}

// sameReply reports whether the transcript's reply line is reply, or
// starts it (a diagnostic that joined the lines after it), white space
// folded (FoldSpace copies only a string whose white space is not already
// single spaces).
func sameReply(line, reply string) bool {
	line, reply = strings.TrimSpace(line), strings.TrimSpace(reply)
	if len(line) < 3 {
		return false
	}
	if line == reply || strings.HasPrefix(reply, line) {
		return true
	}
	if !strings.ContainsAny(line, " \t") && !strings.ContainsAny(reply, "\t") {
		return false
	}
	l, r := mailtext.FoldSpace(line), mailtext.FoldSpace(reply)
	return l == r || strings.HasPrefix(r, l)
}
