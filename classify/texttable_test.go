package classify

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTextTablesLoad fails on every row the loader refused.
func TestTextTablesLoad(t *testing.T) {
	for _, err := range tables.errs {
		t.Error(err)
	}
	require.NotEmpty(t, tables.rows, "no text rows loaded")
}

// realSource is what a row's source must look like: a URL, a file in a
// repository (owner/repo:path), an RFC, or a file of a released version
// of a program ("Exim 4.96: src/route.c").
var realSource = regexp.MustCompile(`^(https?://[^\s]+|[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+:[^\s]+|RFC [0-9]+|[A-Za-z][A-Za-z0-9+ ._-]* [0-9][0-9A-Za-z.+~-]*: [^\s]+)`)

// TestEveryRowHasARealSource checks every row of every table: text rows,
// provider rows, vendor tables, the status registry and the reply codes.
// "Texts common to many receivers" is not a source.
func TestEveryRowHasARealSource(t *testing.T) {
	check := func(what, src string) {
		t.Helper()
		if !realSource.MatchString(src) {
			t.Errorf("%s: source %q is not a URL, owner/repo:path, RFC or \"Program version: path\"", what, src)
		}
	}
	for _, r := range tables.rows {
		check(r.where(), r.Source)
	}
	for _, p := range Providers {
		check("provider "+p.Name, p.Source)
		for i, r := range p.Rules {
			check(fmt.Sprintf("provider %s row %d", p.Name, i+1), r.Source)
		}
	}
	for _, v := range VendorCategoryTables {
		check("vendor "+v.Vendor, v.Source)
	}
	for _, c := range statusCodes {
		check(fmt.Sprintf("status X.%d.%d", c.Subject, c.Detail), c.Source)
	}
	for _, s := range statusSubjects {
		check(fmt.Sprintf("status subject X.%d", s.Subject), s.Source)
	}
	for i, r := range replyRows {
		check("reply "+replyRuleID(i), r.Source)
	}
}

// TestTextConflicts reports every phrase that two rows give different
// reasons (a mask counts as one), across all text tables, and fails on
// those the conflicts table (classify/conflicts.tsv) does not settle.
func TestTextConflicts(t *testing.T) {
	var open []string
	for p, x := range tables.reasons {
		if x.conflict == nil {
			continue
		}
		var where []string
		for _, ri := range tables.index.phrases[p].rows {
			r := &tables.rows[ri]
			name := string(r.Reason)
			if r.mask() {
				name = "-"
			}
			where = append(where, name+" at "+r.where())
		}
		line := fmt.Sprintf("%q: %s", tables.index.phrases[p].Text, strings.Join(where, ", "))
		if x.resolved {
			t.Logf("settled by conflicts.tsv as %s: %s", x.reason, line)
			continue
		}
		open = append(open, line)
	}
	sort.Strings(open)
	for _, l := range open {
		t.Errorf("phrase in conflict (settle it in conflicts.tsv or fix a row): %s", l)
	}
}

// TestStatusRegistry checks the registry's shape: one row per code, in
// order, every reason a failure's.
func TestStatusRegistry(t *testing.T) {
	seen := map[int]bool{}
	prev := -1
	for _, c := range statusCodes {
		k := c.Subject*1000 + c.Detail
		assert.False(t, seen[k], "X.%d.%d twice", c.Subject, c.Detail)
		assert.Greater(t, k, prev, "X.%d.%d out of order", c.Subject, c.Detail)
		seen[k], prev = true, k
		assert.NotEmpty(t, c.Meaning)
		if c.Reason != "" {
			assert.True(t, c.Reason.IsFailure(), "X.%d.%d", c.Subject, c.Detail)
		}
	}
	// Every code RFC 3463 defines (X.0.0, X.1.0-8, X.2.0-4, X.3.0-5,
	// X.4.0-7, X.5.0-5, X.6.0-5, X.7.0-7) and the later ones up to X.7.30.
	for subject, last := range map[int]int{0: 0, 1: 10, 2: 4, 3: 6, 4: 7, 5: 6, 6: 9, 7: 30} {
		for d := 0; d <= last; d++ {
			assert.True(t, seen[subject*1000+d], "X.%d.%d missing", subject, d)
		}
	}
}

// TestReplyRowsOrder checks that a row naming a code and a command comes
// before the rows naming only one of them, and a command before a code.
func TestReplyRowsOrder(t *testing.T) {
	rank := func(r replyRow) int {
		switch {
		case r.Code != 0 && r.Command != "":
			return 0
		case r.Command != "":
			return 1
		}
		return 2
	}
	for i := 1; i < len(replyRows); i++ {
		assert.LessOrEqual(t, rank(replyRows[i-1]), rank(replyRows[i]), "row %d (%s)", i, replyRuleID(i))
	}
}

// TestTablePhrasesReadAsAtRuntime checks that every phrase, read into
// words when the tables were built at package initialisation, reads into
// the same words now: a phrase with accented or Cyrillic letters read
// before the fold table was filled held words no diagnostic text has.
func TestTablePhrasesReadAsAtRuntime(t *testing.T) {
	for _, r := range tables.rows {
		assert.Equal(t, r.phrase, phraseAt(tables.index, r.Phrase), "%s: %q does not read into its phrase's words", r.where(), r.Phrase)
	}
}

// phraseAt returns the phrase of x that text reads as now, walking the
// sealed trie along its words ('*' along the gap edges); -1 if none.
func phraseAt(x *phraseIndex, text string) int32 {
	node := int32(0)
	eachWord(text, nil, true, func(w []byte, _, _ int) {
		switch {
		case node < 0:
		case string(w) == "*":
			node = x.nodes[node].gap
		default:
			node = x.next(node, x.wordID(w))
		}
	})
	if node <= 0 {
		return -1
	}
	return x.nodes[node].phrase
}

func TestIsLangCode(t *testing.T) {
	for _, c := range []struct {
		s    string
		want bool
	}{
		{"en", true}, {"ja", true}, {"ast", true},
		// near misses: empty, one letter, four, upper case, digits, a region
		{"", false}, {"e", false}, {"engl", false}, {"EN", false}, {"e1", false}, {"pt_BR", false},
	} {
		assert.Equal(t, c.want, isLangCode(c.s), "%q", c.s)
	}
}
