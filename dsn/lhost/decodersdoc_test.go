package lhost

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/doc"
	"go/doc/comment"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/bounce-milter/bounce-milter/dsn"
)

var updateDecodersDoc = flag.Bool("update", false, "rewrite docs/decoders.md from the registry and the decoders' doc comments")

const decodersDocPath = "../../docs/decoders.md"

// TestDecodersDoc checks that docs/decoders.md is what the registry and
// the decoders' doc comments say;
// `go test ./dsn/lhost -run TestDecodersDoc -update` rewrites it.
func TestDecodersDoc(t *testing.T) {
	want := decodersDoc(t)
	if *updateDecodersDoc {
		if err := os.WriteFile(decodersDocPath, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(decodersDocPath)
	if err != nil {
		t.Fatalf("%v (run go test ./dsn/lhost -run TestDecodersDoc -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run go test ./dsn/lhost -run TestDecodersDoc -update", decodersDocPath)
	}
}

// maxDocMarks is how many marks the doc shows per decoder.
const maxDocMarks = 6

// decodersDoc writes docs/decoders.md: a preamble, then for each stage of
// the registry its explanation and a table of its decoders, each with its
// name, the first sentence of its type's doc comment and its marks.
func decodersDoc(t *testing.T) []byte {
	synopses := docTypeSynopses(t, map[string]string{
		".":  reflect.TypeOf(genericDecoder{}).PkgPath(),
		"..": reflect.TypeOf(dsn.Report{}).PkgPath(),
	})
	stages := docRegistryStages(t)
	var b bytes.Buffer
	b.WriteString(`# Decoders

<!-- Generated from dsn/lhost's registry and the decoders' doc comments by
     go test ./dsn/lhost -run TestDecodersDoc -update
     Do not edit: a test fails when this file and the code differ. -->

A decoder reads one format of report: the failure and delay notices of an
MTA or a mail provider, a standard report (RFC 3464 delivery status, RFC
5965 feedback, RFC 8098 read receipt), an auto-reply. It says whether the
message is a report of its format and, if so, gives the report's facts:
the recipients, their actions, status and reply codes, diagnostic texts.
It names no reason; ` + "`classify`" + ` does that from the facts.

bounce-milter tries the decoders of the registry (` + "`dsn/lhost/registry.go`" + `)
in the order below. The first that accepts the message and finds a report
in it reads it, and no decoder after it is tried: the order matters where
two formats look alike, and the notes of each stage say why it is what it
is. The name of the decoder that read a report (the column decodedby
below) is the ` + "`decodedby`" + ` of ` + "`bounce-milter classify`" + `'s output and of
the webhook's events, and the ` + "`decoder=`" + ` of the ` + "`X-Bounce-Detail`" + `
header.`)
	fmt.Fprintf(&b, ` A bounce a list server forwarded (`+"`%s`"+`) or a person
forwarded inline (`+"`%s`"+`) is credited to the decoder that read the bounce
inside.

A decoder may find a message in its format and still learn too little
from it: its reading is then partial, and the decoders after it are
tried too. The first of them that finds recipients in a report of the
same kind reads the message and is credited with it; the partial reading
is kept only when none does. The RFC 3464 decoder's reading of a
delivery-status part without a single field (Gmail and Google Workspace
send such parts) is partial: its recipient comes from the returned
message, while the notice's text, which a decoder below may read, names
the recipients and their replies.

`, ListForward, PersonForward)
	fmt.Fprintf(&b, "There are %d decoders in %d stages:\n\n", len(Registry()), len(stages))
	for _, s := range stages {
		fmt.Fprintf(&b, "%d. [%s](#%s) (%d)\n", s.number, s.heading, docAnchor(fmt.Sprintf("%d. %s", s.number, s.heading)), s.count)
	}
	langs := map[string]bool{}
	sources := map[string]bool{}
	for _, in := range intros {
		langs[in.lang] = true
		sources[in.source] = true
	}
	fmt.Fprintf(&b, `
The generic decoder (`+"`%s`"+`), last of the formats, reads the reports of
software no decoder above knows, through the phrases MTAs introduce failed
addresses with: %d phrases in %d languages (%s) from %d sources, each
row with its source, in `+"`dsn/lhost/generic.tsv`"+`.

Each decoder also declares its marks: the header fields without which it
reads nothing. The milter's pre-filter, which sees the header only, lets
a message's body through when the header has a mark of some decoder or
another cue of a bounce (the null envelope sender, for one); it accepts
other messages without reading their body. In the tables,
`+"`Field`"+` means the field is present, `+"`Field: text`"+` that its value
holds the text (case ignored), and `+"`Field:`"+` *mail system* that it names a
mail system (MAILER-DAEMON, postmaster, the null reverse path).
`, Generic, len(intros), len(langs), strings.Join(docSortedKeys(langs), ", "), len(sources))

	reg := Registry()
	for _, s := range stages {
		fmt.Fprintf(&b, "\n## %d. %s\n\n", s.number, s.heading)
		if s.summary != "" {
			b.WriteString(s.summary)
			b.WriteString("\n")
		}
		if s.notes != "" {
			b.WriteString(s.notes)
			b.WriteString("\n")
		}
		b.WriteString("| # | decodedby | reads | marks |\n|---|---|---|---|\n")
		for i := s.first; i < s.first+s.count; i++ {
			d := reg[i]
			ty := reflect.TypeOf(d)
			if ty.Kind() == reflect.Pointer {
				ty = ty.Elem()
			}
			key := ty.PkgPath() + "." + ty.Name()
			syn, ok := synopses[key]
			if !ok || syn == "" {
				t.Errorf("%s: type %s has no doc comment", d.Name(), key)
			}
			fmt.Fprintf(&b, "| %d | `%s` | %s | %s |\n", i+1, d.Name(), docCell(syn), docMarksCell(d))
		}
	}
	return b.Bytes()
}

// docTypeSynopses reads the doc comments of the types declared in the
// non-test files of the packages in dirs (directory: import path), and
// returns each type's first sentence, without the type's name, by import
// path and type name.
func docTypeSynopses(t *testing.T, dirs map[string]string) map[string]string {
	out := map[string]string{}
	for dir, path := range dirs {
		fset := token.NewFileSet()
		pkgs, err := parser.ParseDir(fset, dir, func(fi fs.FileInfo) bool {
			return !strings.HasSuffix(fi.Name(), "_test.go")
		}, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pkgs {
			dp := doc.New(p, path, doc.AllDecls)
			for _, ty := range dp.Types {
				out[path+"."+ty.Name] = docDescribe(ty.Name, dp.Synopsis(ty.Doc))
			}
		}
	}
	return out
}

// docDescribe turns a type's synopsis ("gmailDecoder reads ... :") into a
// description ("Reads ... .").
func docDescribe(name, syn string) string {
	s := strings.TrimSpace(strings.TrimPrefix(syn, name+" "))
	if s == "" {
		return ""
	}
	s = strings.TrimRight(s, ":;,") // a sentence that introduces an example
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// A docStage is one section of the registry, as its comments number it.
type docStage struct {
	number       int
	heading      string // the section comment's first words
	summary      string // the registry's doc comment on the section
	notes        string // the section comment's list: why the order is what it is
	first, count int    // its decoders in Registry()
}

var docStageComment = regexp.MustCompile(`^(\d+)\.\s+`)

// docRegistryStages reads the sections of the registry from registry.go:
// each starts at a comment "N. Heading. ..." inside the slice literal,
// and the doc comment of the registry variable sums each up in item N of
// its numbered list.
func docRegistryStages(t *testing.T) []docStage {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "registry.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var lit *ast.CompositeLit
	var summaries map[string][]comment.Block
	ast.Inspect(f, func(n ast.Node) bool {
		gd, ok := n.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			return true
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if len(vs.Names) == 1 && vs.Names[0].Name == "registry" && len(vs.Values) == 1 {
				lit, _ = vs.Values[0].(*ast.CompositeLit)
				summaries = docListItems(gd.Doc.Text())
			}
		}
		return false
	})
	if lit == nil {
		t.Fatal("registry.go: no var registry = []dsn.Decoder{...}")
	}
	if len(lit.Elts) != len(Registry()) {
		t.Fatalf("registry.go: %d elements, Registry() has %d", len(lit.Elts), len(Registry()))
	}
	var stages []docStage
	next := 0
	for _, cg := range f.Comments {
		if cg.Pos() < lit.Lbrace || cg.End() > lit.Rbrace {
			continue
		}
		text := cg.Text()
		m := docStageComment.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		for next < len(lit.Elts) && lit.Elts[next].Pos() < cg.Pos() {
			next++
		}
		if len(stages) > 0 {
			last := &stages[len(stages)-1]
			last.count = next - last.first
		}
		var s docStage
		fmt.Sscan(m[1], &s.number)
		s.first = next
		rest := text[len(m[0]):]
		end := strings.IndexAny(rest, ".(\n")
		if end < 0 {
			end = len(rest)
		}
		s.heading = strings.TrimSpace(rest[:end])
		if blocks, ok := summaries[m[1]]; ok {
			s.summary = docMarkdown(blocks)
		} else {
			t.Errorf("registry.go: the doc comment of registry has no item %s.", m[1])
		}
		s.notes = docBulletNotes(rest)
		stages = append(stages, s)
	}
	if len(stages) == 0 || stages[0].first != 0 {
		t.Fatal("registry.go: the registry does not start with a numbered section comment")
	}
	last := &stages[len(stages)-1]
	last.count = len(lit.Elts) - last.first
	for _, s := range stages {
		if s.count == 0 {
			t.Errorf("registry.go: section %d (%s) holds no decoder", s.number, s.heading)
		}
	}
	return stages
}

// docListItems returns the items of the numbered list in a doc comment, by
// number.
func docListItems(text string) map[string][]comment.Block {
	var p comment.Parser
	out := map[string][]comment.Block{}
	for _, blk := range p.Parse(text).Content {
		if l, ok := blk.(*comment.List); ok {
			for _, it := range l.Items {
				if it.Number != "" {
					out[it.Number] = it.Content
				}
			}
		}
	}
	return out
}

// docMarkdown renders doc comment blocks as Markdown.
func docMarkdown(blocks []comment.Block) string {
	var p comment.Printer
	return string(p.Markdown(&comment.Doc{Content: blocks}))
}

// docBulletNotes returns the "- " list of a section comment as a Markdown
// list, its continuation lines joined to their item.
func docBulletNotes(text string) string {
	var items []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "- "):
			items = append(items, line[2:])
		case line != "" && len(items) > 0:
			items[len(items)-1] += " " + line
		}
	}
	if len(items) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("The order within the stage:\n\n")
	for _, it := range items {
		b.WriteString("- " + docEscape(it) + "\n")
	}
	return b.String()
}

// docMarksCell shows a decoder's marks in a table cell.
func docMarksCell(d dsn.Decoder) string {
	mk, ok := d.(dsn.Marker)
	if !ok {
		return "(none declared)"
	}
	var shown []string
	seen := map[string]bool{}
	for _, m := range mk.Marks() {
		var s string
		switch m.Test {
		case dsn.MarkPresent:
			s = "`" + m.Field + "`"
		case dsn.MarkContains:
			s = "`" + m.Field + ": " + strings.TrimSpace(m.Value) + "`"
		case dsn.MarkDaemon:
			s = "`" + m.Field + ":` *mail system*"
		}
		if !seen[s] {
			seen[s] = true
			shown = append(shown, s)
		}
	}
	switch n := len(shown); {
	case n == 0:
		return "none: never a bounce"
	case n > maxDocMarks:
		return docCellEscape(strings.Join(shown[:maxDocMarks], ", ")) + fmt.Sprintf(" and %d more", n-maxDocMarks)
	}
	return docCellEscape(strings.Join(shown, ", "))
}

// docEscaper keeps Markdown from reading text as markup.
var docEscaper = strings.NewReplacer(`\`, `\\`, "<", "&lt;", "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`)

func docEscape(s string) string { return docEscaper.Replace(s) }

// docCell escapes text for a table cell.
func docCell(s string) string { return docCellEscape(docEscape(s)) }

// docCellEscape escapes the column separator of a table.
func docCellEscape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// docAnchor is the fragment GitHub gives a heading.
func docAnchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r), r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

func docSortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
