package classify_test

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// FuzzRecords runs whatever the decoders make of a message through every
// stage of the classifier, and with --explain's account of it: no input
// may panic, and every fact gets a reason that is one of the vocabulary's
// and the id of the rule that decided it.
//
//	go test -run '^$' -fuzz FuzzRecords -fuzztime 2m ./classify
func FuzzRecords(f *testing.F) {
	files, err := filepath.Glob(filepath.Join(corpusDir, "bsd", "*.eml"))
	require.NoError(f, err)
	for i, name := range files {
		if i%7 != 0 { // a spread of the corpus's formats is seed enough
			continue
		}
		b, err := os.ReadFile(name)
		require.NoError(f, err)
		f.Add(b)
	}
	reasons := map[classify.Reason]bool{}
	for _, r := range classify.Reasons {
		reasons[r] = true
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rep, err := dsn.ParseBytes(b, lhost.Registry())
		if err != nil {
			return
		}
		recs := classify.Records("fuzz", rep)
		for _, r := range recs {
			require.True(t, reasons[r.Reason], "reason %q is not in the vocabulary", r.Reason)
			require.NotEmpty(t, r.Rule, "a verdict without the rule that decided it")
			require.True(t, utf8.ValidString(r.Rule), "rule id %q", r.Rule)
		}
		for i := range rep.Recipients {
			_ = classify.Explain(rep, &rep.Recipients[i])
		}
	})
}
