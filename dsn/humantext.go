package dsn

import (
	"slices"
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// The human-readable part of a delivery status notification often says
// more than its machine-readable part: Postfix writes "(in reply to end
// of DATA command)" there and not in Diagnostic-Code, Sendmail its session
// transcript, OpenSMTPD the remote reply when Diagnostic-Code is absent.
// Report.SupplementFromText fills what a recipient lacks from the
// paragraphs of that text that mention it, and keeps in each recipient's
// Notice the part of the text that belongs to it (see KeepNotices).

// Bounds on the text SupplementFromText examines: how many paragraphs,
// and how much of each.
const (
	maxParagraphs = 256
	maxParagraph  = 4096
)

// SupplementFromText fills what r's recipients lack (the command, a
// specific status, the diagnostic text) from the paragraphs of a report's
// human-readable text that mention each recipient, and sets each
// recipient's Notice.
func (r *Report) SupplementFromText(text string) {
	if text == "" {
		return
	}
	var paras []string // split once, when a recipient needs them
	defer func() { r.keepNotices(text, paras) }()
	for i := range r.Recipients {
		rc := &r.Recipients[i]
		// Folding ASCII only (IndexFold) keeps the index found valid in the
		// paragraph.
		addr := rc.Recipient
		if addr == "" || rc.Command != "" && rc.DiagnosticCode != "" && !rc.Status.Generic() {
			continue
		}
		if paras == nil {
			paras = mailtext.Paragraphs(text, maxParagraphs)
			for n, p := range paras {
				paras[n] = mailtext.Truncate(p, maxParagraph)
			}
		}
		for j := range paras {
			k := indexAddress(paras[j], addr)
			if k < 0 {
				continue
			}
			if rc.Command == "" {
				rc.Command = sendmailReplyCommand(paras[j], rc.DiagnosticCode)
			}
			if rc.Command == "" {
				// The recipient's own lines first: Exim lists its failed
				// addresses without a blank line between them (each address,
				// then its "SMTP error from remote mail server after MAIL
				// FROM:<...>:" line; src/src/deliver.c), so the paragraph's
				// first command may be another recipient's.
				if r.othersIn(paras[j], i) {
					rc.Command = FindCommand(ownLines(paras[j], k+len(addr)))
				}
				if rc.Command == "" {
					rc.Command = FindCommand(paras[j])
				}
			}
			if rc.Status.IsZero() || rc.Status.Generic() {
				// The recipient's own line only: elsewhere in a transcript a
				// code may be the reporting MTA's own.
				for _, window := range []string{restOfLine(paras[j], k+len(addr))} {
					if st := FindStatus(window); !st.IsZero() && !st.Generic() && (rc.Status.IsZero() || st.Class == rc.Status.Class) {
						rc.Status = st
						if rc.ReplyCode == 0 {
							rc.ReplyCode = FindReplyCode(window)
						}
						break
					}
				}
			}
			if rc.DiagnosticCode == "" {
				rc.DiagnosticCode = afterAddress(paras[j], k+len(addr))
			}
			if rc.Command != "" && rc.DiagnosticCode != "" {
				break
			}
		}
		if rc.Command == "" && rc.DiagnosticCode != "" {
			rc.Command = transcriptCommand(paras, rc.DiagnosticCode)
			if rc.Command == "" {
				rc.Command = zmailerTranscriptCommand(paras, rc.DiagnosticCode)
			}
		}
	}
}

// afterAddress returns the text that follows an address on its line
// ("addr: 550 5.1.1 ..." or "<addr>: host x said: ...") and on the
// lines that continue it, up to a blank line or the next recipient's
// line, white space folded, or "" when only punctuation follows.
func afterAddress(p string, end int) string {
	rest := p[end:]
	// The indentation of the recipient's own line: a line that starts with
	// an address and is indented deeper continues this recipient's text
	// (Postfix wraps a reply that quotes the address, "said: 550 5.2.1\n
	//    <a@b>... User is inactive", line_wrap indenting by 4), one
	// indented no deeper is the next recipient's.
	own := lineIndent(p[strings.LastIndexByte(p[:end], '\n')+1:])
	var b strings.Builder
	for n := 0; n < 16; n++ {
		line := rest
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		if n > 0 && (strings.TrimSpace(line) == "" || startsWithAddress(line) && lineIndent(line) <= own) {
			break
		}
		b.WriteString(line)
		b.WriteByte(' ')
		if rest == "" {
			break
		}
	}
	text := strings.TrimLeft(b.String(), ">:;,.) \t")
	text = mailtext.FoldSpace(text)
	if len(text) < 3 {
		return ""
	}
	return text
}

// othersIn reports whether paragraph p also names a recipient of r other
// than the i-th.
func (r *Report) othersIn(p string, i int) bool {
	for m := range r.Recipients {
		if m != i && r.Recipients[m].Recipient != "" && r.Recipients[m].Recipient != r.Recipients[i].Recipient && indexAddress(p, r.Recipients[m].Recipient) >= 0 {
			return true
		}
	}
	return false
}

// ownLines returns, without copying, the lines of p that belong to the
// address ending at end: its own line and the lines that continue it, up
// to a blank line or the next recipient's line (as afterAddress reads
// them).
func ownLines(p string, end int) string {
	start := strings.LastIndexByte(p[:end], '\n') + 1
	own := lineIndent(p[start:])
	stop := len(p)
	for i := end; i < len(p); {
		nl := strings.IndexByte(p[i:], '\n')
		if nl < 0 {
			break
		}
		next := i + nl + 1
		line := p[next:]
		if j := strings.IndexByte(line, '\n'); j >= 0 {
			line = line[:j]
		}
		if strings.TrimSpace(line) == "" || startsWithAddress(line) && lineIndent(line) <= own {
			stop = next
			break
		}
		i = next
	}
	return p[start:stop]
}

// startsWithAddress reports whether a line begins with an address, as the
// next recipient's line of a list does ("<a@b>: ..." or "a@b: ...").
func startsWithAddress(line string) bool {
	line = strings.TrimLeft(line, " \t")
	if strings.HasPrefix(line, "<") {
		return true
	}
	end := strings.IndexAny(line, " \t:")
	if end < 0 {
		end = len(line)
	}
	return strings.IndexByte(line[:end], '@') > 0
}

// lineIndent returns how many spaces and tabs line starts with.
func lineIndent(line string) int {
	return len(line) - len(strings.TrimLeft(line, " \t"))
}

// restOfLine returns p from end to the end of that line.
func restOfLine(p string, end int) string {
	rest := p[end:]
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// maxNotice bounds the notification text kept for one recipient.
const maxNotice = 4096

// KeepNotices sets each recipient's Notice from the report's
// human-readable text, for the decoders that read their recipients from
// that text themselves (SupplementFromText does it for the others). The
// text is scoped as keepNotices says.
func (r *Report) KeepNotices(text string) { r.keepNotices(text, nil) }

// keepNotices sets each recipient's Notice from the report's
// human-readable text (paras: its paragraphs, nil if not yet split). The
// text is scoped so that one recipient's words never reach another:
//
//   - a report that names one recipient: the whole text is about it (the
//     report's single stated reason, wherever the MTA wrote it);
//   - otherwise, a line naming recipients belongs to them, and the lines
//     after it in its paragraph continue it until a line names another
//     recipient or starts with an address. The lines before the first
//     address of a paragraph (a list's heading) belong to the recipient
//     the paragraph names when it names one, else to no one.
func (r *Report) keepNotices(text string, paras []string) {
	if cut := returnedHeaders(text); cut < len(text) {
		text, paras = text[:cut], nil
	}
	if len(r.Recipients) == 1 {
		r.Recipients[0].Notice = mailtext.Truncate(mailtext.TrimSpace(text), maxNotice)
		return
	}
	if len(r.Recipients) == 0 {
		return
	}
	if paras == nil {
		paras = mailtext.Paragraphs(text, maxParagraphs)
	}
	byAddr := make(map[string][]int, len(r.Recipients))
	for i := range r.Recipients {
		a := strings.ToLower(r.Recipients[i].Recipient)
		byAddr[a] = append(byAddr[a], i)
	}
	notes := make([]strings.Builder, len(r.Recipients))
	add := func(owners []string, s string) {
		for _, a := range owners {
			for _, i := range byAddr[a] {
				b := &notes[i]
				room := maxNotice - b.Len()
				if b.Len() > 0 {
					room--
				}
				if room <= 0 {
					continue
				}
				if b.Len() > 0 {
					b.WriteByte('\n')
				}
				b.WriteString(mailtext.Truncate(s, room))
			}
		}
	}
	for _, p := range paras {
		p = mailtext.Truncate(p, maxParagraph)
		lines := strings.Split(p, "\n")
		named := make([][]string, len(lines))
		var all []string
		for n, line := range lines {
			named[n] = namedRecipients(line, byAddr)
			for _, a := range named[n] {
				if !slices.Contains(all, a) {
					all = append(all, a)
				}
			}
		}
		var cur []string
		if len(all) == 1 {
			cur = all // the heading is about the only recipient named
		}
		for n, line := range lines {
			switch {
			case len(named[n]) > 0:
				cur = named[n]
			case startsWithAddress(line):
				cur = nil
			}
			add(cur, line)
		}
	}
	for i := range notes {
		r.Recipients[i].Notice = notes[i].String()
	}
}

// returnedHeaders returns where the copy of the returned message's header
// begins in a notification, len(text) if it does not: a line that starts
// with a trace field (Return-Path or Received, which only a message's
// header holds: RFC 5322 section 3.6.7), or Exchange's heading of the
// copy ("Original message headers:", as in a posted Exchange 2010 NDR,
// https://pastebin.com/bGW4Kdrz). The words of a copied header (a spam
// filter's scores, the names of DNS blocklists) are not the notice's.
func returnedHeaders(text string) int {
	for at := 0; at < len(text); {
		line := text[at:]
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line = line[:i+1]
		}
		for _, h := range returnedHeaderStarts {
			if mailtext.HasPrefixFold(line, h) {
				return at
			}
		}
		at += len(line)
	}
	return len(text)
}

var returnedHeaderStarts = []string{"Return-Path:", "Received:", "Original message headers:"}

// namedRecipients returns the addresses of recipients (keys of byAddr,
// lower-cased) that line names, each once.
func namedRecipients(line string, byAddr map[string][]int) []string {
	var out []string
	for k := 0; k < len(line); {
		at := strings.IndexByte(line[k:], '@')
		if at < 0 {
			break
		}
		at += k
		start, end := at, at+1
		for start > 0 && addressContinuesBefore(line, start) {
			start--
		}
		for end < len(line) && addressContinuesAt(line, end) {
			end++
		}
		a := strings.ToLower(strings.TrimRight(line[start:end], "."))
		if _, ok := byAddr[a]; ok && !slices.Contains(out, a) {
			out = append(out, a)
		}
		k = end
	}
	return out
}

// indexAddress returns the index of the first place p names addr (ASCII
// case folded) as a whole address, not as the tail of a longer one
// ("ian@example.net" in "xian@example.net"), or -1.
func indexAddress(p, addr string) int {
	for off := 0; off < len(p); {
		k := mailtext.IndexFold(p[off:], addr)
		if k < 0 {
			return -1
		}
		k += off
		end := k + len(addr)
		if !addressContinuesBefore(p, k) && !addressGoesOn(p, end) {
			return k
		}
		off = k + 1
	}
	return -1
}

// addressGoesOn reports whether the address that ends at p[end] goes on
// past it: into a longer domain (".example.org"), not a period ending a
// sentence or Sendmail's "addr... User unknown".
func addressGoesOn(p string, end int) bool {
	if end >= len(p) {
		return false
	}
	if c := p[end]; c != '.' {
		return addressContinuesAt(p, end)
	}
	if end+1 >= len(p) {
		return false
	}
	c := p[end+1]
	return c >= 0x80 || mailtext.IsLetter(c) || mailtext.IsDigit(c)
}

// isAddressByte reports whether c may be part of an address as reports
// write it (atext of RFC 5322 section 3.2.3 but the characters that
// delimit addresses in prose, the dot, and 8-bit bytes of RFC 6531).
func isAddressByte(c byte) bool {
	if c >= 0x80 || mailtext.IsLetter(c) || mailtext.IsDigit(c) {
		return true
	}
	return strings.IndexByte("!#$%&*+-/=?^_`{|}~.", c) >= 0
}
