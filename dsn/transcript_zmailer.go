package dsn

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// ZMailer's delivery reports ("Delivery reports about your email
// [FAILED(1)]", sent by vger.kernel.org's ZMailer and posted whole to its
// lists, e.g. https://lore.kernel.org/lkml/20011219165326.C1870@mea-ext.zmailer.org/)
// copy the SMTP session under "Diagnostic texts:" with arrows the other
// way round from Sendmail's: "<<- " before each command the reporting MTA
// sent and "->> " before each reply it received:
//
//	<<- RCPT To:<bob@example.org> NOTIFY=FAILURE ORCPT=rfc822;bob@example.org
//	->> 250 2.1.5 <bob@example.org>... Recipient ok
//	<<- DATA
//	->> 354 Enter mail, end with "." on a line by itself
//	<<- .
//	->> 553 5.0.0 Message-Id header line format error
//
// Its machine-readable part drops the enhanced code and puts the text in
// parentheses: "Diagnostic-Code: smtp; 553 (Message-Id header line format
// error)". The line "<<- ." is the end of the message data, answered as DATA.

// zmailerTranscriptCommand returns the command of a ZMailer transcript in
// paras that the remote host answered with reply, or "".
func zmailerTranscriptCommand(paras []string, reply string) string {
	want := ""
	for _, p := range paras {
		if !strings.Contains(p, "->> ") || !strings.Contains(p, "<<- ") {
			continue
		}
		if want == "" {
			// Only a report with a transcript pays for the key.
			if want = zmailerReplyKey(reply); len(want) < 3 {
				return ""
			}
		}
		if cmd := answeredCommand(p, "<<- ", "->> ", func(line string) bool { return zmailerReplyKey(line) == want }); cmd != "" {
			return cmd
		}
	}
	return ""
}

// zmailerBrackets blanks the parentheses ZMailer's Diagnostic-Code puts
// around a reply's text.
var zmailerBrackets = strings.NewReplacer("(", " ", ")", " ")

// zmailerReplyKey reduces a reply to its code and words: white space
// folded, parentheses and an enhanced status code after the reply code
// dropped, so "553 (Message-Id header line format error)" and "553 5.0.0
// Message-Id header line format error" have the same key.
func zmailerReplyKey(s string) string {
	s = zmailerBrackets.Replace(s)
	f := strings.Fields(mailtext.FoldSpace(s))
	if len(f) > 1 && !FindStatus(f[1]).IsZero() {
		f = append(f[:1], f[2:]...)
	}
	return strings.ToLower(strings.Join(f, " "))
}
