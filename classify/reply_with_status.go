package classify

import (
	"strconv"
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// replyCarriesStatus reports whether the text gives the reply code and the
// status as one reply, the status right after the code ("421 5.7.32",
// "421-5.7.32"). A class that contradicts then is the replying server's
// own choice, not a sign of another exchange: Google's SMTP error
// reference documents "421 5.7.32 Your email was blocked because the
// From: header ... isn't aligned" (https://support.google.com/a/answer/3726730).
// Only a 4xx reply with a 5.x.x status counts: a 5xx over a 4.x.x status
// is a reporting MTA's own final code over the last transient one
// (Exchange's "550 4.4.7 QUEUE.Expired; message expired", WorkMail's
// "554 4.4.7 Message expired"), and the reply code stays dropped there.
func replyCarriesStatus(text string, code int, st dsn.Status) bool {
	if code/100 != 4 || st.Class != 5 {
		return false
	}
	c := strconv.Itoa(code)
	s := st.String()
	for _, sep := range []string{" ", "-"} {
		if i := strings.Index(text, c+sep+s); i >= 0 {
			end := i + len(c) + 1 + len(s)
			if (i == 0 || !isDigitByte(text[i-1])) && (end == len(text) || !isDigitByte(text[end]) && text[end] != '.') {
				return true
			}
		}
	}
	return false
}
