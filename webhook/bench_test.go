package webhook_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/bounce-milter/bounce-milter/event"
	"github.com/bounce-milter/bounce-milter/sink"
	"github.com/bounce-milter/bounce-milter/webhook"
	"github.com/bounce-milter/bounce-milter/webhook/spool"
)

// BenchmarkSubmit measures what spooling adds to a bounce's milter answer:
// one Submit (encode, write, fsync, rename, fsync the directory), alone
// and with 16 milter sessions submitting at once. It reports the p50 and
// p99 of one Submit in microseconds.
func BenchmarkSubmit(b *testing.B) {
	for _, par := range []int{1, 16} {
		name := "serial"
		if par > 1 {
			name = "parallel16"
		}
		b.Run(name, func(b *testing.B) {
			sp, err := spool.Open(b.TempDir(), spool.Options{MaxEntries: 1 << 30, MaxBytes: 1 << 40})
			if err != nil {
				b.Fatal(err)
			}
			defer sp.Close()
			// Not started: this measures the submit path alone.
			s, err := webhook.New(sp, fastConfig("http://127.0.0.1:9/"))
			if err != nil {
				b.Fatal(err)
			}
			msg, facts := sampleMessage(1), sampleFacts("alice@example.org")
			lat := make([]time.Duration, b.N)
			var mu sync.Mutex
			next := 0
			b.ResetTimer()
			var wg sync.WaitGroup
			for range par {
				wg.Go(func() {
					for {
						mu.Lock()
						i := next
						next++
						mu.Unlock()
						if i >= b.N {
							return
						}
						t0 := time.Now()
						if err := s.Submit(context.Background(), msg, event.HardBounce, facts); err != nil {
							b.Error(err)
							return
						}
						lat[i] = time.Since(t0)
					}
				})
			}
			wg.Wait()
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
		})
	}
}

// BenchmarkDelivery measures delivered events per second: b.N events are
// spooled first (not timed), then the sender (concurrency 8) drains them
// to a loopback receiver that answers 204.
func BenchmarkDelivery(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	sp, err := spool.Open(b.TempDir(), spool.Options{MaxEntries: 1 << 30, MaxBytes: 1 << 40})
	if err != nil {
		b.Fatal(err)
	}
	defer sp.Close()
	cfg := fastConfig(srv.URL)
	cfg.Concurrency = 8
	cfg.RescanInterval = sink.DefaultRescanInterval
	s, err := webhook.New(sp, cfg)
	if err != nil {
		b.Fatal(err)
	}
	var wg sync.WaitGroup
	per := (b.N + 15) / 16
	for g := range 16 {
		wg.Go(func() {
			for i := g * per; i < min((g+1)*per, b.N); i++ {
				if err := s.Submit(context.Background(), sampleMessage(i), event.HardBounce, sampleFacts("alice@example.org")); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b.ResetTimer()
	start := time.Now()
	s.Start(ctx)
	for sp.Queue(webhook.Name).Stats().Queued > 0 {
		time.Sleep(time.Millisecond)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "events/s")
	stop, c := context.WithTimeout(context.Background(), 5*time.Second)
	defer c()
	s.Stop(stop)
}
