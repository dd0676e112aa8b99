package dsn_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// BenchmarkParseCorpus decodes every message of the corpus once per
// iteration and reports the cost per message.
func BenchmarkParseCorpus(b *testing.B) {
	files, err := filepath.Glob("../testdata/corpus/bsd/*.eml")
	if err != nil || len(files) == 0 {
		b.Fatal("no corpus: ", err)
	}
	msgs := make([][]byte, len(files))
	size := 0
	for i, f := range files {
		if msgs[i], err = os.ReadFile(f); err != nil {
			b.Fatal(err)
		}
		size += len(msgs[i])
	}
	b.SetBytes(int64(size / len(msgs)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := dsn.ParseBytes(msgs[i%len(msgs)], lhost.Registry()); err != nil {
			b.Fatal(err)
		}
	}
}
