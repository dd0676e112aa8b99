package classify

import "strings"

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
		return Verdict{}, false
	}
	for i := range TextRules {
		r := &TextRules[i]
		if textMatchers[i].match(in.Text) {
			return Verdict{Reason: r.Reason, Stage: StageText, Rule: r.ID()}, true
		}
	}
	return Verdict{}, false
}
