package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// A report that lists its failed addresses and then gives one error
// message for all of them: masqmail's failure and delay notices expand
// the template's @failed_rcpts into one address a line and ${err_msg} into
// the one reply or error of the delivery attempt, below a heading of their
// own ("This error message may give you a hint about what caused the
// failure:", or the German, French or Italian words with the English in
// parentheses after them): ossilator/masqmail:src/fail_msg.c (fail_msg,
// var "err_msg") and src/deliver.c (delivery_failures called with "while
// connected with %s, the server replied\n\t%s", "could not open
// connection to %s:%d :\n\t%s").

// sharedReason returns the text that gives the reason for every address a
// list names, when no address of the list has its own: the first
// paragraph from line at up to end that quotes a server's reply and names
// no address (replyParagraph), else the paragraph after the first heading
// below the list that ends in a colon (or a colon and the parenthesis of a translation:
// "...caused the\nfailure:)") and names no address, when that paragraph
// names none either and announces nothing itself. "" if there is none.
func sharedReason(lines []string, at, end int) string {
	if p := replyParagraph(lines, at, end, ""); p != "" {
		return p
	}
	stop := min(end, at+maxAddressLines)
	var para []string
	listed := false // a heading counts only below the list
	for i := at; i < stop; i++ {
		l := lines[i]
		if mailtext.TrimSpace(l) != "" {
			if isQuote(l) || isMessageHeader(l) || namesOtherAddress(l, "") {
				listed = listed || namesOtherAddress(l, "")
				para = para[:0]
				for i+1 < stop && mailtext.TrimSpace(lines[i+1]) != "" {
					i++ // the rest of a paragraph that names an address
				}
				continue
			}
			para = append(para, l)
			continue
		}
		heading := strings.TrimSuffix(joinLines(para), ")")
		para = para[:0]
		if !listed || len(heading) < 8 || !strings.HasSuffix(heading, ":") {
			continue
		}
		if next := nextParagraph(lines, i, end, ""); next != "" && !strings.HasSuffix(strings.TrimSuffix(next, ")"), ":") {
			return next
		}
		return ""
	}
	return ""
}

// mimeOnlyRun reports whether the run of header fields that starts at line
// i holds MIME fields only (MIME-Version, Content-*): the header of a MIME
// entity written into a body, not the header of a returned message, which
// has a From, a Date, a Subject or a Received. masqmail's Italian failure
// template (ossilator/masqmail:tpl/failmsg.tpl.it) leaves a blank line
// after its Subject, so that its MIME-Version and Content-Type open the
// notice's body.
func mimeOnlyRun(lines []string, i, end int) bool {
	for ; i < end; i++ {
		l := lines[i]
		if mailtext.TrimSpace(l) == "" {
			return true
		}
		if l[0] == ' ' || l[0] == '\t' {
			continue // a folded field
		}
		if !isMessageHeader(l) {
			return true
		}
		name := strings.ToLower(l[:strings.IndexByte(l, ':')])
		if name != "mime-version" && !strings.HasPrefix(name, "content-") {
			return false
		}
	}
	return true
}

// noneHasCode reports whether none of n diagnostics (diag(i)) quotes a
// server's reply (hasCode).
func noneHasCode(n int, diag func(int) string) bool {
	for i := range n {
		if hasCode(diag(i)) {
			return false
		}
	}
	return true
}
