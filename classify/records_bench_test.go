package classify_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// BenchmarkClassifyCorpusRecords classifies every corpus message decoded
// once beforehand: the classifier's own cost, without the decoder's.
func BenchmarkClassifyCorpusRecords(b *testing.B) {
	files, err := filepath.Glob(filepath.Join("../testdata/corpus", "bsd", "*.eml"))
	if err != nil || len(files) == 0 {
		b.Fatal("no corpus")
	}
	var reports []*dsn.Report
	for _, f := range files {
		m, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if r, err := dsn.ParseBytes(m, lhost.Registry()); err == nil {
			reports = append(reports, r)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		classify.Records("", reports[i%len(reports)])
	}
}
