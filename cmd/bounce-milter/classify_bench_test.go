//go:build linux

package main

import (
	"bufio"
	"encoding/json"
	"io"
	"testing"

	"github.com/bounce-milter/bounce-milter/internal/proc"
)

// BenchmarkClassifyCommand runs the classify command's pipeline in
// process (read, classify, JSON out in input order) over the bundled
// corpus's bsd/ directory: one op is the whole directory, 471 messages,
// fewer than parallelAfter, so classified on one core.
// Its bytes and allocations per op do not depend on the machine's load,
// unlike BenchmarkClassifyScale's process CPU time. cpu-ms is the
// process's CPU time (user and system, all threads) per op.
//
//	go test -run '^$' -bench ClassifyCommand -benchmem -cpu 1,2 ./cmd/bounce-milter
func BenchmarkClassifyCommand(b *testing.B) {
	newWriter := func(w io.Writer) recordWriter {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return &jsonWriter{enc: enc}
	}
	b.ReportAllocs()
	cpu0 := proc.SelfCPU()
	for b.Loop() {
		out := bufio.NewWriterSize(io.Discard, 64<<10)
		c := newClassifier(newWriter, out, io.Discard, nil, false)
		c.path("../../testdata/corpus/bsd")
		c.close()
		if err := out.Flush(); err != nil || c.failed {
			b.Fatalf("classify failed: %v", err)
		}
	}
	b.ReportMetric(float64(proc.SelfCPU()-cpu0)/float64(b.N)/1e6, "cpu-ms")
}
