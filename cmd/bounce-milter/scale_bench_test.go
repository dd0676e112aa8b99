//go:build linux

package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// BenchmarkClassifyScale runs "bounce-milter classify --format json DIR"
// as its own process over directories of 0, 1,000 and 20,000 messages
// (copies of the bundled corpus) and reports, per run, the process's CPU
// time (user and system) per message, the CPU time per message beyond an
// empty run's (start-up set aside), and its peak resident memory: the cost
// of a message must not grow with the number of messages, nor the memory.
//
//	go test -run '^$' -bench ClassifyScale -benchtime 3x ./cmd/bounce-milter
func BenchmarkClassifyScale(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "bounce-milter")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	src, err := filepath.Glob("../../testdata/corpus/bsd/*.eml")
	if err != nil || len(src) == 0 {
		b.Fatal("no corpus")
	}
	var empty time.Duration // an empty run's CPU time, measured first
	for _, n := range []int{0, 1000, 20000} {
		dir := filepath.Join(b.TempDir(), fmt.Sprint(n))
		if err := copyCorpus(dir, src, n); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("msgs=%d", n), func(b *testing.B) {
			var cpu time.Duration
			var rss int64
			for b.Loop() {
				c, r, err := runMeasured(bin, "classify", "--format", "json", dir)
				if err != nil {
					b.Fatal(err)
				}
				cpu += c
				rss = max(rss, r)
			}
			runs := time.Duration(b.N)
			b.ReportMetric(float64(rss)/(1<<20), "peak-MiB")
			b.ReportMetric(float64(cpu/runs)/1e6, "cpu-ms")
			if n == 0 {
				empty = cpu / runs
				return
			}
			b.ReportMetric(float64(cpu/runs)/1e3/float64(n), "cpu-µs/msg")
			b.ReportMetric(float64(cpu/runs-empty)/1e3/float64(n), "cpu-µs/msg-beyond-start")
		})
	}
}

// copyCorpus fills dir with n messages, the files of src in turn.
func copyCorpus(dir string, src []string, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i := range n {
		data, err := os.ReadFile(src[i%len(src)])
		if err != nil {
			return err
		}
		sub := filepath.Join(dir, fmt.Sprintf("%03d", i/1000)) // 1,000 files a directory
		if i%1000 == 0 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return err
			}
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("%05d.eml", i)), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// runMeasured runs a program to its end, its output discarded, and
// returns its CPU time and peak resident memory in bytes.
func runMeasured(prog string, args ...string) (time.Duration, int64, error) {
	cmd := exec.Command(prog, args...)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("%s: %w", prog, err)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, 0, fmt.Errorf("%s: no resource usage", prog)
	}
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return cpu, ru.Maxrss << 10, nil // Maxrss is in KiB on Linux
}
