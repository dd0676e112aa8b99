package milter

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	gomilter "github.com/d--j/go-milter"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/internal/proc"
)

// The benchmarks drive the milter through the milter protocol in-process:
// go-milter's client plays the MTA over loopback TCP. Each op is one whole
// message (MAIL FROM to the final answer). They report messages per
// second and the p50 and p99 latency of one message as the MTA sees it.

// benchMessages runs b.N messages through the bounce milter on one
// connection and reports; the first, before the timer, is checked.
func benchMessages(b *testing.B, mailFrom string, raw []byte, wantEOH gomilter.ActionType) {
	_, c := testServer(b, Config{})
	benchSerial(b, c, mailFrom, raw, func(o outcome) {
		require.Equal(b, wantEOH, o.eoh)
		if wantEOH == gomilter.ActionContinue {
			require.NotEmpty(b, o.added(), "the bounce is stamped")
		}
	})
}

// benchSerial sends raw b.N times through c on one connection, one after
// another, and reports. check, if not nil, sees the warm-up's outcome.
func benchSerial(b *testing.B, c *gomilter.Client, mailFrom string, raw []byte, check func(outcome)) {
	fields, body := splitMessage(raw)
	o := sendMessage(b, c, nil, mailFrom, "QBENCH", fields, body) // warm up
	if check != nil {
		check(o)
	}
	s := o.sess
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu := time.Now(), proc.SelfCPU()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		sendMessage(b, c, s, mailFrom, "QBENCH", fields, body)
		lat = append(lat, time.Since(t0))
	}
	elapsed, cpu := time.Since(start), proc.SelfCPU()-cpu
	b.StopTimer()
	report(b, lat, elapsed, cpu)
}

// benchParallel sends msgs in turn through c from 2 × GOMAXPROCS
// connections, as an MTA with several smtpd processes does, and reports.
func benchParallel(b *testing.B, c *gomilter.Client, msgs []benchMsg) {
	var mu sync.Mutex
	var lat []time.Duration
	b.SetParallelism(2)
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu := time.Now(), proc.SelfCPU()
	b.RunParallel(func(pb *testing.PB) {
		var s *gomilter.ClientSession
		local := make([]time.Duration, 0, 1024)
		i := 0
		for pb.Next() {
			m := msgs[i%len(msgs)]
			i++
			t0 := time.Now()
			s = sendMessage(b, c, s, "", "QPAR", m.fields, m.body).sess
			local = append(local, time.Since(t0))
		}
		mu.Lock()
		lat = append(lat, local...)
		mu.Unlock()
	})
	elapsed, cpu := time.Since(start), proc.SelfCPU()-cpu
	b.StopTimer()
	report(b, lat, elapsed, cpu)
}

// benchMsg is a stored message as the MTA passes it.
type benchMsg struct {
	fields [][2]string
	body   []byte
}

// postfixBounces reads the corpus's Postfix DSNs.
func postfixBounces() ([]benchMsg, error) {
	files, err := filepath.Glob(filepath.Join(corpusDir, "bsd", "lhost-postfix-*.eml"))
	if err == nil && len(files) == 0 {
		err = errors.New("no lhost-postfix-*.eml in the corpus")
	}
	if err != nil {
		return nil, err
	}
	msgs := make([]benchMsg, 0, len(files))
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		fields, body := splitMessage(raw)
		msgs = append(msgs, benchMsg{fields, body})
	}
	return msgs, nil
}

// report adds msg/s, the process's CPU time per message (the test MTA's
// and the milter's: against a floor benchmark's, the difference is the
// milter's own, and it depends less on the machine's load than the
// times do), p50, p90 and p99 to the benchmark's output.
func report(b *testing.B, lat []time.Duration, elapsed, cpu time.Duration) {
	slices.Sort(lat)
	if len(lat) == 0 {
		return
	}
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "msg/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(len(lat)), "cpu-µs/msg")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*90/100].Microseconds()), "p90-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkNonBounce: an ordinary message, accepted at the end of its
// header; the body is never sent.
func BenchmarkNonBounce(b *testing.B) {
	benchMessages(b, "alice@example.org", []byte(ordinary), gomilter.ActionAccept)
}

// BenchmarkBounce: a corpus bounce (Postfix's DSN), read, classified and
// stamped.
func BenchmarkBounce(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join(corpusDir, "bsd", "lhost-postfix-01.eml"))
	require.NoError(b, err)
	benchMessages(b, "", raw, gomilter.ActionContinue)
}

// BenchmarkBounceParallel: corpus bounces from as many connections as
// GOMAXPROCS × 2: the throughput of one milter process.
func BenchmarkBounceParallel(b *testing.B) {
	msgs, err := postfixBounces()
	require.NoError(b, err)
	_, c := testServer(b, Config{})
	benchParallel(b, c, msgs)
}
