package lhost

import (
	"regexp"
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// This file holds the helpers the decoders of non-standard (plain-text)
// failure reports share: reading the report text line by line, testing the
// bounce's header cheaply, and building recipients from free text. They
// are general on purpose, for MTA and provider formats alike.

// Limits on the plain-text decoders' work, whatever the input.
const (
	// maxReportLines is how many lines of a report's text the plain-text
	// decoders look at. Reports put their facts first and the returned
	// message last, so the facts are always within the first lines.
	maxReportLines = 4000
	// maxHeaderValues is how many instances of one header field (Received,
	// say) a Match function looks at.
	maxHeaderValues = 32
)

// reportText returns the human-readable text of a plain-text report: the
// first text/plain part (or first text/* part), with line ends made LF.
func reportText(m *dsn.Message) string {
	t := ""
	for _, p := range m.Parts {
		// A Content-Type without its semicolon ("text/plain
		// charset=...") still names a plain-text part.
		if p.MediaType == "text/plain" || strings.HasPrefix(p.MediaType, "text/plain ") {
			t = p.Text()
			break
		}
	}
	if t == "" {
		t = m.TextBody()
	}
	if strings.IndexByte(t, '\r') >= 0 {
		t = string(mailtext.NormalizeLineEnds([]byte(t)))
	}
	return t
}

// textLines splits text into at most maxReportLines lines, each with
// trailing white space removed.
func textLines(text string) []string {
	n := strings.Count(text, "\n") + 1
	if n > maxReportLines {
		n = maxReportLines
	}
	lines := make([]string, 0, n)
	for len(text) > 0 && len(lines) < maxReportLines {
		var l string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			l, text = text[:i], text[i+1:]
		} else {
			l, text = text, ""
		}
		lines = append(lines, strings.TrimRight(l, " \t\r"))
	}
	return lines
}

// lineIndex returns the index of the first line at or after from that,
// with leading white space removed, starts with one of prefixes (compared
// case-insensitively), or -1.
func lineIndex(lines []string, from int, prefixes ...string) int {
	for i := max(from, 0); i < len(lines); i++ {
		l := strings.TrimLeft(lines[i], " \t")
		for _, p := range prefixes {
			if mailtext.HasPrefixFold(l, p) {
				return i
			}
		}
	}
	return -1
}

// lineContaining returns the index of the first line at or after from
// that contains one of substrs (compared case-insensitively), or -1.
func lineContaining(lines []string, from int, substrs ...string) int {
	for i := max(from, 0); i < len(lines); i++ {
		for _, s := range substrs {
			if mailtext.ContainsFold(lines[i], s) {
				return i
			}
		}
	}
	return -1
}

// indentOf returns the width of a line's leading white space, a tab
// counting as eight.
func indentOf(l string) int {
	n := 0
	for i := 0; i < len(l); i++ {
		switch l[i] {
		case ' ':
			n++
		case '\t':
			n += 8
		default:
			return n
		}
	}
	return n
}

// joinFolded joins two pieces of text with a space, or returns the one
// that is not empty.
func joinFolded(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + " " + b
}

// joinLines joins lines with single spaces and folds white space.
func joinLines(lines []string) string {
	return mailtext.FoldSpace(strings.Join(lines, " "))
}

// replyPrefix matches the code that starts a line of an SMTP reply:
// "550-", "550 ", "550-5.7.1 ", "550 5.7.1 ".
var replyPrefix = regexp.MustCompile(`^([245][0-5][0-9])([ -])(?:([245]\.[0-9]{1,3}\.[0-9]{1,3}) )?`)

// unfoldReply joins the lines of a possibly multi-line SMTP reply (RFC
// 5321 section 4.2.1) into one line: the first line keeps its reply code
// and enhanced status code, and the codes that repeat them at the start of
// the continuation lines are dropped. Lines that do not repeat the codes
// are joined as they are.
func unfoldReply(lines []string) string {
	var parts []string
	code, status := "", ""
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		m := replyPrefix.FindStringSubmatch(l)
		switch {
		case m == nil:
		case i == 0 || code == "":
			code, status = m[1], m[3]
			if m[2] == "-" {
				// Make the first line read as a final line.
				l = m[1] + " " + l[len(m[1])+1:]
			}
		case m[1] == code && (m[3] == "" || m[3] == status):
			l = strings.TrimSpace(l[len(m[0]):])
		}
		parts = append(parts, l)
	}
	return joinLines(parts)
}

// fromDaemon reports whether the bounce's From names a mailer daemon or
// postmaster (dsn.IsMailerDaemon): by its address, or, when it has no
// address at all ("MAILER-DAEMON", "Mail Delivery System <MAILER-DAEMON>"),
// by a word of its text.
func fromDaemon(m *dsn.Message) bool {
	from := m.Header.Text("From")
	if addr := dsn.Address(from); addr != "" {
		return dsn.IsMailerDaemon(addr)
	}
	for _, w := range strings.FieldsFunc(from, isNameSeparator) {
		if dsn.IsMailerDaemon(w) {
			return true
		}
	}
	return false
}

// isNameSeparator reports whether r separates the words of a From field
// without an address.
func isNameSeparator(r rune) bool {
	switch r {
	case ' ', '\t', '<', '>', '(', ')', '"', ',', ';', ':':
		return true
	}
	return false
}

// fromDomain returns the domain of the bounce's From address, lower-case.
func fromDomain(m *dsn.Message) string {
	return dsn.DomainOf(m.Header.Address("From"))
}

// subjectHasPrefix reports whether the bounce's Subject starts with one of
// prefixes, compared case-insensitively, after any "Fwd:" or "Fw:" that a
// person forwarding it added.
func subjectHasPrefix(m *dsn.Message, prefixes ...string) bool {
	s := mailtext.TrimSpace(m.Header.Text("Subject"))
	for range 3 {
		switch {
		case mailtext.HasPrefixFold(s, "fwd:"):
			s = mailtext.TrimSpace(s[4:])
		case mailtext.HasPrefixFold(s, "fw:"):
			s = mailtext.TrimSpace(s[3:])
		}
	}
	for _, p := range prefixes {
		if mailtext.HasPrefixFold(s, p) {
			return true
		}
	}
	return false
}

// subjectContains reports whether the bounce's Subject contains one of
// substrs, compared case-insensitively.
func subjectContains(m *dsn.Message, substrs ...string) bool {
	s := m.Header.Text("Subject")
	for _, p := range substrs {
		if mailtext.ContainsFold(s, p) {
			return true
		}
	}
	return false
}

// headerContains reports whether one of the first instances of the header
// field name contains one of substrs, compared case-insensitively.
func headerContains(m *dsn.Message, name string, substrs ...string) bool {
	vs := m.Header.Values(name)
	if len(vs) > maxHeaderValues {
		vs = vs[:maxHeaderValues]
	}
	for _, v := range vs {
		for _, s := range substrs {
			if mailtext.ContainsFold(v, s) {
				return true
			}
		}
	}
	return false
}

// remoteHostPattern matches the ways reports name the host that answered:
// "host mx.example.org [192.0.2.1]", "host mx.example.org[192.0.2.1]",
// "mx.example.org [192.0.2.1]".
var remoteHostPattern = regexp.MustCompile(`(?i)(?:^|[\s(])(?:host\s+)?([a-z0-9][a-z0-9.\-]*[a-z0-9])\s?\[([0-9a-f.:]+)\]`)

// findRemoteHost returns the first host named as "name [address]" in text:
// the name, or the address when the name is only the address again.
func findRemoteHost(text string) string {
	m := remoteHostPattern.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	if strings.Contains(m[1], ".") || m[1] == m[2] {
		return strings.TrimSuffix(m[1], ".")
	}
	return m[2]
}

// mtaCommandPhrases are the phrases, lower-case, that MTAs writing plain
// text reports use to say which SMTP command the remote host answered,
// beyond those FindCommand knows, each with the command it names.
var mtaCommandPhrases = []struct{ phrase, command string }{
	{"does not like recipient", dsn.CommandRCPT},               // qmail-remote
	{"most progress was rcpt", dsn.CommandRCPT},                // qmail-remote
	{"most progress was mail", dsn.CommandMAIL},                // qmail-remote
	{"but sender was rejected", dsn.CommandMAIL},               // qmail-remote
	{"but my name was rejected", dsn.CommandHELO},              // qmail-remote
	{"but greeting failed", dsn.CommandCONN},                   // qmail-remote
	{"failed on data command", dsn.CommandDATA},                // qmail-remote
	{"failed after i sent the message", dsn.CommandDATA},       // qmail-remote
	{"did not like our rcpt", dsn.CommandRCPT},                 // DragonFly Mail Agent
	{"did not like our mail", dsn.CommandMAIL},                 // DragonFly Mail Agent
	{"did not like our final data", dsn.CommandDATA},           // DragonFly Mail Agent
	{"did not like our data", dsn.CommandDATA},                 // DragonFly Mail Agent
	{"did not like our ehlo", dsn.CommandEHLO},                 // DragonFly Mail Agent
	{"did not like our helo", dsn.CommandHELO},                 // DragonFly Mail Agent
	{"did not like our starttls", dsn.CommandSTARTTLS},         // DragonFly Mail Agent
	{"did not like our auth", dsn.CommandAUTH},                 // DragonFly Mail Agent
	{"error following rcpt command", dsn.CommandRCPT},          // X6
	{"error following mail command", dsn.CommandMAIL},          // X6
	{"error following data command", dsn.CommandDATA},          // X6
	{"refused to accept your message (data)", dsn.CommandDATA}, // X6
	{"smtp:rcpt ", dsn.CommandRCPT},                            // X3
	{"smtp:mail ", dsn.CommandMAIL},                            // X3
	{"smtp:data ", dsn.CommandDATA},                            // X3
	{"refused to talk to me", dsn.CommandCONN},                 // Postfix
	{"after pipelined rcpt", dsn.CommandRCPT},                  // Exim
	{"after pipelined mail", dsn.CommandMAIL},                  // Exim
	{"after pipelined data", dsn.CommandDATA},                  // Exim
}

// findMTACommand returns the SMTP command that text says the remote host
// answered, knowing the plain-text reports' phrasings as well as those of
// FindCommand, or "".
func findMTACommand(text string) string {
	lower := strings.ToLower(text)
	for _, p := range mtaCommandPhrases {
		if strings.Contains(lower, p.phrase) {
			return p.command
		}
	}
	return dsn.FindCommand(text)
}

// addRecipient adds rc to r (see dsn.Report.AddRecipient) with the facts
// the MTA formats' texts give beyond the standard ones: the SMTP command
// named by MTA phrasings FindCommand does not know ("does not like
// recipient", "did not like our RCPT"), and, when the text quotes an SMTP
// reply, its code and the diagnostic type SMTP. It reports whether rc was
// added.
func addRecipient(r *dsn.Report, rc dsn.Recipient) bool {
	if !r.AddRecipient(rc) {
		return false
	}
	added := &r.Recipients[len(r.Recipients)-1]
	if added.Command == "" {
		added.Command = findMTACommand(added.DiagnosticCode)
	}
	if added.ReplyCode == 0 {
		added.ReplyCode = dsn.FindReplyCode(added.DiagnosticCode)
	}
	if added.DiagnosticType == "" && added.ReplyCode != 0 {
		added.DiagnosticType = "SMTP"
	}
	return true
}

// deliveryReport returns a new report of Kind DeliveryReport, or nil when
// it lists no recipient, for a decoder to return.
func deliveryReport(r *dsn.Report) *dsn.Report {
	if r == nil || len(r.Recipients) == 0 {
		return nil
	}
	r.Kind = dsn.DeliveryReport
	return r
}

// hostAfter returns the host name that follows the text after in line,
// up to white space, a comma or a closing parenthesis, without a final
// period: hostAfter("This is the qmail-send program at mx.example.org.",
// " at ") is "mx.example.org". It returns "" when after is not in line or
// what follows does not look like a host name.
func hostAfter(line, after string) string {
	i := mailtext.IndexFold(line, after)
	if i < 0 {
		return ""
	}
	s := strings.TrimSpace(line[i+len(after):])
	if j := strings.IndexAny(s, " \t,;:)"); j >= 0 {
		s = s[:j]
	}
	s = strings.TrimSuffix(strings.Trim(s, "<>[]"), ".")
	if !strings.Contains(s, ".") || strings.Contains(s, "@") {
		return ""
	}
	return strings.ToLower(s)
}

// originalAfter finds the earliest of markers in text (ignoring ASCII
// case) and reads the header block that starts on the line after it as
// the returned message. Non-standard reports put the original inline
// after a line such as "------ This is a copy of the message, including
// all the headers. ------".
func originalAfter(text string, markers ...string) (dsn.Original, bool) {
	i, n := mailtext.IndexFoldAny(text, markers...)
	if i < 0 {
		return dsn.Original{}, false
	}
	rest := text[i+n:]
	if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
		rest = rest[nl+1:]
	}
	rest = strings.TrimLeft(rest, "\n")
	// Some MTAs indent the returned header.
	rest = unindent(rest)
	return dsn.ParseOriginal([]byte(rest)), true
}

// unindent removes a common indentation of leading spaces (as qmail and
// some gateways quote the returned header).
func unindent(s string) string {
	if !strings.HasPrefix(s, " ") && !strings.HasPrefix(s, "\t") {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimLeft(l, " \t")
		if lines[i] == "" {
			return strings.Join(lines[:i+1], "\n")
		}
	}
	return strings.Join(lines, "\n")
}

// originalFromMessage returns the returned message's headers from its
// message/rfc822 (or header) part when there is one, else from the text
// after the earliest of markers (see originalAfter).
func originalFromMessage(m *dsn.Message, text string, markers ...string) dsn.Original {
	if o, ok := m.Original(); ok && o != (dsn.Original{}) {
		return o
	}
	if len(markers) == 0 {
		return dsn.Original{}
	}
	o, _ := originalAfter(text, markers...)
	return o
}

// qualifyAddress completes a bare local part ("kijitora") into an address
// from the addresses in candidates with the same local part, or returns
// "" when none fits. An address that has a domain comes back as it is.
func qualifyAddress(a string, candidates []string) string {
	if strings.Contains(a, "@") {
		return a
	}
	for _, c := range candidates {
		if i := strings.LastIndexByte(c, '@'); i > 0 && strings.EqualFold(c[:i], a) {
			return c
		}
	}
	return ""
}

// headerAddresses returns the addresses in a header field holding a
// comma-separated list (X-Failed-Recipients, say), at most maxRecipients.
func headerAddresses(m *dsn.Message, name string) []string {
	var out []string
	for _, v := range m.Header.Values(name) {
		for _, f := range strings.Split(v, ",") {
			if a := dsn.Address(f); a != "" && len(out) < dsn.MaxRecipients {
				out = append(out, a)
			}
		}
	}
	return out
}

// eximItem is one entry of an Exim-style list of failed addresses: the
// line that names the address (or the pipe or file delivered to) and the
// lines below it that explain it, trimmed.
type eximItem struct {
	head    string
	details []string
}

// maxItemLines bounds the explanation lines kept for one item of a list.
const maxItemLines = 64

// eximList splits the lines of an Exim-style list of failed addresses
// into items. It knows two layouts, and the list's first item says which:
//
//   - Exim's own: each address indented by two spaces, its explanation
//     below it indented further. An item starts at a line indented at
//     most three columns, the lines indented more explain it, and the
//     first line at the left margin after an item ends the list.
//   - Flush left, as United Internet writes it: each address alone on its
//     line ("user@example.org", "\"user@example.org\":"), its explanation
//     on the lines below, at the margin too. An item starts at a line that
//     holds only an address (addrLine), indented at most two columns;
//     every other line explains the item before it.
//
// Lines before the first item are skipped, unless one of them starts
// with one of ends, which ends the list there.
func eximList(lines []string, ends ...string) []eximItem {
	var items []eximItem
	flush := false
	for _, l := range lines {
		t := mailtext.TrimSpace(l)
		if t == "" {
			continue
		}
		ind := indentOf(l)
		var head bool
		switch {
		case len(items) == 0 && ind == 0:
			if lineIndex([]string{l}, 0, ends...) == 0 {
				return nil
			}
			if addrLine(t) == "" {
				continue
			}
			flush, head = true, true
		case len(items) == 0:
			head = true
		case flush:
			head = ind <= 2 && addrLine(t) != ""
		case ind == 0:
			return items
		default:
			head = ind <= 3
		}
		if head {
			items = append(items, eximItem{head: t})
			continue
		}
		if it := &items[len(items)-1]; len(it.details) < maxItemLines {
			it.details = append(it.details, t)
		}
	}
	return items
}
