package classify

import (
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// corpusDiagnostics returns the diagnostic texts of the bundled corpus.
func corpusDiagnostics(tb testing.TB) []string {
	files, err := filepath.Glob("../testdata/corpus/bsd/*.eml")
	if err != nil || len(files) == 0 {
		tb.Fatal("no corpus")
	}
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		r, err := dsn.ParseBytes(b, lhost.Registry())
		if err != nil {
			continue
		}
		for _, rc := range r.Recipients {
			if rc.DiagnosticCode != "" {
				out = append(out, rc.DiagnosticCode)
			}
		}
	}
	return out
}

// syntheticTables returns the real text tables plus n phrases of 2 to 6
// words drawn from the words of texts, so that they share first words
// with real diagnostics and the trie's walks go as deep as they can.
func syntheticTables(tb testing.TB, texts []string, n int) *textTables {
	var pool []string
	seen := map[string]bool{}
	for _, t := range texts {
		eachWord(t, nil, false, func(w []byte, _, _ int) {
			if s := string(w); !seen[s] && s != "@" {
				seen[s] = true
				pool = append(pool, s)
			}
		})
	}
	rnd := rand.New(rand.NewSource(1))
	var b strings.Builder
	for i := 0; i < n; i++ {
		k := 2 + rnd.Intn(5)
		words := make([]string, k)
		for j := range words {
			words[j] = pool[rnd.Intn(len(pool))]
		}
		if k > 3 && rnd.Intn(4) == 0 {
			words[1] = "*"
		}
		fmt.Fprintf(&b, "%s\t%s\thttps://example.org/synthetic\ten\t\n", textPriority[rnd.Intn(len(textPriority))], strings.Join(words, " "))
	}
	mfs := fstest.MapFS{"texts/zz-synthetic.tsv": {Data: []byte(b.String())}}
	names, _ := fs.Glob(textFiles, "texts/*.tsv")
	for _, name := range names {
		data, _ := fs.ReadFile(textFiles, name)
		mfs[name] = &fstest.MapFile{Data: data}
	}
	return buildTables(mfs, "", nil)
}

// BenchmarkTextStage reads every corpus diagnostic into words, finds the
// phrases and settles them, with the real tables and with thousands of
// synthetic phrases more: the cost per text stays nearly flat in the
// number of phrases (issue 12).
func BenchmarkTextStage(b *testing.B) {
	texts := corpusDiagnostics(b)
	for _, n := range []int{0, 1000, 5000, 20000} {
		t := syntheticTables(b, texts, n)
		b.Run(fmt.Sprintf("phrases=%d", len(t.index.phrases)), func(b *testing.B) {
			b.ReportAllocs()
			s := getScan()
			defer putScan(s)
			i := 0
			for b.Loop() {
				s.read(t.index, texts[i%len(texts)])
				resolveText(t, s, "", nil, nil)
				i++
			}
		})
	}
}

// BenchmarkClassifyHugeDiagnostic classifies a fact whose diagnostic text
// is 1 MiB of words: only its first maxScanBytes are read.
func BenchmarkClassifyHugeDiagnostic(b *testing.B) {
	text := strings.Repeat("the quick brown fox jumps over the lazy dog ", 1<<20/44) + "mailbox full"
	r, rc := newFact("5.0.0", text, "", dsn.ActionFailed)
	b.ReportAllocs()
	for b.Loop() {
		ClassifyRecipient(r, rc)
	}
}
