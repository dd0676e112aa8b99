package classify

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
)

// The text tables are classify/texts/*.tsv, embedded into the binary: one
// file per source family, every row with its source. A new file needs no
// code change. The format (README in docs/reasons.md; HELPERS.md for the
// team) is five tab-separated columns per row:
//
//	reason  phrase  source  lang  note
//
// reason is a Reason's name or "-" for a mask: a wider phrase that decides
// nothing by itself and keeps the narrower phrases inside it from deciding
// ("mailbox almost full", "this is not spam"). phrase is matched as words
// (words.go), '*' standing for 1 to maxGap words. note is free text,
// except that it may start with flags, words beginning with '@':
//
//	@by=NAME  the row is the wording of one MTA or service about its own
//	          result, read only in reports that dsn's decoder NAME read
//	          (the Decoder a report names). There the row decides ahead
//	          of the generic rows, and user-unknown words in it are that
//	          MTA's own mailbox lookup, whatever command the report names
//	          (see decoderTextMatch). In other reports the row is not
//	          read: the same words from another program mean only what the
//	          generic rows say.
//	@frame    the row is the reporting MTA's framing of the reply it
//	          quotes, not the reply: Postfix writes "host <mx> refused to
//	          talk to me: <reply>" for any refused greeting or EHLO
//	          (smtp_proto.c). The row decides only where no other
//	          deciding row's phrase is in the text: the quoted reply's own
//	          words ("421 4.7.0 Too much load") say why it was refused.
//
// Lines starting with '#' and blank lines are ignored.

//go:embed texts/*.tsv
var textFiles embed.FS

//go:embed conflicts.tsv
var conflictsTSV string

// textRow is one row of a text table.
type textRow struct {
	Reason Reason // "" for a mask
	Phrase string // as the table writes it
	Source string
	Lang   string
	Note   string
	File   string // the table's file name, e.g. "postfix.tsv"
	Line   int
	// By is the decoder of the @by flag: the row is read only in reports
	// that decoder read. "" for a generic row.
	By string
	// Frame is the @frame flag: the row decides only where no other
	// row does (resolveText).
	Frame  bool
	phrase int32
}

// mask reports whether the row is a mask.
func (r *textRow) mask() bool { return r.Reason == "" }

// where returns "file:line".
func (r *textRow) where() string { return fmt.Sprintf("%s:%d", r.File, r.Line) }

// textReason is what one phrase means once every row with it is read.
type textReason struct {
	reason Reason // "" for a mask or a phrase no generic text row has
	row    int32  // the first row (in file order) saying reason, -1 if none
	rows   bool   // some generic text row has the phrase
	// conflict lists the reasons the rows disagree on ("-" for a mask),
	// when they do; resolved says the conflicts table settled it.
	conflict []string
	resolved bool
}

// textTables is everything the text and provider stages match with.
type textTables struct {
	index   *phraseIndex
	rows    []textRow
	reasons []textReason // per phrase
	// byDecoder lists, per decoder name, the @by rows read only in that
	// decoder's reports (indices in rows, in file order).
	byDecoder map[string][]int32
	errs      []error // rows refused while loading; a test fails on any
	files     int     // the table files read
}

// tables is read once, at package initialisation, after Providers: from
// the generated index when it is fresh (textindex.go), else built.
var tables = loadTables(textFiles, conflictsTSV, Providers)

func buildTables(files fs.FS, conflicts string, providers []*Provider) *textTables {
	t := &textTables{index: newPhraseIndex()}
	names, err := fs.Glob(files, "texts/*.tsv")
	if err != nil {
		t.errs = append(t.errs, err)
	}
	sort.Strings(names)
	datas := make([]string, len(names))
	lines := 0
	buf := make([]byte, 16<<10)
	for i, name := range names {
		data, err := readString(files, name, buf)
		if err != nil {
			t.errs = append(t.errs, fmt.Errorf("%s: %w", name, err))
			continue
		}
		datas[i] = data
		lines += strings.Count(data, "\n") + 1
	}
	t.rows = make([]textRow, 0, lines)
	for i, name := range names {
		if datas[i] != "" {
			t.load(path.Base(name), datas[i])
			t.files++
		}
	}
	for _, p := range providers {
		t.compileProvider(p)
	}
	t.settle(conflicts)
	t.index.seal()
	return t
}

// load reads one table file.
// readString reads a file into a string with one copy, through buf.
func readString(files fs.FS, name string, buf []byte) (string, error) {
	f, err := files.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var b strings.Builder
	if fi, err := f.Stat(); err == nil {
		b.Grow(int(fi.Size()))
	}
	if _, err := io.CopyBuffer(&b, struct{ io.Reader }{f}, buf); err != nil {
		return "", err
	}
	return b.String(), nil
}

// load reads one table file. The rows' strings are slices of data.
func (t *textTables) load(file, data string) {
	for n := 1; data != ""; n++ {
		var line string
		line, data, _ = strings.Cut(data, "\n")
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		row, err := t.parseRow(file, n, line)
		if err != nil {
			t.errs = append(t.errs, fmt.Errorf("%s:%d: %w", file, n, err))
			continue
		}
		t.rows = append(t.rows, row)
	}
}

// byFlag is the note flag that scopes a row to one decoder's reports.
const byFlag = "@by="

// frameFlag is the note flag of a row that frames a quoted reply.
const frameFlag = "@frame"

func (t *textTables) parseRow(file string, n int, line string) (textRow, error) {
	var c [5]string
	k := 0
	for rest, more := line, true; more; k++ {
		if k == len(c) {
			return textRow{}, fmt.Errorf("%d columns, want 5 (reason, phrase, source, lang, note)", strings.Count(line, "\t")+1)
		}
		c[k], rest, more = strings.Cut(rest, "\t")
		c[k] = strings.TrimSpace(c[k])
	}
	if k < 4 {
		return textRow{}, fmt.Errorf("%d columns, want 5 (reason, phrase, source, lang, note)", k)
	}
	row := textRow{Phrase: c[1], Source: c[2], Lang: c[3], Note: c[4], File: file, Line: n}
	if c[0] != "-" {
		r, ok := reasonNamed(c[0])
		if !ok || !r.IsFailure() || r == OnHold || r == Undefined {
			return textRow{}, fmt.Errorf("reason %q is not a failure reason's name", c[0])
		}
		row.Reason = r
	}
	if row.Source == "" {
		return textRow{}, fmt.Errorf("no source")
	}
	if !isLangCode(row.Lang) {
		return textRow{}, fmt.Errorf("lang %q is not an ISO 639-1 or 639-3 code", row.Lang)
	}
	for note := row.Note; strings.HasPrefix(note, "@"); {
		var f string
		f, note, _ = strings.Cut(note, " ")
		switch {
		case strings.HasPrefix(f, byFlag) && len(f) > len(byFlag) && row.By == "":
			row.By = f[len(byFlag):]
		case f == frameFlag && !row.Frame:
			row.Frame = true
		default:
			return textRow{}, fmt.Errorf("unknown or repeated flag %s", f)
		}
		note = strings.TrimLeft(note, " ")
	}
	if row.By != "" && row.mask() {
		return textRow{}, fmt.Errorf("a mask cannot be scoped to a decoder")
	}
	if row.Frame && (row.mask() || row.By != "") {
		return textRow{}, fmt.Errorf("a mask or a decoder's row cannot be a frame")
	}
	p, err := t.index.add(row.Phrase)
	if err != nil {
		return textRow{}, fmt.Errorf("phrase %q: %w", row.Phrase, err)
	}
	row.phrase = p
	return row, nil
}

// reasonNamed returns the reason spelt exactly s (no old names).
func reasonNamed(s string) (Reason, bool) {
	for _, r := range Reasons {
		if string(r) == s {
			return r, true
		}
	}
	return "", false
}

// isLangCode reports whether s is a language code as the lang column
// takes it: ISO 639-1's two letters, or ISO 639-3's three for a language
// 639-1 has no code for (Asturian "ast", whose mlmmj listtexts exist),
// lower case.
func isLangCode(s string) bool {
	if len(s) != 2 && len(s) != 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// compileProvider prepares a provider's rows: its texts join the phrase
// index, so that one reading of the text serves every table.
func (t *textTables) compileProvider(p *Provider) {
	phrases := make([]int32, len(p.Rules))
	for i := range p.Rules {
		r := &p.Rules[i]
		phrases[i] = -1
		if r.Text == "" {
			continue
		}
		ph, err := t.index.add(r.Text)
		if err != nil {
			t.errs = append(t.errs, fmt.Errorf("provider %s row %d: phrase %q: %w", p.Name, i+1, r.Text, err))
			continue
		}
		phrases[i] = ph
	}
	p.phrases = phrases
}

// settle decides what each phrase means: the reason its rows agree on,
// or, where they disagree, the conflicts table's answer (or, failing
// that, the reason of higher priority; TestTextConflicts fails then).
func (t *textTables) settle(conflicts string) {
	t.reasons = make([]textReason, len(t.index.phrases))
	for i := range t.reasons {
		t.reasons[i].row = -1
	}
	// Each phrase's rows, in one backing array.
	counts := make([]int, len(t.index.phrases))
	for i := range t.rows {
		counts[t.rows[i].phrase]++
	}
	backing := make([]int32, len(t.rows))
	off := 0
	for p, n := range counts {
		t.index.phrases[p].rows = backing[off : off : off+n]
		off += n
	}
	first := make([]string, len(t.reasons)) // the first row's reason name, per phrase
	for i := range t.rows {
		r := &t.rows[i]
		x := &t.reasons[r.phrase]
		t.index.phrases[r.phrase].rows = append(t.index.phrases[r.phrase].rows, int32(i))
		if r.By != "" {
			if t.byDecoder == nil {
				t.byDecoder = make(map[string][]int32)
			}
			t.byDecoder[r.By] = append(t.byDecoder[r.By], int32(i))
			continue
		}
		name := string(r.Reason)
		if r.mask() {
			name = "-"
		}
		if !x.rows {
			x.rows, x.reason, x.row = true, r.Reason, int32(i)
			first[r.phrase] = name
			continue
		}
		if name != first[r.phrase] && !slices.Contains(x.conflict, name) {
			if x.conflict == nil {
				x.conflict = []string{first[r.phrase]}
			}
			x.conflict = append(x.conflict, name)
		}
		if textPriorityOf(r.Reason) < textPriorityOf(x.reason) {
			x.reason, x.row = r.Reason, int32(i)
		}
	}
	for n, line := range strings.Split(conflicts, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 3 {
			t.errs = append(t.errs, fmt.Errorf("conflicts.tsv:%d: %d columns, want 3 (phrase, reason, why)", n+1, len(c)))
			continue
		}
		p, ok := t.phraseOf(c[0])
		if !ok || t.reasons[p].conflict == nil {
			t.errs = append(t.errs, fmt.Errorf("conflicts.tsv:%d: %q is in no conflict (stale entry)", n+1, c[0]))
			continue
		}
		x := &t.reasons[p]
		if !slices.Contains(x.conflict, c[1]) {
			t.errs = append(t.errs, fmt.Errorf("conflicts.tsv:%d: %q is not one of the reasons in conflict %v", n+1, c[1], x.conflict))
			continue
		}
		x.resolved = true
		x.row = -1
		for _, ri := range t.index.phrases[p].rows {
			r := &t.rows[ri]
			if r.By == "" && x.row < 0 && (string(r.Reason) == c[1] || r.mask() && c[1] == "-") {
				x.reason, x.row = r.Reason, ri
			}
		}
	}
}

// phraseOf returns the index of the phrase that text normalises to.
func (t *textTables) phraseOf(text string) (int32, bool) {
	_, norm, err := t.index.compile(text, false)
	if err != nil {
		return -1, false
	}
	p, ok := t.index.byText[string(norm)]
	return p, ok
}
