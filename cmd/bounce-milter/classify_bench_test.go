package main

import (
	"bufio"
	"encoding/json"
	"io"
	"testing"
)

// BenchmarkClassifyCommand runs the classify command's pipeline in
// process (read, classify on every core, JSON out in input order) over
// the bundled corpus's bsd/ directory: one op is the whole directory.
// Its bytes and allocations per op do not depend on the machine's load,
// unlike BenchmarkClassifyScale's process CPU time.
//
//	go test -run '^$' -bench ClassifyCommand -benchmem ./cmd/bounce-milter
func BenchmarkClassifyCommand(b *testing.B) {
	newWriter := func(w io.Writer) recordWriter {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return &jsonWriter{enc: enc}
	}
	b.ReportAllocs()
	for b.Loop() {
		out := bufio.NewWriterSize(io.Discard, 64<<10)
		c := newClassifier(newWriter, out, io.Discard, nil, false)
		c.path("../../testdata/corpus/bsd")
		c.close()
		if err := out.Flush(); err != nil || c.failed {
			b.Fatalf("classify failed: %v", err)
		}
	}
}
