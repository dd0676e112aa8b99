package dsn

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// This file reads facts out of free diagnostic text: the SMTP reply code,
// an enhanced status code and the SMTP command the remote host answered.
// MTAs quote the remote reply in many shapes ("host x said: 550 5.1.1 ...",
// "<<< 550-5.1.1 ...", "SMTP error from remote mail server after RCPT
// TO:<...>: 550 ..."), so the scanners look for tokens, not positions.

// FindReplyCode returns the first SMTP reply code (RFC 5321 section 4.2: a
// three-digit code whose first digit is 2, 4 or 5 and second 0 to 5) that
// stands as a word in text, or 0. A code directly followed by an enhanced
// status code ("550 5.1.1", "550-5.1.1") is preferred over a lone one.
func FindReplyCode(text string) int {
	first := 0
	for i := 0; i+3 <= len(text); i++ {
		code, ok := replyCodeAt(text, i)
		if !ok {
			continue
		}
		j := i + 3
		if j+1 < len(text) && (text[j] == ' ' || text[j] == '-') {
			if _, n := scanStatus(text, j+1); n > 0 {
				return code
			}
		}
		if first == 0 {
			first = code
		}
		i += 2
	}
	return first
}

// replyCodes are the reply codes SMTP servers send (RFC 5321 section
// 4.2.3, RFC 3207, RFC 4954, RFC 7504), and 541 and 542, which Zoho's MX
// ("541 5.4.1 Mail rejected by destination domain", https://smtp.codes/zoho)
// and Alibaba Mail's ("541 This account isn't allowed to send email", "542
// This account isn't allowed to receive email",
// http://sh-aliyun.com/index.php/Products/detail/cid/0/pid/87.html) send,
// and 505 and 510, which Alibaba Mail's MX sends for too many recipients and
// for a body or attachment over its limits ("505 the total of RCPTs is
// achieved the maximum threshold", "510 The length of Attach is achieved the
// maximum threshold", same page and Alibaba Cloud's help copied at
// http://bestwisewords.com/document_detail/36612.html),
// and the codes Courier's submit process writes and its esmtpd passes on as
// they are, though no RFC category has their second digit
// (svarshavchik/courier:courier/courier/submit.C: "517 Invalid domain" and
// "417 DNS lookup failure" for a sender domain's DNS check, "546 Routing
// loop detected -- too many Received: headers." after DATA, 531 for too many
// recipients), and 558, which Telstra BigPond's MX sends for content its filter
// refuses ("558 5.7.1 Message content rejected due to suspected spam. IB703",
// https://www.suped.com/knowledge/email-deliverability/troubleshooting/why-are-my-emails-soft-bouncing-with-bigpond-after-implementing-dmarc-changes).
// A number outside the list is more likely a size, a count or
// part of an identifier than a reply.
var replyCodes = map[int]bool{
	211: true, 214: true, 220: true, 221: true, 235: true, 250: true, 251: true, 252: true,
	417: true, 421: true, 422: true, 431: true, 432: true, 441: true, 442: true, 446: true, 447: true,
	449: true, 450: true, 451: true, 452: true, 453: true, 454: true, 455: true, 458: true, 459: true,
	500: true, 501: true, 502: true, 503: true, 504: true, 505: true, 510: true, 517: true, 521: true, 523: true, 524: true,
	525: true, 530: true, 531: true, 534: true, 535: true, 538: true, 541: true, 542: true, 546: true, 550: true, 551: true, 552: true, 553: true,
	554: true, 555: true, 556: true, 557: true, 558: true,
}

// replyCodeAt reports whether a reply code stands as a word at text[i:].
func replyCodeAt(text string, i int) (int, bool) {
	a, b, c := text[i], text[i+1], text[i+2]
	if (a != '2' && a != '4' && a != '5') || b < '0' || b > '5' || !mailtext.IsDigit(c) {
		return 0, false
	}
	if !replyCodes[int(a-'0')*100+int(b-'0')*10+int(c-'0')] {
		return 0, false
	}
	if i > 0 {
		p := text[i-1]
		if p == '#' && !statusFollows(text, i+3) {
			// A number after "#" is an identifier or a colour ("#555"),
			// except Exchange's marked reply: "#550 5.2.2 STOREDRV.Deliver:
			// mailbox full. ##" (Exchange 2007-2019 NDRs), whose status
			// follows the code.
			return 0, false
		}
		if mailtext.IsDigit(p) || mailtext.IsLetter(p) || p == '.' || p == '-' || p == '/' || p == '=' || p == '+' || p == '_' || p == '$' || p == ',' {
			return 0, false
		}
	}
	j := i + 3
	if j < len(text) {
		n := text[j]
		if mailtext.IsDigit(n) || mailtext.IsLetter(n) || n == '.' && j+1 < len(text) && mailtext.IsDigit(text[j+1]) || n == ':' || n == '/' || n == '@' || n == '%' || n == '_' || n == '=' || n == ',' && j+1 < len(text) && mailtext.IsDigit(text[j+1]) {
			return 0, false
		}
	}
	return int(a-'0')*100 + int(b-'0')*10 + int(c-'0'), true
}

// statusFollows reports whether an enhanced status code follows text[j:]
// after one space.
func statusFollows(text string, j int) bool {
	if j+1 >= len(text) || text[j] != ' ' {
		return false
	}
	_, n := scanStatus(text, j+1)
	return n > 0
}

// maxSubject is the highest subject RFC 3463 section 3 defines (X.7.XXX,
// security or policy status). A code in a text with a higher one is not an
// enhanced status code but a provider's own number that looks like one
// (Yahoo's "[#4.16.1]"); Sisimai's status.Test rejects it the same way
// (sisimai/go-sisimai smtp/status: a subject above 7 is invalid).
const maxSubject = 7

// FindStatus returns the first RFC 3463 enhanced status code that stands as
// a word in text, or the zero Status. Codes written as "#5.1.1" or "(#5.1.1)"
// by qmail and Exchange count; a code whose subject RFC 3463 does not
// define (above maxSubject) does not.
func FindStatus(text string) Status {
	for i := 0; i+5 <= len(text); i++ {
		c := text[i]
		if c != '2' && c != '4' && c != '5' {
			continue
		}
		if i > 0 && (mailtext.IsLetter(text[i-1]) || text[i-1] == '_' || text[i-1] == '/' || text[i-1] == '=') {
			continue
		}
		if st, n := scanStatus(text, i); n > 0 {
			if j := i + n; j < len(text) && (mailtext.IsLetter(text[j]) || text[j] == '@') || st.Subject > maxSubject {
				i += n - 1
				continue
			}
			return st
		}
	}
	return Status{}
}

// Commands the scanners report, as Sisimai names them.
const (
	CommandHELO     = "HELO"
	CommandEHLO     = "EHLO"
	CommandMAIL     = "MAIL"
	CommandRCPT     = "RCPT"
	CommandDATA     = "DATA"
	CommandSTARTTLS = "STARTTLS"
	CommandAUTH     = "AUTH"
	CommandCONN     = "CONN"
)

// commandPhrases are the phrases MTAs use to say which command the remote
// host answered, lower-cased, each followed by the words that name it.
var commandPhrases = []string{
	"in reply to ",             // Postfix: "(in reply to RCPT TO command)"
	"after ",                   // Exim: "SMTP error from remote mail server after RCPT TO:<x>:"
	">>> ",                     // Sendmail: ">>> RCPT To:<x>"
	"error after ",             // Exchange
	"error in response to ",    // various
	"while sending ",           // qmail-like
	"in response to ",          // various
	"smtp command: ",           // Notes, Courier
	"failed after ",            // PowerMTA
	"rejected after ",          // various
	"rejected command ",        // Stalwart: "(host 'mx' rejected command 'RCPT TO:<x>' with code 550 (5.1.1) '...')" (stalwartlabs/mail-server:crates/smtp/src/queue/dsn.rs)
	"responded to the command", // handled below: no command follows
}

// commandSentences are phrases that name the command they answer by
// themselves, no command word following them.
var commandSentences = []struct{ phrase, command string }{
	// Postfix, a remote server that refused the session at its greeting:
	// "host <mx>[<ip>] refused to talk to me: <reply>" (postfix/src/smtp/
	// smtp_proto.c, smtp_helo(), where the first reply is not 2XX); every
	// later refusal is "... said: <reply> (in reply to <command> command)".
	{"refused to talk to me:", CommandCONN},
}

// FindCommand returns the SMTP command that text says the remote host
// answered (CommandRCPT, CommandMAIL, ...), or "".
func FindCommand(text string) string {
	if text == "" {
		return ""
	}
	// Fold white space: MTAs wrap "(in reply to RCPT TO command)" anywhere.
	folded := mailtext.FoldSpace(text)
	for _, c := range commandSentences {
		if mailtext.IndexFold(folded, c.phrase) >= 0 {
			return c.command
		}
	}
	for _, p := range commandPhrases {
		for off := 0; ; {
			k := mailtext.IndexFold(folded[off:], p)
			if k < 0 {
				break
			}
			rest := folded[off+k+len(p):]
			if c := CommandAt(rest); c != "" {
				return c
			}
			off += k + len(p)
		}
	}
	return ""
}

// CommandAt names the SMTP command that s starts with, in any case
// ("RCPT TO:<a@b>" is CommandRCPT), or returns "".
func CommandAt(s string) string {
	s = strings.TrimLeft(s, " \t\"'<")
	s = trimPipelined(s)
	switch {
	case mailtext.HasPrefixFold(s, "rcpt"):
		return CommandRCPT
	case mailtext.HasPrefixFold(s, "mail from"), mailtext.HasPrefixFold(s, "mail "), mailtext.HasPrefixFold(s, "mail:"):
		return CommandMAIL
	case mailtext.HasPrefixFold(s, "end of data"), mailtext.HasPrefixFold(s, "data"), mailtext.HasPrefixFold(s, "end of message"):
		return CommandDATA
	case mailtext.HasPrefixFold(s, "ehlo"):
		return CommandEHLO
	case mailtext.HasPrefixFold(s, "helo"):
		return CommandHELO
	case mailtext.HasPrefixFold(s, "starttls"):
		return CommandSTARTTLS
	case mailtext.HasPrefixFold(s, "auth"):
		return CommandAUTH
	case mailtext.HasPrefixFold(s, "connect"), mailtext.HasPrefixFold(s, "initial connection"), mailtext.HasPrefixFold(s, "greeting"), mailtext.HasPrefixFold(s, "banner"):
		return CommandCONN
	}
	return ""
}
