package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// This file reads the plain-text reports in Sendmail's layout: those of
// Sendmail 8 without a delivery-status part (old releases, or a report a
// person forwarded), those of V5 (5.x) Sendmail, which have only the
// session transcript, and those of Active!Hunter, which copies the layout.
//
//	   ----- The following addresses had permanent fatal errors -----
//	<user@example.org>
//	    (reason: 550 5.1.1 <user@example.org>... User unknown)
//
//	   ----- Transcript of session follows -----
//	... while talking to mx.example.org.:
//	>>> RCPT To:<user@example.org>
//	<<< 550 5.1.1 <user@example.org>... User unknown
//	550 5.1.1 <user@example.org>... User unknown
//
//	   ----- Original message follows -----
//
// ">>>" lines are the commands Sendmail sent, "<<<" lines the replies it
// got, and "NNN <address>... text" lines its verdict on each address;
// "NNN host (smtp)... text" lines are verdicts on a host.

// sendmailDecoder reads Sendmail 8's plain-text reports: those with a
// list of failed addresses.
type sendmailDecoder struct{}

func (sendmailDecoder) Name() dsn.DecoderName { return Sendmail }

func (sendmailDecoder) Match(m *dsn.Message) bool { return sendmailHeader(m) }

func (sendmailDecoder) Decode(m *dsn.Message) *dsn.Report {
	r, listed := decodeSendmailStyle(m)
	if !listed {
		return nil
	}
	return r
}

// v5SendmailDecoder reads the reports of V5 (5.x) Sendmail: a session
// transcript and the returned message, without a list of addresses.
type v5SendmailDecoder struct{}

func (v5SendmailDecoder) Name() dsn.DecoderName { return V5Sendmail }

func (v5SendmailDecoder) Match(m *dsn.Message) bool { return sendmailHeader(m) }

func (v5SendmailDecoder) Decode(m *dsn.Message) *dsn.Report {
	r, listed := decodeSendmailStyle(m)
	if listed {
		return nil
	}
	return r
}

// activeHunterDecoder reads the reports of the Active!Hunter mail gateway,
// in Sendmail's layout with ">>> address <address>" in the address list.
type activeHunterDecoder struct{}

func (activeHunterDecoder) Name() dsn.DecoderName { return ActiveHunter }

func (activeHunterDecoder) Match(m *dsn.Message) bool {
	return m.Header.Has("X-AHMAILID") || strings.Contains(m.Param("boundary"), "Active!Hunter")
}

func (activeHunterDecoder) Decode(m *dsn.Message) *dsn.Report {
	r, _ := decodeSendmailStyle(m)
	activeHunterTranscript(m, r)
	return r
}

// sendmailHeader is the header test of Sendmail's reports: its Subjects,
// or its From, "Mail Delivery Subsystem <MAILER-DAEMON@...>".
func sendmailHeader(m *dsn.Message) bool {
	if subjectHasPrefix(m, "Returned mail:", "Warning: could not send message", "Undeliverable mail:") {
		return true
	}
	return fromContains(m, "mail delivery subsystem")
}

// Sendmail's section headings, lower-case, without their dashes.
const (
	smPermanent  = "the following addresses had permanent fatal errors"
	smTransient  = "the following addresses had transient non-fatal errors"
	smTranscript = "transcript of session follows"
	// smProblems is Sendmail 8.6's heading of the list, each address
	// followed by "(unrecoverable error)" or "(transient failure)" (the
	// 1997 Sendmail 8.6.12 report quoted at mailbounce.net/new_bounce.html).
	smProblems = "the following addresses had delivery problems"
)

// smExpiry starts the transcript line Sendmail writes when the queue's
// return timeout ends the message's delivery attempts: "Message could not
// be delivered for 5 days" (Sendmail 8.17.1.9: sendmail/envelope.c; the
// same line in the 1997 Sendmail 8.6.12 report at
// mailbounce.net/new_bounce.html).
const smExpiry = "Message could not be delivered for"

// smExpandedFrom starts the line under a listed address that names the
// address it was expanded from: "    (expanded from: <alias@example.org>)"
// (Sendmail 8.17.1.9: sendmail/savemail.c).
const smExpandedFrom = "(expanded from:"

// sendmailEnds are the headings after which the returned message follows.
var sendmailEnds = []string{
	"original message follows", "unsent message follows", "message header follows",
	"returned message follows", "message body suppressed", "original message header follows",
}

// sendmailAddressLine matches a verdict on an address in a transcript:
// "550 5.1.1 <user@example.org>... User unknown".
//
// V5 Sendmail and Sendmail 8.6 write the address bare, and 8.6 writes a
// deferral without a code: "550 user@example.org... User unknown",
// "user@example.org... Deferred: Connection timed out with example.org."
// (the 1997 Sendmail 8.6.12 report quoted at mailbounce.net/new_bounce.html;
// sympa-community/sympa:src/lib/Bounce.pm reads the transcript line as an
// optional code, then the address, then "...").
var sendmailAddressLine = lazyRegexp(`^(?:([245][0-9][0-9])[ -]((?:[245]\.[0-9]{1,3}\.[0-9]{1,3} )?))?(?:<([^<>\s]+@[^<>\s]+)>|([^<>\s"]+@[^<>\s"]+?))\.\.\.\s*(.*)$`)

// sendmailHostLine matches a verdict on a host: "421 example.org
// (smtp)... Deferred: Connection timed out".
var sendmailHostLine = lazyRegexp(`^([245][0-9][0-9]) ([A-Za-z0-9.\-\[\]]+) \([a-z0-9]+\)\.\.\.\s*(.*)$`)

// sendmailContext is what a transcript said while talking to one host.
type sendmailContext struct {
	host, command string
	reply         []string
	used          bool
	closed        bool   // Sendmail's verdict with no address ended it (sendmail_unnamed_verdict.go)
	rcpt          string // the last command when it was RCPT TO (">>> RCPT To:<addr>")
}

// smResult is the transcript's verdict on one address.
type smResult struct {
	addr, host, command, diag string
	// local: Sendmail's verdict with no conversation before it, no
	// "... while talking to", ">>>" or "<<<" line: its own (or its local
	// mailer's) answer, where no server answered.
	local bool
}

// decodeSendmailStyle reads a report in Sendmail's layout. listed reports
// whether it had a list of addresses (Sendmail 8, Active!Hunter) rather
// than only a transcript (V5 Sendmail).
func decodeSendmailStyle(m *dsn.Message) (r *dsn.Report, listed bool) {
	return decodeSendmailText(m, true)
}

// decodeSendmailText is decodeSendmailStyle; withOriginal says whether to
// look for the returned message too (completeFromSendmailText needs only
// the recipients).
func decodeSendmailText(m *dsn.Message, withOriginal bool) (r *dsn.Report, listed bool) {
	text := reportText(m)
	lines := unquoteReport(textLines(text))
	first := -1
	for i, l := range lines {
		if sendmailHeading(l) != "" {
			first = i
			break
		}
	}
	if first < 0 {
		return nil, false
	}
	r = &dsn.Report{}
	type listedAddr struct {
		addr, reason, original string
		delayed                bool
	}
	var addrs []listedAddr
	var results []smResult
	var hostLines []smResult
	var loose []string // transcript lines that name no address
	expiry := ""       // the queue timeout's line, "Message could not be delivered for 5 days"
	// output holds the transcript lines since the last command, reply or
	// verdict: what a local mailer (procmail, mail.local) wrote before
	// Sendmail's verdict on the address, which Sendmail copies into the
	// transcript ("copy any remaining input to transcript", endmailer in
	// freebsd/freebsd-src:usr.sbin/sendmail/src/deliver.c):
	//	procmail: Quota exceeded while writing "/var/mail/user"
	//	550 5.0.0 <user@example.org>... Can't create output
	var output []string
	section := ""
	var ctx *sendmailContext
	var closed []*sendmailContext // conversations Sendmail's verdict with no address ended
	for _, l := range lines[first:] {
		if h := sendmailHeading(l); h != "" {
			if h == "end" {
				break
			}
			section = h
			continue
		}
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		switch section {
		case smPermanent, smTransient:
			if mailtext.HasPrefixFold(t, "(reason:") && len(addrs) > 0 {
				addrs[len(addrs)-1].reason = strings.TrimSpace(strings.TrimSuffix(t[len("(reason:"):], ")"))
				continue
			}
			if mailtext.HasPrefixFold(t, smExpandedFrom) && len(addrs) > 0 {
				// The address the listed one was expanded from (an
				// alias, a .forward): the address the sender gave.
				if a := dsn.Address(strings.TrimSuffix(t[len(smExpandedFrom):], ")")); strings.Contains(a, "@") {
					addrs[len(addrs)-1].original = a
				}
				continue
			}
			if strings.HasPrefix(t, "(") {
				continue
			}
			t = strings.TrimSpace(strings.TrimPrefix(t, ">>>"))
			if strings.IndexByte(t, '@') < 0 {
				continue // no address to parse (saves the parser's copies)
			}
			if a := dsn.Address(t); a != "" {
				addrs = append(addrs, listedAddr{addr: a, delayed: section == smTransient})
			}
		case smTranscript:
			// byte for byte: indices in it are indices in t; only the
			// "... while talking to" line needs it (saves a copy a line)
			lower := ""
			if c := t[0]; c == '.' || c == 'w' || c == 'W' {
				lower = mailtext.LowerASCII(t)
			}
			switch {
			case strings.HasPrefix(lower, "... while talking to ") || strings.HasPrefix(lower, "while talking to "):
				output = nil
				h := t[strings.Index(lower, "talking to ")+len("talking to "):]
				ctx = &sendmailContext{host: strings.TrimSuffix(strings.TrimSuffix(h, ":"), ".")}
			case strings.HasPrefix(t, ">>>"):
				output = nil
				if ctx == nil {
					ctx = &sendmailContext{}
				}
				ctx.command = dsn.SentCommand(t[3:])
				ctx.reply, ctx.used, ctx.closed = nil, false, false
				ctx.rcpt = sendmailRcptCommand(t)
			case strings.HasPrefix(t, "<<<"):
				output = nil
				if ctx == nil {
					ctx = &sendmailContext{}
				}
				if !ctx.used {
					ctx.reply = append(ctx.reply, strings.TrimSpace(t[3:]))
				}
			default:
				if closeSendmailConversation(ctx, t) {
					closed = append(closed, ctx)
					output = nil
					loose = append(loose, t)
					continue
				}
				if sm := sendmailAddressLine().FindStringSubmatch(t); sm != nil {
					// The code and status before the address stay
					// in the diagnostic: "550 5.1.1 User unknown".
					addr, rest := sm[3]+sm[4], sm[5]
					res := smResult{addr: addr, diag: mailtext.FoldSpace(sm[1] + " " + sm[2] + rest)}
					if dsn.FindReplyCode(rest) != 0 && replyPrefix().MatchString(rest) {
						// "554 <a@b>... 550 Host unknown": the
						// remote code after Sendmail's own.
						res.diag = mailtext.FoldSpace(rest)
					}
					res.local = ctx == nil || ctx.closed
					if ctx != nil && !ctx.used {
						res.host, res.command = ctx.host, ctx.command
						if len(ctx.reply) > 0 {
							res.diag = unfoldReply(ctx.reply)
						}
						ctx.used = true
					} else if len(output) > 0 {
						// No host's reply: the local mailer's own
						// words come first.
						res.diag = mailtext.FoldSpace(joinLines(output) + " " + res.diag)
					}
					output = nil
					results = append(results, res)
					continue
				}
				if sm := sendmailHostLine().FindStringSubmatch(t); sm != nil {
					res := smResult{host: sm[2], diag: mailtext.FoldSpace(sm[1] + " " + sm[3])}
					if replyPrefix().MatchString(sm[3]) {
						res.diag = mailtext.FoldSpace(sm[3])
					}
					hostLines = append(hostLines, res)
					output = nil
					continue
				}
				if mailtext.HasPrefixFold(t, smExpiry) {
					// The queue's timeout, said of the whole message.
					expiry = t
				}
				loose = append(loose, t)
				if len(output) < maxReplyLines {
					output = append(output, t)
				}
			}
		}
	}
	listed = len(addrs) > 0
	add := func(addr string, delayed bool, reason, original string) {
		rc := dsn.Recipient{Recipient: addr, OriginalRecipient: original, Action: dsn.ActionFailed}
		if delayed {
			rc.Action = dsn.ActionDelayed
		}
		for _, res := range results {
			if strings.EqualFold(res.addr, addr) {
				rc.RemoteMTA, rc.Command, rc.DiagnosticCode = res.host, res.command, res.diag
				rc.NoRemoteAnswer = res.local
				break
			}
		}
		if expiry != "" && !delayed {
			// The message stayed in the queue until it timed out: the
			// last attempt's words come after the timeout's.
			rc.DiagnosticCode = mailtext.FoldSpace(expiry + " " + rc.DiagnosticCode)
		}
		if rc.DiagnosticCode == "" && reason != "" {
			rc.DiagnosticCode = reason
			if c := closedConversationFor(closed, reason); c != nil {
				rc.RemoteMTA, rc.Command, rc.DiagnosticCode = c.host, c.command, unfoldReply(c.reply)
			}
		}
		if c := closedConversationNaming(closed, addr); rc.DiagnosticCode == "" && c != nil {
			rc.RemoteMTA, rc.Command, rc.DiagnosticCode = c.host, c.command, unfoldReply(c.reply)
		}
		if rc.DiagnosticCode == "" && len(addrs) <= 1 {
			if ctx != nil && len(ctx.reply) > 0 {
				rc.RemoteMTA, rc.Command, rc.DiagnosticCode = ctx.host, ctx.command, unfoldReply(ctx.reply)
			} else {
				rc.DiagnosticCode = joinLines(loose)
			}
		}
		addRecipient(r, rc)
	}
	switch {
	case listed:
		for _, a := range addrs {
			add(a.addr, a.delayed, a.reason, a.original)
		}
	case len(results) > 0:
		for _, res := range results {
			add(res.addr, false, "", "")
		}
	default:
		// Only verdicts on hosts: the recipients are the returned
		// message's addresses at those hosts.
		orig := sendmailReturnedRecipients(lines)
		for _, h := range hostLines {
			for _, a := range orig {
				if strings.EqualFold(dsn.DomainOf(a), strings.Trim(h.host, "[]")) {
					addRecipient(r, dsn.Recipient{Recipient: a, Action: dsn.ActionFailed, DiagnosticCode: h.diag})
				}
			}
		}
		if len(r.Recipients) == 0 && len(hostLines) > 0 && len(orig) > 0 {
			addRecipient(r, dsn.Recipient{Recipient: orig[0], Action: dsn.ActionFailed, DiagnosticCode: hostLines[0].diag})
		}
	}
	if len(r.Recipients) == 0 {
		return nil, listed
	}
	if subjectHasPrefix(m, "Warning: could not send message") {
		for i := range r.Recipients {
			r.Recipients[i].Action = dsn.ActionDelayed
		}
	}
	if !withOriginal {
		return deliveryReport(r), listed
	}
	r.Original = originalFromMessage(m, strings.Join(lines, "\n"), "----- Original message follows", "----- Unsent message follows", "----- Message header follows", "----- Original message header follows")
	return deliveryReport(r), listed
}

// sendmailHeading returns which section a "----- heading -----" line
// opens (one of the sm constants, or "end" for the returned message), or
// "" when the line is not a heading.
func sendmailHeading(l string) string {
	t := strings.TrimSpace(l)
	if !strings.HasPrefix(t, "---") {
		return ""
	}
	t = strings.ToLower(strings.TrimSpace(strings.Trim(t, "-")))
	switch {
	case strings.HasPrefix(t, smPermanent):
		return smPermanent
	case strings.HasPrefix(t, smTransient):
		return smTransient
	case strings.HasPrefix(t, smTranscript):
		return smTranscript
	case strings.HasPrefix(t, smProblems):
		return smPermanent
	}
	for _, e := range sendmailEnds {
		if strings.HasPrefix(t, e) {
			return "end"
		}
	}
	return ""
}

// sendmailReturnedRecipients returns the To and Cc addresses of the
// message returned after the report's last heading.
func sendmailReturnedRecipients(lines []string) []string {
	for i, l := range lines {
		if sendmailHeading(l) != "end" {
			continue
		}
		o := dsn.ParseOriginalText(strings.Join(lines[i+1:], "\n"))
		var out []string
		if o.To != "" {
			out = append(out, o.To)
		}
		return out
	}
	return nil
}

// unquoteReport removes one level of "> " quoting from a report a person
// forwarded inline, when its headings are quoted. It leaves other reports
// as they are, since ">>>" starts Sendmail's own transcript lines.
func unquoteReport(lines []string) []string {
	quoted := false
	for _, l := range lines {
		if strings.HasPrefix(l, ">") {
			t := strings.TrimSpace(l[1:])
			if sendmailHeading(t) != "" {
				quoted = true
				break
			}
		}
	}
	if !quoted {
		return lines
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		if strings.HasPrefix(l, ">") {
			l = strings.TrimPrefix(l[1:], " ")
		}
		out[i] = l
	}
	return out
}

// ---- Sendmail's delivery status notifications: a reply cut to its
// first line.

// Sendmail keeps only the first line of a multi-line SMTP reply as the
// recipient's status (usersmtp.c: reply() reads the continuation lines
// into a scratch buffer, "first line of real reply -- ignore rest", and
// smtprcpt() and the DATA code copy SmtpReplyBuffer into q_rstatus), and
// writes that status as the Diagnostic-Code of its DSN (savemail.c):
//
//	Diagnostic-Code: SMTP; 550-5.7.1 Unauthenticated email from example.com is not accepted due to domain's
//
// The whole reply is in the transcript of the human-readable part, where
// reply() logs every line of a 4xx or 5xx reply after the command that got
// it (Sendmail 8.17.1.9: sendmail/usersmtp.c):
//
//	... while talking to mx.example.net.:
//	>>> DATA
//	<<< 550-5.7.1 Unauthenticated email from example.com is not accepted due to domain's
//	<<< 550-5.7.1 DMARC policy. Please contact the administrator of example.com domain
//	<<< 550 5.7.1 if this was a legitimate mail.
//	554 5.0.0 Service unavailable
//
// completeCutReplies puts the rest back.

// cutReply matches a diagnostic that is a reply's continuation line
// ("554-mx.example.net ..."): a reply cut after its first line.
var cutReply = lazyRegexp(`^[245][0-9][0-9]-`)

// completeCutReplies completes each of r's diagnostics that is the first
// line of a multi-line reply with the rest of that reply from the
// transcript in m's human-readable part.
func completeCutReplies(r *dsn.Report, m *dsn.Message) {
	var lines []string
	for i := range r.Recipients {
		rc := &r.Recipients[i]
		first := strings.TrimSpace(rc.DiagnosticCode)
		if !cutReply().MatchString(first) {
			continue
		}
		if lines == nil {
			lines = textLines(reportText(m))
		}
		if reply := transcriptReply(lines, first, rc.Recipient); len(reply) > 1 {
			rc.DiagnosticCode = unfoldReply(reply)
		}
	}
}

// maxReplyLines bounds the lines of one reply transcriptReply gathers.
const maxReplyLines = 64

// transcriptReply returns the lines of the reply whose first line is
// first, as a transcript's "<<<" lines give them, or nil. When the
// transcript holds that first line more than once (a host that answered
// several recipients alike), the reply to addr's command, or the one
// before Sendmail's verdict on addr, is preferred.
func transcriptReply(lines []string, first, addr string) []string {
	want := mailtext.FoldSpace(first)
	code := want[:3]
	var found []string
	for i := 0; i < len(lines); i++ {
		l, ok := transcriptReplyLine(lines[i])
		if !ok || mailtext.FoldSpace(l) != want {
			continue
		}
		reply := []string{l}
		j := i + 1
		for ; j < len(lines) && len(reply) < maxReplyLines && reply[len(reply)-1][3] == '-'; j++ {
			n, ok := transcriptReplyLine(lines[j])
			if !ok || len(n) < 4 || n[:3] != code || (n[3] != '-' && n[3] != ' ') {
				break
			}
			reply = append(reply, n)
		}
		if found == nil {
			found = reply
		}
		if replyConcerns(lines, i, j, addr) {
			return reply
		}
		i = j - 1
	}
	return found
}

// transcriptReplyLine returns the reply line a transcript line logs
// ("<<< 550-5.7.1 ..."), and whether it is one.
func transcriptReplyLine(l string) (string, bool) {
	t := strings.TrimLeft(l, " \t")
	if !strings.HasPrefix(t, "<<< ") {
		return "", false
	}
	t = strings.TrimSpace(t[4:])
	return t, len(t) >= 4 && mailtext.IsDigit(t[0]) && mailtext.IsDigit(t[1]) && mailtext.IsDigit(t[2])
}

// replyConcerns reports whether the reply on lines[from:to] answered a
// command naming addr (the ">>>" line before it) or is followed by
// Sendmail's verdict on addr ("550 5.1.1 <addr>... User unknown").
func replyConcerns(lines []string, from, to int, addr string) bool {
	if addr == "" {
		return false
	}
	needle := "<" + addr + ">"
	for k := from - 1; k >= 0 && k >= from-2; k-- {
		t := strings.TrimLeft(lines[k], " \t")
		if strings.HasPrefix(t, ">>>") {
			return mailtext.ContainsFold(t, needle)
		}
	}
	for k := to; k < len(lines) && k < to+2; k++ {
		if _, ok := transcriptReplyLine(lines[k]); ok {
			break
		}
		if mailtext.ContainsFold(lines[k], needle+"...") {
			return true
		}
	}
	return false
}
