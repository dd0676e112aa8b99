package milter

import (
	"os"
	"path/filepath"
	"testing"
)

func BenchmarkTmpEngine(b *testing.B) {
	raw, _ := os.ReadFile(filepath.Join(corpusDir, "bsd", "lhost-postfix-01.eml"))
	buf := make([]byte, len(raw))
	b.ReportAllocs()
	for b.Loop() {
		copy(buf, raw)
		ClassifyMessage("x", buf[:len(raw)])
	}
}
