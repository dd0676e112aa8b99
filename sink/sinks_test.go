package sink_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/event"
	"github.com/bounce-milter/bounce-milter/internal/brokertest"
	"github.com/bounce-milter/bounce-milter/sink"
	"github.com/bounce-milter/bounce-milter/sink/kafkasink"
	"github.com/bounce-milter/bounce-milter/sink/natssink"
	"github.com/bounce-milter/bounce-milter/webhook"
	"github.com/bounce-milter/bounce-milter/webhook/spool"
)

var secret = "whsec_" + base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))

// receiver is a loopback webhook endpoint recording each body by
// webhook-id; gate, when set, holds every request until it is closed.
type receiver struct {
	srv  *httptest.Server
	gate chan struct{}
	mu   sync.Mutex
	got  map[string][]byte
	code atomic.Int32 // the answer; 0: 204
}

func newReceiver(t testing.TB, gate chan struct{}) *receiver {
	r := &receiver{gate: gate, got: map[string][]byte{}}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		if r.gate != nil {
			<-r.gate
		}
		if c := r.code.Load(); c != 0 {
			w.WriteHeader(int(c))
			return
		}
		r.mu.Lock()
		r.got[req.Header.Get("webhook-id")] = body
		r.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) bodies() map[string][]byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string][]byte, len(r.got))
	for k, v := range r.got {
		out[k] = v
	}
	return out
}

// rig is a hub over a fresh spool with the sinks a test asks for.
type rig struct {
	sp  *spool.Spool
	hub *sink.Hub
	reg *prometheus.Registry
}

func fast(cfg sink.Config) sink.Config {
	cfg.MinBackoff, cfg.MaxBackoff, cfg.RescanInterval = 20*time.Millisecond, 200*time.Millisecond, 100*time.Millisecond
	return cfg
}

func newRig(t testing.TB, log *slog.Logger, cfgs ...sink.Config) *rig {
	t.Helper()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var names []string
	for _, c := range cfgs {
		names = append(names, c.Name)
	}
	sp, err := spool.Open(t.TempDir(), spool.Options{Queues: names})
	require.NoError(t, err)
	reg := prometheus.NewRegistry()
	var ds []*sink.Drainer
	ctx, cancel := context.WithCancel(context.Background())
	for _, c := range cfgs {
		c = fast(c)
		c.Logger, c.Registerer = log, reg
		d, err := sink.NewDrainer(sp.Queue(c.Name), c)
		require.NoError(t, err)
		ds = append(ds, d)
	}
	hub, err := sink.NewHub(sp, log, ds...)
	require.NoError(t, err)
	for _, d := range ds {
		d.Start(ctx)
	}
	t.Cleanup(func() {
		sctx, c := context.WithTimeout(context.Background(), 5*time.Second)
		defer c()
		for _, d := range ds {
			d.Stop(sctx)
		}
		for _, c := range cfgs {
			c.Publisher.Close()
		}
		cancel()
		sp.Close()
	})
	return &rig{sp: sp, hub: hub, reg: reg}
}

func webhookSink(t testing.TB, url string) sink.Config {
	t.Helper()
	signer, err := webhook.ParseSecrets(secret)
	require.NoError(t, err)
	sc, err := webhook.NewSink(webhook.Config{URL: url, Signer: signer, Concurrency: 16, Timeout: 10 * time.Second})
	require.NoError(t, err)
	return sc
}

func natsSink(t testing.TB, url string, signer ...sink.Signer) sink.Config {
	t.Helper()
	cfg := natssink.Config{URL: url, Timeout: 5 * time.Second, Logger: slog.New(slog.DiscardHandler)}
	if len(signer) > 0 {
		cfg.Signer = signer[0]
	}
	p, secrets, err := natssink.New(cfg)
	require.NoError(t, err)
	return sink.Config{Name: natssink.Name, Publisher: p, Ordered: true, Secrets: secrets}
}

func kafkaSink(t testing.TB, brokers string, signer ...sink.Signer) sink.Config {
	t.Helper()
	cfg := kafkasink.Config{Brokers: strings.Split(brokers, ","), Topic: brokertest.Topic, Timeout: 5 * time.Second}
	if len(signer) > 0 {
		cfg.Signer = signer[0]
	}
	p, secrets, err := kafkasink.New(cfg)
	require.NoError(t, err)
	return sink.Config{Name: kafkasink.Name, Publisher: p, Ordered: true, Secrets: secrets}
}

func facts(rcpt string) []classify.Record {
	return []classify.Record{{Recipient: rcpt, Reason: classify.UserUnknown, HardBounce: true, DeliveryStatus: "5.1.1"}}
}

// submitMany submits n bounces from 16 goroutines, as 16 milter sessions
// would, and returns the time each Submit took.
func submitMany(t testing.TB, hub *sink.Hub, n int) []time.Duration {
	t.Helper()
	var next atomic.Int64
	lat := make([]time.Duration, n)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				start := time.Now()
				err := hub.Submit(context.Background(), event.Message{QueueID: fmt.Sprintf("B%05d", i)}, event.HardBounce,
					facts(fmt.Sprintf("r%d@example.org", i%97)))
				lat[i] = time.Since(start)
				if err != nil {
					t.Errorf("submit %d: %v", i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	return lat
}

func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestBurstReachesEverySink spools a burst of 10,000 bounces for the
// webhook, a JetStream server and a Kafka cluster (kfake, which speaks the
// Kafka protocol) at once while the webhook receiver holds every request:
// the streams drain all of it meanwhile (a slow sink holds no other back);
// then the receiver lets go and the webhook drains too. Every sink gets
// the same events, with the same IDs and the same bytes, and every queue
// ends empty.
func TestBurstReachesEverySink(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 fsynced events")
	}
	const n = 10_000
	gate := make(chan struct{})
	rcv := newReceiver(t, gate)
	ns := brokertest.StartNATS(t)
	brokertest.CreateStream(t, ns.URL(), 1)
	k := brokertest.StartKafka(t, 1, 4)
	r := newRig(t, nil, webhookSink(t, rcv.srv.URL), natsSink(t, ns.URL()), kafkaSink(t, k.Brokers()))

	start := time.Now()
	submitMany(t, r.hub, n)
	t.Logf("%d events spooled for 3 sinks in %s", n, time.Since(start).Round(time.Millisecond))
	waitFor(t, 120*time.Second, "the streams to drain", func() bool {
		return r.sp.Queue("nats").Stats().Queued == 0 && r.sp.Queue("kafka").Stats().Queued == 0
	})
	t.Logf("streams drained %s after the first event", time.Since(start).Round(time.Millisecond))
	assert.Equal(t, n, r.sp.Queue("webhook").Stats().Queued, "the held webhook still has every event")
	close(gate)
	waitFor(t, 120*time.Second, "the webhook to drain", func() bool { return r.sp.Queue("webhook").Stats().Queued == 0 })

	hooks := rcv.bodies()
	require.Len(t, hooks, n)
	msgs := brokertest.ReadStream(t, ns.URL())
	require.Len(t, msgs, n, "no duplicate in the stream")
	recs := brokertest.ReadTopic(t, k.Brokers())
	require.Len(t, recs, n)
	for _, m := range msgs {
		body, ok := hooks[m.Header.Get("Nats-Msg-Id")]
		require.True(t, ok, "stream event %s posted to the webhook too", m.Header.Get("Nats-Msg-Id"))
		require.True(t, bytes.Equal(body, m.Data), "the same bytes")
	}
	for _, rec := range recs {
		var id string
		for _, h := range rec.Headers {
			if h.Key == kafkasink.HeaderEventID {
				id = string(h.Value)
			}
		}
		body, ok := hooks[id]
		require.True(t, ok, "kafka event %s posted to the webhook too", id)
		require.True(t, bytes.Equal(body, rec.Value), "the same bytes")
	}
	for _, q := range r.sp.Queues() {
		assert.Zero(t, q.Stats().Dead, q.Name())
	}
}

// logRecorder keeps the warnings a drainer logs.
type logRecorder struct {
	mu   sync.Mutex
	msgs []string
	all  bytes.Buffer
}

func (l *logRecorder) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		l.mu.Lock()
		defer l.mu.Unlock()
		if bytes.Contains(p, []byte("level=WARN")) {
			l.msgs = append(l.msgs, string(p))
		}
		return l.all.Write(p)
	}), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func (l *logRecorder) count(sub string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, m := range l.msgs {
		if strings.Contains(m, sub) {
			n++
		}
	}
	return n
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// TestOneWarningWhenFailingOneWhenRecovered: a receiver down for many
// retries gives one warning when the sink starts failing and one when it
// recovers, whatever the number of retries; the URL's token and
// password appear in no log line (debug included), attempt file or dead
// letter.
func TestOneWarningWhenFailingOneWhenRecovered(t *testing.T) {
	const token, pass = "tok-9f8e7d6c5b4a", "pw-0a1b2c3d4e"
	rcv := newReceiver(t, nil)
	rcv.code.Store(http.StatusServiceUnavailable)
	u := strings.Replace(rcv.srv.URL, "http://", "http://hook:"+pass+"@", 1) + "/in?token=" + token + "&v=1"
	logs := &logRecorder{}
	r := newRig(t, logs.logger(), webhookSink(t, u))
	for i := range 5 {
		require.NoError(t, r.hub.Submit(context.Background(), event.Message{QueueID: fmt.Sprint(i)}, event.SoftBounce, facts("a@example.org")))
	}
	q := r.sp.Queue("webhook")
	waitFor(t, 30*time.Second, "twenty retries", func() bool {
		n := 0
		for _, a := range q.Attempts() {
			n += a.Attempts
		}
		return n >= 20
	})
	for id, a := range q.Attempts() {
		assert.NotContains(t, a.LastError, token, id)
		assert.NotContains(t, a.LastError, pass, id)
		assert.Contains(t, a.LastError, "HTTP 503 from http://[redacted]@127.0.0.1")
		assert.Contains(t, a.LastError, "token=[redacted]")
		assert.False(t, a.Next.IsZero())
	}
	rcv.code.Store(0)
	waitFor(t, 30*time.Second, "drained", func() bool { return q.Stats().Queued == 0 })
	waitFor(t, 5*time.Second, "the recovery line", func() bool { return logs.count("sink recovered") == 1 })
	assert.Equal(t, 1, logs.count("sink failing"), "one warning for every retry: %v", logs.msgs)
	assert.Equal(t, 1, logs.count("sink recovered"))

	// A rejection for good: the dead letter's reason, without secrets.
	rcv.code.Store(http.StatusGone)
	require.NoError(t, r.hub.Submit(context.Background(), event.Message{QueueID: "gone"}, event.HardBounce, facts("a@example.org")))
	waitFor(t, 10*time.Second, "dead letter", func() bool { return q.Stats().Dead == 1 })
	dead, err := q.List(spool.Dead)
	require.NoError(t, err)
	assert.Equal(t, "rejected after 1 attempt: HTTP 410 from http://[redacted]@"+strings.TrimPrefix(rcv.srv.URL, "http://")+"/in?token=[redacted]&v=[redacted]", dead[0].Reason)
	logs.mu.Lock()
	all := logs.all.String()
	logs.mu.Unlock()
	assert.NotContains(t, all, token)
	assert.NotContains(t, all, pass)
}

// TestFilteredEventGetsItsOwnID: a webhook filter that narrows an event
// gives the narrowed copy its own ID, so that one ID never names two
// payloads across sinks; the streams get the whole event.
func TestFilteredEventGetsItsOwnID(t *testing.T) {
	rcv := newReceiver(t, nil)
	ns := brokertest.StartNATS(t)
	brokertest.CreateStream(t, ns.URL(), 1)
	signer, err := webhook.ParseSecrets(secret)
	require.NoError(t, err)
	wc, err := webhook.NewSink(webhook.Config{URL: rcv.srv.URL, Signer: signer, Reasons: []classify.Reason{classify.MailboxFull}})
	require.NoError(t, err)
	r := newRig(t, nil, wc, natsSink(t, ns.URL()))
	two := append(facts("a@example.org"), classify.Record{Recipient: "b@example.org", Reason: classify.MailboxFull})
	require.NoError(t, r.hub.Submit(context.Background(), event.Message{QueueID: "Q"}, event.HardBounce, two))
	require.NoError(t, r.hub.Submit(context.Background(), event.Message{QueueID: "Q2"}, event.HardBounce, facts("c@example.org")))
	waitFor(t, 10*time.Second, "delivery", func() bool {
		return len(rcv.bodies()) == 1 && r.sp.Queue("nats").Stats().Queued == 0
	})
	msgs := brokertest.ReadStream(t, ns.URL())
	require.Len(t, msgs, 2, "the streams take every event")
	for id := range rcv.bodies() {
		for _, m := range msgs {
			assert.NotEqual(t, id, m.Header.Get("Nats-Msg-Id"))
		}
	}
}
