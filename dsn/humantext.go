package dsn

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// The human-readable part of a delivery status notification often says
// more than its machine-readable part: Postfix writes "(in reply to end
// of DATA command)" there and not in Diagnostic-Code, Sendmail its session
// transcript, OpenSMTPD the remote reply when Diagnostic-Code is absent.
// Report.SupplementFromText fills what a recipient lacks from the
// paragraphs of that text that mention it.

// Bounds on the text SupplementFromText examines: how many paragraphs,
// and how much of each.
const (
	maxParagraphs = 256
	maxParagraph  = 4096
)

// SupplementFromText fills what r's recipients lack (the command, a
// specific status, the diagnostic text) from the paragraphs of a report's
// human-readable text that mention each recipient.
func (r *Report) SupplementFromText(text string) {
	if text == "" {
		return
	}
	var paras []string // split once, when a recipient needs them
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
			k := mailtext.IndexFold(paras[j], addr)
			if k < 0 {
				continue
			}
			if rc.Command == "" {
				rc.Command = FindCommand(paras[j])
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
	}
}

// afterAddress returns the text that follows an address on its line
// ("addr: 550 5.1.1 ..." or "<addr>: host x said: ...") and on the
// indented lines that continue it, white space folded, or "" when only
// punctuation follows.
func afterAddress(p string, end int) string {
	rest := p[end:]
	var b strings.Builder
	for n := 0; n < 16; n++ {
		line := rest
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		if n > 0 && (strings.TrimSpace(line) == "" || startsWithAddress(line)) {
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

// restOfLine returns p from end to the end of that line.
func restOfLine(p string, end int) string {
	rest := p[end:]
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	return rest
}
