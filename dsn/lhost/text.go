package lhost

import (
	"regexp"
	"strings"
	"sync"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// This file is the toolkit the decoders of non-standard (plain-text)
// failure reports share, MTA and provider formats alike: reading the
// report's text, testing the bounce's header cheaply, finding addresses,
// SMTP replies and the returned message in free text, and building the
// report. Byte-level helpers (case folding, white space, truncation) are
// in dsn/internal/mailtext, which package dsn uses too; the recipient
// builder is dsn.Report.AddRecipient.

// lazyRegexp returns a function that compiles expr at its first call and
// returns that *regexp.Regexp from then on, safely from any goroutine. The
// decoders' patterns are compiled when a message first needs them:
// compiling every one when the program starts cost each run of a short
// command (classify over a few files) about 3 ms and 3,800 allocations,
// most of them for decoders of software the run never meets. A pattern
// that does not compile would panic at its first use: TestPatternsCompile
// compiles every one.
func lazyRegexp(expr string) func() *regexp.Regexp {
	patterns = append(patterns, expr)
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// patterns are the expressions of every lazyRegexp, for the test.
var patterns []string

// ---- Reading the report's text: its text part, lines, sections and paragraphs.

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
		if containsAnyFold(lines[i], substrs...) {
			return i
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

// textSection returns the text after the first of starts up to the first
// of ends that follows it (or the end of text), and whether a start was
// found. An empty starts means from the beginning.
func textSection(text string, starts, ends []string) (string, bool) {
	if len(starts) > 0 {
		i, n := mailtext.IndexFoldAny(text, starts...)
		if i < 0 {
			return "", false
		}
		text = text[i+n:]
	}
	if j, _ := mailtext.IndexFoldAny(text, ends...); j >= 0 {
		text = text[:j]
	}
	return text, true
}

// maxParagraphs bounds how many paragraphs of a text a decoder reads.
const maxParagraphs = 200

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

// ---- Testing the bounce's header cheaply, for Match.

// fromDaemon reports whether the bounce's From names a mailer daemon or
// postmaster (dsn.IsDaemonSender).
func fromDaemon(m *dsn.Message) bool {
	return m.Header.IsDaemon("From")
}

// fromDomain returns the domain of the bounce's From address, lower-case.
func fromDomain(m *dsn.Message) string {
	return dsn.DomainOf(m.Header.Address("From"))
}

// domainIn reports whether domain is one of domains or a subdomain of
// one, matching on label boundaries ("ox.net" does not match "cox.net").
func domainIn(domain string, domains ...string) bool {
	domain = strings.ToLower(strings.TrimSuffix(domain, "."))
	for _, d := range domains {
		if domain == d || strings.HasSuffix(domain, "."+d) {
			return true
		}
	}
	return false
}

// hasHeader reports whether m has any of the named header fields.
func hasHeader(m *dsn.Message, names ...string) bool {
	for _, n := range names {
		if m.Header.Has(n) {
			return true
		}
	}
	return false
}

// originHops is how many of the earliest Received fields
// receivedBy looks at: the one where the bounce was made, or, when the
// provider wrote none, the one where the recipient's server took it from
// the provider.
const originHops = 1

// receivedBy reports whether the earliest Received field (the last in
// the header) names a host in one of domains, as the sending or the
// receiving host. Later hops are the bounce recipient's own servers and
// say nothing of who wrote the bounce.
func receivedBy(m *dsn.Message, domains ...string) bool {
	vs := m.Header.Values("Received")
	if len(vs) > originHops {
		vs = vs[len(vs)-originHops:]
	}
	for _, v := range vs {
		// The words as they are: domainIn lower-cases a name, and every
		// separator is ASCII, so lower-casing first would split alike.
		for w := range strings.FieldsFuncSeq(v, isHostSeparator) {
			if receivedHost(w, domains) {
				return true
			}
		}
	}
	return false
}

// receivedHost reports whether a word of a Received field names a host
// in domains. Addresses ("for <user@example.jp>") name no host.
func receivedHost(w string, domains []string) bool {
	return strings.IndexByte(w, '.') > 0 && strings.IndexByte(w, '@') < 0 && domainIn(w, domains...)
}

// isHostSeparator reports whether r separates the host names of a
// Received field.
func isHostSeparator(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '(', ')', '[', ']', '<', '>', ';', ',', '"':
		return true
	}
	return false
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
	return containsAnyFold(m.Header.Text("Subject"), substrs...)
}

// containsAnyFold reports whether s contains one of substrs, compared
// case-insensitively.
func containsAnyFold(s string, substrs ...string) bool {
	for _, p := range substrs {
		if mailtext.ContainsFold(s, p) {
			return true
		}
	}
	return false
}

// fromContains reports whether the From field, its encoded words decoded
// (a display name may come as "=?utf-8?q?...?="), contains one of
// substrs, compared case-insensitively.
func fromContains(m *dsn.Message, substrs ...string) bool {
	return containsAnyFold(m.Header.Text("From"), substrs...)
}

// headerContains reports whether one of the first instances of the header
// field name contains one of substrs, compared case-insensitively.
func headerContains(m *dsn.Message, name string, substrs ...string) bool {
	vs := m.Header.Values(name)
	if len(vs) > maxHeaderValues {
		vs = vs[:maxHeaderValues]
	}
	for _, v := range vs {
		if containsAnyFold(v, substrs...) {
			return true
		}
	}
	return false
}

// ---- Addresses in free text, and Exim-style lists of them.

// addrLine returns the address a line holds when the line holds
// nothing else: "a@b", "<a@b>", "\"a@b\":", "<a@b>:" and the like. It
// returns "" for any other line.
func addrLine(line string) string {
	s := mailtext.TrimSpace(line)
	s = strings.TrimSuffix(s, ":")
	s = strings.TrimSuffix(s, ",")
	s = mailtext.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, " \t") || strings.Count(s, "@") != 1 {
		return ""
	}
	s = strings.Trim(s, "<>\"'")
	if strings.ContainsAny(s, "<>\"'()[]:;,") {
		return ""
	}
	at := strings.IndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return ""
	}
	return s
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
	firstInd := 0 // the first item's indent, when the list is indented
	for _, l := range lines {
		t := mailtext.TrimSpace(l)
		if t == "" {
			continue
		}
		ind := indentOf(l)
		if len(items) > 0 && items[len(items)-1].replyGoesOn() && addrLine(t) == "" &&
			!strings.HasPrefix(t, "---") && lineIndex([]string{l}, 0, ends...) != 0 {
			// A remote reply whose lines a sender's template wrapped
			// without Exim's indent: still the item's.
			if it := &items[len(items)-1]; len(it.details) < maxItemLines {
				it.details = append(it.details, t)
			}
			continue
		}
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
			head, firstInd = true, ind
		case flush:
			head = ind <= 2 && addrLine(t) != ""
		case ind == 0:
			return items
		default:
			// "host name [address]" names the host an item's error came
			// from, never an item, wherever it is indented: Exim 4.96
			// writes it below the address (print_address_information,
			// src/deliver.c), and Exim's own test suite expects it at the
			// address's indent too (Exim/exim:test/mail/0211.CALLER).
			// Templates that indent the items deeper than Exim's two
			// spaces (four, under an eight-space explanation) start the
			// next item at the first one's indent, with an address.
			head = (ind <= 3 || ind <= firstInd && addrLine(t) != "") && !eximHostPrefix().MatchString(t)
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

// replyMarker matches the code that starts a line of an SMTP reply with
// an enhanced status code, anywhere in a line ("... reason: 550-5.7.1
// ..."); group 1 is "-" on a line more follow (RFC 5321 section 4.2.1).
var replyMarker = lazyRegexp(`(?:^|\s)[245][0-9][0-9]([ -])[245]\.[0-9]{1,3}\.[0-9]{1,3}(?:\s|$)`)

// replyGoesOn reports whether the item's lines end inside a multi-line
// SMTP reply: the last reply line they hold says more lines follow.
func (it *eximItem) replyGoesOn() bool {
	for i := len(it.details); i >= 0; i-- {
		line := it.head
		if i > 0 {
			line = it.details[i-1]
		}
		if m := replyMarker().FindAllStringSubmatch(line, -1); m != nil {
			return m[len(m)-1][1] == "-"
		}
	}
	return false
}

// ---- SMTP replies, remote hosts and commands in free text.

// replyPrefix matches the code that starts a line of an SMTP reply:
// "550-", "550 ", "550-5.7.1 ", "550 5.7.1 ".
var replyPrefix = lazyRegexp(`^([245][0-5][0-9])([ -])(?:([245]\.[0-9]{1,3}\.[0-9]{1,3}) )?`)

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
		m := replyPrefix().FindStringSubmatch(l)
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

// splitSMTPReply splits an MTA's account of a remote reply into the host
// that answered and the reply itself. It knows the shapes the provider
// formats use:
//
//	host mx.example.jp [192.0.2.1]: 550 5.1.1 ...       (Exim)
//	host: mx.example.jp (192.0.2.1) reason: 550 ...     (United Internet)
//	host: mx.example.jp 5.1.1 ...                       (GMX, lines joined)
//
// It returns host "" and the text unchanged when neither is there.
func splitSMTPReply(text string) (host, reply string) {
	lower := mailtext.LowerASCII(text)
	for off, tries := 0, 0; tries < 8; tries++ {
		i := strings.Index(lower[off:], "host ")
		if i < 0 {
			break
		}
		i += off
		off = i + len("host ")
		rest := text[off:]
		sp := strings.IndexAny(rest, " \t")
		if sp <= 0 {
			continue
		}
		after := strings.TrimLeft(rest[sp:], " \t")
		if !strings.HasPrefix(after, "[") {
			continue
		}
		if j := strings.Index(after, "]:"); j > 0 && j < 64 {
			return strings.TrimSuffix(rest[:sp], "."), mailtext.TrimSpace(after[j+2:])
		}
	}
	if i := strings.Index(lower, "host: "); i >= 0 {
		rest := text[i+len("host: "):]
		h, after := rest, ""
		if sp := strings.IndexAny(rest, " \t,"); sp > 0 {
			h, after = rest[:sp], rest[sp:]
		}
		if j := strings.Index(mailtext.LowerASCII(rest), "reason:"); j >= 0 {
			return strings.TrimSuffix(h, "."), mailtext.TrimSpace(rest[j+len("reason:"):])
		}
		return strings.TrimSuffix(h, "."), mailtext.TrimSpace(strings.TrimLeft(after, ","))
	}
	return "", text
}

// remoteHostPattern matches the ways reports name the host that answered:
// "host mx.example.org [192.0.2.1]", "host mx.example.org[192.0.2.1]",
// "mx.example.org [192.0.2.1]".
var remoteHostPattern = lazyRegexp(`(?i)(?:^|[\s(])(?:host\s+)?([a-z0-9][a-z0-9.\-]*[a-z0-9])\s?\[([0-9a-f.:]+)\]`)

// findRemoteHost returns the first host named as "name [address]" in text:
// the name, or the address when the name is only the address again.
func findRemoteHost(text string) string {
	m := remoteHostPattern().FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	if strings.Contains(m[1], ".") || m[1] == m[2] {
		return strings.TrimSuffix(m[1], ".")
	}
	return m[2]
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
	{"did not like our connect", dsn.CommandCONN},              // DragonFly Mail Agent (net.c READ_REMOTE_CHECK("connect", 2): the greeting)
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

// ---- Fields of RFC 3464 written inline.

// maxFieldLines bounds the continuation lines kept for one field by
// fieldText.
const maxFieldLines = 16

// fieldText returns the block of RFC 3464 fields that starts text:
// field lines, their continuation lines (at most maxFieldLines each)
// and blank lines, up to the first line that is none of these. It keeps
// dsn.ParseFields's work linear whatever follows the fields.
func fieldText(text string) string {
	var b strings.Builder
	cont := 0
	for _, l := range textLines(text) {
		switch {
		case mailtext.TrimSpace(l) == "":
			cont = 0
		case l[0] == ' ' || l[0] == '\t':
			if cont++; cont > maxFieldLines {
				continue
			}
		default:
			colon := strings.IndexByte(l, ':')
			if colon <= 0 || !dsn.ValidFieldName([]byte(l[:colon])) {
				return b.String()
			}
			cont = 0
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

// ---- The returned message.

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
	return dsn.ParseOriginalText(rest), true
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

// originalAtField reads the returned message's header from the first
// line of text (after offset from) that starts with one of the given field
// names ("Received:", "Return-Path:", ...). Providers that paste the
// original's header without a marker line are read this way.
func originalAtField(text string, from int, names ...string) (dsn.Original, bool) {
	if from < 0 || from > len(text) {
		return dsn.Original{}, false
	}
	rest := text[from:]
	best := -1
	for _, n := range names {
		for off := 0; off < len(rest); {
			i := strings.Index(rest[off:], n)
			if i < 0 {
				break
			}
			i += off
			if i == 0 || rest[i-1] == '\n' {
				if best < 0 || i < best {
					best = i
				}
				break
			}
			off = i + len(n)
		}
	}
	if best < 0 {
		return dsn.Original{}, false
	}
	return dsn.ParseOriginalText(rest[best:]), true
}

// ---- Building the report.

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

// statusTimeExpired is the status of an address an MTA gave up on when
// its retries ran out without a permanent refusal (RFC 3463 X.4.7,
// delivery time expired), for the text formats that say so in words only
// (Citadel's and hMailServer's notices).
var statusTimeExpired = dsn.Status{Class: 5, Subject: 4, Detail: 7}

// leadingReplyClass returns the class digit ('2' to '5') of the SMTP reply
// code a quoted reply line starts with ("550 5.1.1 ...", "250-..."), or 0
// when it starts with none.
func leadingReplyClass(s string) byte {
	if len(s) < 3 || s[0] < '2' || s[0] > '5' || !mailtext.IsDigit(s[1]) || !mailtext.IsDigit(s[2]) {
		return 0
	}
	if len(s) > 3 && s[3] != ' ' && s[3] != '-' {
		return 0
	}
	return s[0]
}
