package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// gmailRemoteReply finds the remote server's reply in the paragraphs of
// Google's current notice that follow its sentence (paras[from:]): the
// reply follows a line of its own ending in a colon, the reply intro in the
// account's language. Gmail has written it two ways:
//
//	Antwort:
//
//	550 5.1.1 <anna@example.de>: ...
//
// with a blank line after the intro (German, deltachat/deltachat-core-rust:
// test-data/message/gmail_ndn.eml), and, in the notices of 2022 and later,
// with the reply on the very next line and no "Learn more" line before it
// (Estonian, postalsys/emailengine:test/fixtures/bounces/gmail.eml:
// "Vastus kaugserverist oli järgmine:" then "550 5.1.1 <...>: Recipient
// address rejected: ..."). The intro is one line ending in ":" that holds
// no link ("Learn more here: https://..." does not end in a colon). It
// returns the reply unfolded, and whether there was one.
func gmailRemoteReply(paras []string, from int) (string, bool) {
	for j := from; j < len(paras); j++ {
		p := mailtext.TrimSpace(paras[j])
		intro, rest := p, ""
		if i := strings.IndexByte(p, '\n'); i >= 0 {
			intro, rest = mailtext.TrimSpace(p[:i]), mailtext.TrimSpace(p[i+1:])
		}
		if !strings.HasSuffix(intro, ":") || strings.Contains(intro, "://") {
			continue
		}
		if rest != "" {
			return mailtext.FoldSpace(rest), true
		}
		if j+1 < len(paras) {
			return mailtext.FoldSpace(paras[j+1]), true
		}
	}
	return "", false
}
