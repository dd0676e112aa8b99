package webhook_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/event"
	"github.com/bounce-milter/bounce-milter/webhook/spool"
)

// TestBurst queues 5,000 events while the receiver holds its requests,
// then lets it answer: every event arrives, the heap stays within a bound
// that does not grow with the payloads, and the spool ends empty.
func TestBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("burst of 5,000 events")
	}
	t.Parallel() // beside the crash test, which mostly waits on its children
	const n = 5_000
	gate := make(chan struct{})
	var once sync.Once
	open := func() { once.Do(func() { close(gate) }) }
	t.Cleanup(open)

	var mu sync.Mutex
	seen := make(map[string]int, n)
	var bad atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !verify(testSecret, r.Header, body) {
			bad.Add(1)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		select {
		case <-gate:
		case <-r.Context().Done():
			return
		}
		mu.Lock()
		seen[r.Header.Get("webhook-id")]++
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)

	cfg := fastConfig(srv.URL)
	cfg.Concurrency = 8
	h := newHarnessAt(t, memoryDir(t), cfg, spool.Options{MaxEntries: n})

	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	stopSampling := make(chan struct{})
	var sampler sync.WaitGroup
	sampler.Go(func() {
		tk := time.NewTicker(10 * time.Millisecond)
		defer tk.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stopSampling:
				return
			case <-tk.C:
			}
		}
	})

	start := time.Now()
	var wg sync.WaitGroup
	var next atomic.Int64
	for range 16 {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= n {
					return
				}
				if err := h.s.Submit(context.Background(), sampleMessage(int(i)), event.HardBounce, sampleFacts("user@example.org")); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	spooled := time.Since(start)
	assert.Equal(t, n, h.sp.Stats().Queued, "all queued while the receiver holds")
	assert.Equal(t, float64(n), h.metric(t, "spool_depth"))

	open()
	waitFor(t, 60*time.Second, "drain", func() bool { return h.sp.Stats().Queued == 0 })
	h.waitMetric(t, 10*time.Second, "events_delivered_total", n)
	drained := time.Since(start) - spooled
	close(stopSampling)
	sampler.Wait()

	mu.Lock()
	defer mu.Unlock()
	assert.Len(t, seen, n, "every event arrived")
	assert.Zero(t, bad.Load(), "bad signatures")
	assert.Equal(t, 0, h.sp.Stats().Dead)
	grew := int64(peak.Load()) - int64(base.HeapInuse)
	t.Logf("spooled %d in %s, drained in %s; heap in use grew at most %.1f MiB", n, spooled, drained, float64(grew)/(1<<20))
	// The index and schedule hold IDs and times, not payloads: about 300
	// bytes an event. 5,000 payloads alone would be over 5 MiB.
	assert.Less(t, grew, int64(16<<20), "heap grew %d bytes", grew)
}

// memoryDir returns a temporary directory on tmpfs (/dev/shm) where there
// is one, else on the test's temporary file system. The burst measures the
// sender's memory and that every event arrives, not the disk: on tmpfs the
// spool's 20,000 fsyncs cost nothing, and twenty runs of the test fit in
// go test's default time limit on a loaded machine. The crash test keeps
// the spool on disk.
func memoryDir(t *testing.T) string {
	t.Helper()
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		if dir, err := os.MkdirTemp("/dev/shm", "bounce-milter-burst-"); err == nil {
			t.Cleanup(func() { os.RemoveAll(dir) })
			return dir
		}
	}
	return t.TempDir()
}
