package classify

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TextRule is one pattern of the text stage: when Text is found in the
// lower-cased, space-folded diagnostic text, the reason is Reason. In Text
// a '*' matches any run of characters, so "user * unknown" finds "user
// kijitora unknown".
type TextRule struct {
	Reason Reason
	Text   string
	Source string
}

// ID is the rule's id in verdicts: "text/<reason>/<text>".
func (r *TextRule) ID() string { return "text/" + string(r.Reason) + "/" + r.Text }

// textMatcher finds the parts of a pattern in order.
type textMatcher struct{ parts []string }

func newTextMatcher(pattern string) textMatcher {
	var parts []string
	for _, p := range strings.Split(pattern, "*") {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if parts == nil {
		parts = []string{}
	}
	return textMatcher{parts: parts}
}

func (m textMatcher) match(s string) bool {
	for _, p := range m.parts {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return true
}

// textMatchers holds TextRules compiled, index for index. It is built
// once at start-up; the tables are read-only afterwards.
var textMatchers []textMatcher

func init() {
	textMatchers = make([]textMatcher, len(TextRules))
	for i := range TextRules {
		textMatchers[i] = newTextMatcher(TextRules[i].Text)
	}
}

func textStage(in *Input) (Verdict, bool) {
	if in.Text == "" {
		return xUnix(in)
	}
	for i := range TextRules {
		r := &TextRules[i]
		if textMatchers[i].match(in.Text) {
			v := Verdict{Reason: r.Reason, Stage: StageText, Rule: r.ID()}
			// MTAs check mailboxes at RCPT. Generic user-unknown words
			// (dataRefusalTexts) from anywhere else, without an X.1.1
			// status to back them, are the words filters reuse when they
			// refuse a message: after DATA, or at an unknown point of the
			// session, the recipient was filtered.
			// With X.2.1 ("mailbox disabled, not accepting messages",
			// RFC 3463) and no command at all, the code says what the
			// words do not: the mailbox exists and is switched off.
			if v.Reason == UserUnknown && dataRefusalTexts[r.Text] && in.Command != dsn.CommandRCPT && !(in.Status.Subject == 1 && in.Status.Detail == 1) {
				if in.Command == "" && in.Status.Subject == 2 && in.Status.Detail == 1 {
					v.Reason, v.Rule = Suspend, v.Rule+"@X.2.1"
				} else {
					v.Reason, v.Rule = Filtered, v.Rule+"@not-RCPT"
				}
			}
			return v, true
		}
	}
	return xUnix(in)
}

// xUnix decides for a diagnostic of type X-Unix that no text rule
// explained: it is the exit status or output of a local delivery program
// (RFC 3464 section 2.3.6; Postfix's pipe and local agents, Sendmail's
// prog mailer), so the mailer failed.
func xUnix(in *Input) (Verdict, bool) {
	if strings.EqualFold(in.Recipient.DiagnosticType, "x-unix") {
		return Verdict{Reason: MailerError, Stage: StageText, Rule: "text/mailererror/x-unix"}, true
	}
	return Verdict{}, false
}
