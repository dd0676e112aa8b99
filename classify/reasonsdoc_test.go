package classify

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/reasons.md from the tables")

const reasonsDocPath = "../docs/reasons.md"

// TestReasonsDoc checks that docs/reasons.md is what the tables say;
// `go test ./classify -run TestReasonsDoc -update` rewrites it.
func TestReasonsDoc(t *testing.T) {
	want := reasonsDoc(t)
	if *update {
		if err := os.WriteFile(reasonsDocPath, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(reasonsDocPath)
	if err != nil {
		t.Fatalf("%v (run go test ./classify -run TestReasonsDoc -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run go test ./classify -run TestReasonsDoc -update", reasonsDocPath)
	}
}

// reasonMeanings reads each reason's meaning from the comment beside its
// constant in reason.go, so that the doc and the code say the same.
func reasonMeanings(t *testing.T) map[Reason]string {
	f, err := parser.ParseFile(token.NewFileSet(), "reason.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	out := map[Reason]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || vs.Comment == nil || len(vs.Values) != 1 {
			return true
		}
		if lit, ok := vs.Values[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
			s, _ := strconv.Unquote(lit.Value)
			out[Reason(s)] = strings.TrimSpace(vs.Comment.Text())
		}
		return true
	})
	return out
}

// maxExamples is how many example texts the doc shows per reason.
const maxExamples = 8

func reasonsDoc(t *testing.T) []byte {
	meanings := reasonMeanings(t)
	var b bytes.Buffer
	b.WriteString(`# Bounce reasons

<!-- Generated from classify's tables by
     go test ./classify -run TestReasonsDoc -update
     Do not edit: a test fails when this file and the tables differ. -->

bounce-milter names why a bounce bounced with one of Sisimai's 34 reasons. For
each, this page gives its meaning, whether it is a hard bounce (the address
will never work), and what leads to it: the enhanced status codes of the IANA
registry whose meaning names it, the reply codes and commands, and example
texts from the text tables (` + "`classify/texts/*.tsv`" + `, every row with
its source). ` + "`bounce-milter classify --explain`" + ` shows, for a bounce,
which of these spoke and which decided.

How the stages decide is in the package documentation of ` + "`classify`" + `
and in the README. When one text names two reasons, the one earlier in this
list decides. A status code that names a reason takes part at that reason's
place in the list, except the catch-all reasons of their subjects
(userunknown, hostunknown, networkerror, expired, systemerror,
securityerror, contenterror), which any text naming another reason
overrides. User-unknown words decide userunknown only in answer to RCPT,
with an address status (X.1.0, X.1.1, X.1.3), or as an MTA's own wording in
its own report; elsewhere they mean filtered. Words saying the queue time
ran out decide only when nothing else names a reason, or over a status
naming a transient condition:

`)
	for i, r := range textPriority {
		fmt.Fprintf(&b, "%d. `%s`\n", i+1, r)
	}
	b.WriteString("\n| reason | bounce | meaning |\n|---|---|---|\n")
	for _, r := range Reasons {
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s |\n", r, r, bounceKind(r), meanings[r])
	}
	for _, r := range Reasons {
		fmt.Fprintf(&b, "\n## %s\n\n%s.\n\n- Bounce: %s.\n", r, capitalise(meanings[r]), bounceKind(r))
		if codes := statusCodesFor(r); codes != "" {
			fmt.Fprintf(&b, "- Status codes: %s.\n", codes)
		}
		if rows := replyRowsFor(r); rows != "" {
			fmt.Fprintf(&b, "- Reply codes and commands: %s.\n", rows)
		}
		for _, s := range statusSubjects {
			if s.Reason == r {
				fmt.Fprintf(&b, "- Last resort: a status code of subject X.%d (%s, %s) when nothing else spoke.\n", s.Subject, s.Meaning, s.Source)
			}
		}
		for _, c := range statusReadings {
			if c.subject.Reason == r {
				class := "X"
				if c.Class != 0 {
					class = strconv.Itoa(c.Class)
				}
				fmt.Fprintf(&b, "- Last resort: status %s.%d.%d (%s, %s) when nothing else spoke.\n", class, c.subject.Subject, c.Detail, c.subject.Meaning, c.subject.Source)
			}
		}
		ex, files := textExamples(r)
		if len(ex) > 0 {
			b.WriteString("- Example texts:\n")
			for _, e := range ex {
				fmt.Fprintf(&b, "  - `%s` (%s)\n", e.phrase, e.source)
			}
		}
		if files != "" {
			fmt.Fprintf(&b, "- Text rows: %s.\n", files)
		}
		if own := decoderRowsFor(r); own != "" {
			fmt.Fprintf(&b, "- MTAs' own wording, read only in the reports of their decoder: %s.\n", own)
		}
		if prov := providerRowsFor(r); prov != "" {
			fmt.Fprintf(&b, "- Provider rows: %s.\n", prov)
		}
	}
	return b.Bytes()
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func bounceKind(r Reason) string {
	switch {
	case !r.IsFailure():
		return "not a failure"
	case hardBounce(r, false) && !hardBounce(r, true):
		return "hard when permanent"
	case hardBounce(r, false):
		return "hard"
	}
	return "soft"
}

func statusCodesFor(r Reason) string {
	var parts []string
	for _, c := range statusCodes {
		if c.Reason == r {
			parts = append(parts, fmt.Sprintf("X.%d.%d %s (%s)", c.Subject, c.Detail, c.Meaning, c.Source))
		}
	}
	for _, v := range vendorStatusCodes {
		if v.Reason != r {
			continue
		}
		code := fmt.Sprintf("%d.%d.%d", v.Class, v.Subject, v.Detail)
		if v.DetailTo != 0 {
			code += fmt.Sprintf("-%d", v.DetailTo)
		}
		parts = append(parts, fmt.Sprintf("%s %s (%s)", code, v.Meaning, v.Source))
	}
	return strings.Join(parts, "; ")
}

func replyRowsFor(r Reason) string {
	var parts []string
	for i, row := range replyRows {
		if row.Reason != r {
			continue
		}
		what := ""
		switch {
		case row.Code != 0 && row.Command != "":
			what = fmt.Sprintf("%d at %s", row.Code, row.Command)
		case row.Command != "" && row.MinCode != 0:
			what = fmt.Sprintf("%dXX at %s", row.MinCode/100, row.Command)
		case row.Command != "":
			what = "any reply at " + row.Command
		default:
			what = strconv.Itoa(row.Code)
		}
		parts = append(parts, fmt.Sprintf("%s, %s (%s; rule `%s`)", what, row.Meaning, row.Source, replyRuleID(i)))
	}
	return strings.Join(parts, "; ")
}

type example struct{ phrase, source string }

// textExamples picks up to maxExamples phrases of r: those confirmed by
// the most rows first, then in file order; and lists the files and their
// row counts.
func textExamples(r Reason) ([]example, string) {
	type cand struct {
		p     int32
		rows  int
		first int32
	}
	var cands []cand
	files := map[string]int{}
	for p, x := range tables.reasons {
		if x.reason != r || !x.rows {
			continue
		}
		n := 0
		for _, ri := range tables.index.phrases[p].rows {
			if row := &tables.rows[ri]; row.Reason == r && row.By == "" {
				n++
				files[row.File]++
			}
		}
		cands = append(cands, cand{int32(p), n, x.row})
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].rows != cands[j].rows {
			return cands[i].rows > cands[j].rows
		}
		return cands[i].first < cands[j].first
	})
	var ex []example
	for _, c := range cands {
		if len(ex) == maxExamples {
			break
		}
		row := &tables.rows[tables.reasons[c.p].row]
		ex = append(ex, example{row.Phrase, row.Source})
	}
	var names []string
	for f := range files {
		names = append(names, f)
	}
	sort.Strings(names)
	var parts []string
	for _, f := range names {
		parts = append(parts, fmt.Sprintf("`%s` (%d)", f, files[f]))
	}
	return ex, strings.Join(parts, ", ")
}

func providerRowsFor(r Reason) string {
	var parts []string
	for _, p := range Providers {
		n := 0
		for _, row := range p.Rules {
			if row.Reason == r {
				n++
			}
		}
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%s (%d)", p.Name, n))
		}
	}
	return strings.Join(parts, ", ")
}

// decoderRowsFor counts r's @by rows per decoder.
func decoderRowsFor(r Reason) string {
	var names []string
	counts := map[string]int{}
	for name, rows := range tables.byDecoder {
		for _, ri := range rows {
			if tables.rows[ri].Reason == r {
				if counts[name] == 0 {
					names = append(names, name)
				}
				counts[name]++
			}
		}
	}
	sort.Strings(names)
	var parts []string
	for _, n := range names {
		parts = append(parts, fmt.Sprintf("%s (%d)", n, counts[n]))
	}
	return strings.Join(parts, ", ")
}
