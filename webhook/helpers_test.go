package webhook_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/event"
	"github.com/bounce-milter/bounce-milter/webhook"
	"github.com/bounce-milter/bounce-milter/webhook/spool"
)

// testSecret is 32 fixed bytes in the specification's serialisation.
var testSecret = "whsec_" + base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))

// attempt is one request a receiver saw.
type attempt struct {
	at   time.Time
	id   string
	body []byte
}

// receiver is a webhook endpoint on loopback that verifies every request
// with verify (example_test.go: written from the specification with the
// standard library, sharing no code with package webhook) and records it. respond decides the answer to
// the n-th attempt (from 1) at an ID; nil answers 204.
type receiver struct {
	t       testing.TB
	srv     *httptest.Server
	secret  string
	respond func(id string, n int, w http.ResponseWriter) int

	mu       sync.Mutex
	attempts map[string][]attempt
	ok       map[string]int // 2xx answers per ID
	badSig   int
}

func newReceiver(t testing.TB, respond func(id string, n int, w http.ResponseWriter) int) *receiver {
	r := &receiver{t: t, secret: testSecret, respond: respond, attempts: map[string][]attempt{}, ok: map[string]int{}}
	r.srv = httptest.NewServer(r)
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(io.LimitReader(req.Body, 1<<20))
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/json" {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	if !verify(r.secret, req.Header, body) {
		r.mu.Lock()
		r.badSig++
		r.mu.Unlock()
		r.t.Errorf("receiver: bad signature on %s", req.Header.Get("webhook-id"))
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	id := req.Header.Get("webhook-id")
	r.mu.Lock()
	r.attempts[id] = append(r.attempts[id], attempt{at: time.Now(), id: id, body: body})
	n := len(r.attempts[id])
	r.mu.Unlock()
	code := http.StatusNoContent
	if r.respond != nil {
		code = r.respond(id, n, w)
	}
	if code >= 200 && code < 300 {
		r.mu.Lock()
		r.ok[id]++
		r.mu.Unlock()
	}
	w.WriteHeader(code)
	if code >= 400 {
		w.Write([]byte("no thanks"))
	}
}

// delivered returns the number of IDs answered with a 2xx.
func (r *receiver) delivered() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.ok)
}

func (r *receiver) attemptsOf(id string) []attempt {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]attempt(nil), r.attempts[id]...)
}

func (r *receiver) ids() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for id := range r.attempts {
		out = append(out, id)
	}
	return out
}

// harness is a sender on a fresh spool with its own metrics registry.
type harness struct {
	sp  *spool.Queue // the webhook's queue
	s   *webhook.Sender
	reg *prometheus.Registry
}

// fastConfig retries in milliseconds so that tests run quickly.
func fastConfig(url string) webhook.Config {
	signer, err := webhook.ParseSecrets(testSecret)
	if err != nil {
		panic(err)
	}
	return webhook.Config{
		URL:            url,
		Signer:         signer,
		Concurrency:    4,
		MinBackoff:     5 * time.Millisecond,
		MaxBackoff:     50 * time.Millisecond,
		Timeout:        5 * time.Second,
		RescanInterval: 50 * time.Millisecond,
		Logger:         slog.New(slog.DiscardHandler),
	}
}

func newHarness(t testing.TB, cfg webhook.Config, opts spool.Options) *harness {
	t.Helper()
	return newHarnessAt(t, t.TempDir(), cfg, opts)
}

// newHarnessAt is newHarness with the spool in dir.
func newHarnessAt(t testing.TB, dir string, cfg webhook.Config, opts spool.Options) *harness {
	t.Helper()
	sp, err := spool.Open(dir, opts)
	require.NoError(t, err)
	reg := prometheus.NewRegistry()
	cfg.Registerer = reg
	s, err := webhook.New(sp, cfg)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	s.Start(ctx)
	t.Cleanup(func() {
		stopCtx, c := context.WithTimeout(context.Background(), 5*time.Second)
		defer c()
		s.Stop(stopCtx)
		cancel()
		sp.Close()
	})
	return &harness{sp: sp.Queue(webhook.Name), s: s, reg: reg}
}

// metric returns the value of a counter or gauge (summed over labels) or
// a histogram's count.
func (h *harness) metric(t testing.TB, name string) float64 {
	t.Helper()
	mfs, err := h.reg.Gather()
	require.NoError(t, err)
	for _, mf := range mfs {
		if mf.GetName() != "bounce_milter_webhook_"+name {
			continue
		}
		var v float64
		for _, m := range mf.GetMetric() {
			switch {
			case m.Counter != nil:
				v += m.Counter.GetValue()
			case m.Gauge != nil:
				v += m.Gauge.GetValue()
			case m.Histogram != nil:
				v += float64(m.Histogram.GetSampleCount())
			}
		}
		return v
	}
	t.Fatalf("no metric %s", name)
	return 0
}

// waitMetric polls a metric until it has the value want (counters are
// incremented after the effect a test sees first, so a test reads them
// only once they got there) or the timeout passes.
func (h *harness) waitMetric(t testing.TB, timeout time.Duration, name string, want float64) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		got := h.metric(t, name)
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("metric %s is %v after %s, want %v", name, got, timeout, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitFor polls cond until it holds or the timeout passes.
func waitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func sampleMessage(n int) event.Message {
	return event.Message{
		QueueID:   fmt.Sprintf("Q%06d", n),
		MessageID: fmt.Sprintf("<bounce-%d@mx.example.net>", n),
		Subject:   "Undelivered Mail Returned to Sender",
		From:      "MAILER-DAEMON@mx.example.net",
		Size:      4321,
	}
}

func sampleFacts(recipients ...string) []classify.Record {
	var out []classify.Record
	for _, r := range recipients {
		out = append(out, classify.Record{
			Action: "failed", Addresser: "news@example.com", Recipient: r,
			DeliveryStatus: "5.1.1", Reason: classify.UserUnknown, HardBounce: true,
			ReplyCode: "550", RHost: "mx.example.org", Rule: "status-5.1.1",
			DiagnosticType: "SMTP", DiagnosticCode: "550 5.1.1 <" + r + ">: Recipient address rejected: User unknown",
			Destination: "example.org", SenderDomain: "example.com", DecodedBy: "rfc3464",
		})
	}
	return out
}

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	l.Close()
	return addr
}

func decodeEvent(t testing.TB, body []byte) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(body, &m))
	return m
}
