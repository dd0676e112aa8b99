package webhook_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
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
	"github.com/bounce-milter/bounce-milter/webhook"
	"github.com/bounce-milter/bounce-milter/webhook/spool"
	"github.com/bounce-milter/bounce-milter/webhook/spool/spooltest"
)

func TestSignerPublishedVector(t *testing.T) {
	// The test vector of the Standard Webhooks reference libraries: a
	// receiver using them accepts what we sign only if we reproduce it.
	s, err := webhook.ParseSecrets("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	require.NoError(t, err)
	got := s.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, []byte(`{"test": 2432232314}`))
	assert.Equal(t, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", got)
}

func TestParseSecrets(t *testing.T) {
	tests := []struct {
		in   string
		sigs int // signatures per request; 0 for an error
	}{
		{testSecret, 1},
		{testSecret + "\n", 1},
		{testSecret + " whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", 2},
		{"", 0},
		{"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", 0},    // no prefix
		{"whsec_not*base64", 0},                    // bad base64
		{"whsec_c2hvcnQ=", 0},                      // 5 bytes: under the 24 the spec asks
		{testSecret + " whsec_c2hvcnQ=", 0},        // one bad among good
		{"whsec_" + strings.Repeat("QUFB", 30), 0}, // 90 bytes: over 64
	}
	for _, tt := range tests {
		s, err := webhook.ParseSecrets(tt.in)
		if tt.sigs == 0 {
			assert.ErrorIs(t, err, webhook.ErrBadSecret, "%q", tt.in)
			continue
		}
		require.NoError(t, err, "%q", tt.in)
		assert.Len(t, strings.Fields(s.Sign("msg_1", 1, nil)), tt.sigs)
	}
}

func TestDeliverSignedPayload(t *testing.T) {
	rcv := newReceiver(t, nil)
	h := newHarness(t, fastConfig(rcv.srv.URL), spool.Options{})
	facts := sampleFacts("alice@example.org", "bob@example.org")
	require.NoError(t, h.s.Submit(context.Background(), sampleMessage(1), event.HardBounce, facts))
	waitFor(t, 10*time.Second, "delivery", func() bool { return rcv.delivered() == 1 })

	id := rcv.ids()[0]
	at := rcv.attemptsOf(id)
	require.Len(t, at, 1)
	ev := decodeEvent(t, at[0].body)
	assert.Equal(t, float64(1), ev["version"])
	assert.Equal(t, "bounce.hard_bounce", ev["type"])
	assert.Equal(t, "hard_bounce", ev["kind"])
	assert.Equal(t, id, ev["id"], "webhook-id is the payload id")
	created, err := time.Parse(time.RFC3339Nano, ev["created_at"].(string))
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now(), created, time.Minute)
	assert.Equal(t, map[string]any{
		"queue_id": "Q000001", "message_id": "<bounce-1@mx.example.net>",
		"subject": "Undelivered Mail Returned to Sender", "from": "MAILER-DAEMON@mx.example.net", "size": float64(4321),
	}, ev["message"])
	got := ev["facts"].([]any)
	require.Len(t, got, 2)
	f0 := got[0].(map[string]any)
	// The same object as `classify --format json` prints.
	assert.Equal(t, "alice@example.org", f0["recipient"])
	assert.Equal(t, "userunknown", f0["reason"])
	assert.Equal(t, true, f0["hardbounce"])
	assert.Equal(t, "5.1.1", f0["deliverystatus"])
	assert.Equal(t, "status-5.1.1", f0["rule"])
	assert.Contains(t, f0, "token")

	waitFor(t, 5*time.Second, "spool empty", func() bool { return h.sp.Stats().Queued == 0 })
	h.waitMetric(t, 5*time.Second, "events_delivered_total", 1)
	assert.Equal(t, 1.0, h.metric(t, "events_spooled_total"))
	h.waitMetric(t, 5*time.Second, "delivery_latency_seconds", 1)
	assert.Equal(t, 0.0, h.metric(t, "spool_depth"))
	assert.Equal(t, 0.0, h.metric(t, "spool_oldest_age_seconds"))
}

func TestReceiverDownThenUp(t *testing.T) {
	addr := freeAddr(t) // nothing listens: connection refused
	cfg := fastConfig("http://" + addr + "/hook")
	h := newHarness(t, cfg, spool.Options{})
	const n = 50
	for i := range n {
		require.NoError(t, h.s.Submit(context.Background(), sampleMessage(i), event.SoftBounce, sampleFacts("x@example.org")))
	}
	waitFor(t, 10*time.Second, "retries while down", func() bool { return h.metric(t, "events_retried_total") >= 2*n })
	assert.Equal(t, float64(n), h.metric(t, "spool_depth"))
	assert.Greater(t, h.metric(t, "spool_oldest_age_seconds"), 0.0)
	assert.Equal(t, 0.0, h.metric(t, "events_delivered_total"))

	// The receiver comes up on the same address.
	rcv := newReceiver(t, nil)
	rcv.srv.Close()
	l, err := net.Listen("tcp", addr)
	require.NoError(t, err)
	srv := httptest.NewUnstartedServer(rcv)
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)

	waitFor(t, 20*time.Second, "every event", func() bool { return rcv.delivered() == n })
	waitFor(t, 5*time.Second, "spool empty", func() bool { return h.sp.Stats().Queued == 0 })
	h.waitMetric(t, 5*time.Second, "events_delivered_total", n)
	assert.Equal(t, 0.0, h.metric(t, "events_dead_lettered_total"))
}

func TestRetryAfterHonoured(t *testing.T) {
	tests := []struct {
		name  string
		value func() string
		min   time.Duration
	}{
		{"seconds", func() string { return "1" }, 950 * time.Millisecond},
		// An HTTP-date has whole seconds: now+2s truncated is at least 1s off.
		{"http-date", func() string { return time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat) }, 950 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rcv := newReceiver(t, func(id string, n int, w http.ResponseWriter) int {
				if n == 1 {
					w.Header().Set("Retry-After", tt.value())
					return http.StatusTooManyRequests
				}
				return http.StatusOK
			})
			h := newHarness(t, fastConfig(rcv.srv.URL), spool.Options{})
			require.NoError(t, h.s.Submit(context.Background(), sampleMessage(1), event.HardBounce, sampleFacts("a@example.org")))
			waitFor(t, 10*time.Second, "delivery", func() bool { return rcv.delivered() == 1 })
			at := rcv.attemptsOf(rcv.ids()[0])
			require.Len(t, at, 2)
			gap := at[1].at.Sub(at[0].at)
			assert.GreaterOrEqual(t, gap, tt.min, "Retry-After %s not honoured", tt.name)
			assert.Less(t, gap, 5*time.Second)
			assert.Equal(t, at[0].id, at[1].id, "webhook-id stable across retries")
			assert.Equal(t, 1.0, h.metric(t, "events_retried_total"))
		})
	}
}

func TestStatusOutcomes(t *testing.T) {
	tests := []struct {
		name   string
		codes  []int // answers in order; the last repeats
		dead   bool
		reason string
	}{
		{"400 dead letter", []int{400}, true, "rejected after 1 attempt: HTTP 400"},
		{"401 dead letter", []int{401}, true, "rejected after 1 attempt: HTTP 401"},
		{"404 dead letter", []int{404}, true, "rejected after 1 attempt: HTTP 404"},
		{"410 dead letter", []int{410}, true, "rejected after 1 attempt: HTTP 410"},
		{"redirect not followed", []int{301}, true, "rejected after 1 attempt: HTTP 301"},
		{"500 retried", []int{500, 500, 200}, false, ""},
		{"502 retried", []int{502, 202}, false, ""},
		{"503 retried", []int{503, 204}, false, ""},
		{"408 retried", []int{408, 200}, false, ""},
		{"429 retried", []int{429, 200}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rcv := newReceiver(t, func(id string, n int, w http.ResponseWriter) int {
				c := tt.codes[min(n, len(tt.codes))-1]
				if c == 301 {
					w.Header().Set("Location", "/elsewhere")
				}
				return c
			})
			h := newHarness(t, fastConfig(rcv.srv.URL), spool.Options{})
			require.NoError(t, h.s.Submit(context.Background(), sampleMessage(1), event.HardBounce, sampleFacts("a@example.org")))
			if tt.dead {
				waitFor(t, 10*time.Second, "dead letter", func() bool { return h.sp.Stats().Dead == 1 })
				dead, err := h.sp.List(spool.Dead)
				require.NoError(t, err)
				require.Len(t, dead, 1)
				assert.Contains(t, dead[0].Reason, tt.reason)
				assert.NotRegexp(t, `: $|\b1 attempts`, dead[0].Reason, "no empty tail, no wrong plural")
				h.waitMetric(t, 5*time.Second, "events_dead_lettered_total", 1)
				assert.Len(t, rcv.attemptsOf(dead[0].ID), 1, "no retry after %v", tt.codes)
			} else {
				waitFor(t, 10*time.Second, "delivery", func() bool { return rcv.delivered() == 1 })
				assert.Len(t, rcv.attemptsOf(rcv.ids()[0]), len(tt.codes))
				waitFor(t, 5*time.Second, "spool empty", func() bool { return h.sp.Stats().Queued == 0 })
				assert.Equal(t, 0, h.sp.Stats().Dead)
			}
			assert.Equal(t, 0.0, h.metric(t, "spool_depth"))
		})
	}
}

func TestExpiryDeadLetters(t *testing.T) {
	rcv := newReceiver(t, func(string, int, http.ResponseWriter) int { return http.StatusServiceUnavailable })
	cfg := fastConfig(rcv.srv.URL)
	cfg.MaxAge = 300 * time.Millisecond
	h := newHarness(t, cfg, spool.Options{})
	require.NoError(t, h.s.Submit(context.Background(), sampleMessage(1), event.SoftBounce, sampleFacts("a@example.org")))
	waitFor(t, 10*time.Second, "expiry", func() bool { return h.sp.Stats().Dead == 1 })
	dead, err := h.sp.List(spool.Dead)
	require.NoError(t, err)
	require.Len(t, dead, 1)
	assert.True(t, strings.HasPrefix(dead[0].Reason, "expired:"), dead[0].Reason)
	assert.Contains(t, dead[0].Reason, "HTTP 503")
	assert.Greater(t, len(rcv.attemptsOf(dead[0].ID)), 2)
}

func TestReviveFromDeadLetters(t *testing.T) {
	var accept atomic.Bool
	rcv := newReceiver(t, func(string, int, http.ResponseWriter) int {
		if accept.Load() {
			return http.StatusOK
		}
		return http.StatusBadRequest
	})
	h := newHarness(t, fastConfig(rcv.srv.URL), spool.Options{})
	require.NoError(t, h.s.Submit(context.Background(), sampleMessage(1), event.HardBounce, sampleFacts("a@example.org")))
	waitFor(t, 10*time.Second, "dead letter", func() bool { return h.sp.Stats().Dead == 1 })

	// The receiver is fixed; the spool command, another process, retries.
	accept.Store(true)
	cli, err := spool.Open(filepath.Dir(h.sp.Dir()), spool.Options{Shared: true})
	require.NoError(t, err)
	dead, err := cli.Queue(webhook.Name).List(spool.Dead)
	require.NoError(t, err)
	require.NoError(t, cli.Queue(webhook.Name).Revive(dead[0].ID))
	waitFor(t, 10*time.Second, "redelivery", func() bool { return rcv.delivered() == 1 })
	waitFor(t, 5*time.Second, "spool empty", func() bool { st := h.sp.Stats(); return st.Queued == 0 && st.Dead == 0 })
}

func TestFilters(t *testing.T) {
	mixed := append(sampleFacts("a@example.org"), classify.Record{Recipient: "b@example.org", Reason: classify.MailboxFull})
	tests := []struct {
		name    string
		kinds   []string
		reasons []classify.Reason
		kind    event.Kind
		posted  bool
		facts   int
	}{
		{"no filter", nil, nil, event.SoftBounce, true, 2},
		{"kind matches", []string{"hard", "feedback"}, nil, event.HardBounce, true, 2},
		{"kind in the event spelling", []string{"Hard_bounce"}, nil, event.HardBounce, true, 2},
		{"kind filtered", []string{"hard", "feedback"}, nil, event.AutoReply, false, 0},
		{"reason keeps one fact", nil, []classify.Reason{classify.MailboxFull}, event.SoftBounce, true, 1},
		{"reason filters all", nil, []classify.Reason{classify.Feedback}, event.SoftBounce, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rcv := newReceiver(t, nil)
			cfg := fastConfig(rcv.srv.URL)
			cfg.Kinds, cfg.Reasons = tt.kinds, tt.reasons
			h := newHarness(t, cfg, spool.Options{})
			require.NoError(t, h.s.Submit(context.Background(), sampleMessage(1), tt.kind, mixed))
			if !tt.posted {
				assert.Equal(t, 1.0, h.metric(t, "events_filtered_total"))
				assert.Equal(t, 0.0, h.metric(t, "events_spooled_total"))
				return
			}
			waitFor(t, 10*time.Second, "delivery", func() bool { return rcv.delivered() == 1 })
			ev := decodeEvent(t, rcv.attemptsOf(rcv.ids()[0])[0].body)
			assert.Len(t, ev["facts"], tt.facts)
		})
	}
}

func TestSpoolFullDrops(t *testing.T) {
	cfg := fastConfig("http://" + freeAddr(t))
	h := newHarness(t, cfg, spool.Options{MaxEntries: 2})
	ctx := context.Background()
	require.NoError(t, h.s.Submit(ctx, sampleMessage(1), event.HardBounce, sampleFacts("a@example.org")))
	require.NoError(t, h.s.Submit(ctx, sampleMessage(2), event.HardBounce, sampleFacts("a@example.org")))
	err := h.s.Submit(ctx, sampleMessage(3), event.HardBounce, sampleFacts("a@example.org"))
	require.Error(t, err)
	assert.ErrorIs(t, err, webhook.ErrDropped)
	assert.ErrorIs(t, err, spool.ErrFull)
	assert.Equal(t, 1.0, h.metric(t, "events_dropped_total"))
	assert.Equal(t, 2.0, h.metric(t, "events_spooled_total"))

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	assert.ErrorIs(t, h.s.Submit(cancelled, sampleMessage(4), event.HardBounce, nil), webhook.ErrDropped)
}

func TestNewChecksConfig(t *testing.T) {
	sp, err := spool.Open(t.TempDir(), spool.Options{})
	require.NoError(t, err)
	defer sp.Close()
	signer, err := webhook.ParseSecrets(testSecret)
	require.NoError(t, err)
	tests := []struct {
		name string
		cfg  webhook.Config
		ok   bool
	}{
		{"standard", webhook.Config{URL: "https://hooks.example.com/b", Signer: signer}, true},
		{"no secret", webhook.Config{URL: "https://hooks.example.com/b"}, false},
		{"bad scheme", webhook.Config{URL: "ftp://hooks.example.com/b", Signer: signer}, false},
		{"no host", webhook.Config{URL: "http:///b", Signer: signer}, false},
		{"listmonk without credentials", webhook.Config{URL: "http://lm/webhooks/bounce", Format: webhook.FormatListmonk}, true},
		{"listmonk credentials", webhook.Config{URL: "http://lm/webhooks/bounce", Format: webhook.FormatListmonk, Credentials: "bm:tok"}, true},
		{"listmonk bad credentials", webhook.Config{URL: "http://lm/webhooks/bounce", Format: webhook.FormatListmonk, Credentials: "tok"}, false},
		{"unknown format", webhook.Config{URL: "http://lm/", Format: "xml", Signer: signer}, false},
	}
	for _, tt := range tests {
		_, err := webhook.New(sp, tt.cfg)
		assert.Equal(t, tt.ok, err == nil, "%s: %v", tt.name, err)
	}
}

func TestStopKeepsEventsForNextStart(t *testing.T) {
	release := make(chan struct{})
	rcv := newReceiver(t, func(string, int, http.ResponseWriter) int {
		<-release
		return http.StatusOK
	})
	defer close(release)
	dir := t.TempDir()
	sp, err := spool.Open(dir, spool.Options{})
	require.NoError(t, err)
	s, err := webhook.New(sp, fastConfig(rcv.srv.URL))
	require.NoError(t, err)
	s.Start(context.Background())
	require.NoError(t, s.Submit(context.Background(), sampleMessage(1), event.HardBounce, sampleFacts("a@example.org")))
	waitFor(t, 5*time.Second, "request in flight", func() bool { return len(rcv.ids()) == 1 })
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err = s.Stop(ctx)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
	assert.Equal(t, 1, sp.Queue(webhook.Name).Stats().Queued, "the interrupted event stays spooled")
	require.NoError(t, sp.Close())
	_, err = spool.Open(dir, spool.Options{})
	require.NoError(t, err, "lock released")
}

func TestMetricsSurviveRebuild(t *testing.T) {
	// serve builds a new Sender on SIGHUP with the same registry.
	rcv := newReceiver(t, nil)
	h := newHarness(t, fastConfig(rcv.srv.URL), spool.Options{})
	require.NoError(t, h.s.Submit(context.Background(), sampleMessage(1), event.HardBounce, sampleFacts("a@example.org")))
	waitFor(t, 10*time.Second, "delivery", func() bool { return rcv.delivered() == 1 })

	sp2, err := spool.Open(t.TempDir(), spool.Options{})
	require.NoError(t, err)
	defer sp2.Close()
	cfg := fastConfig(rcv.srv.URL)
	cfg.Registerer = h.reg
	s2, err := webhook.New(sp2, cfg)
	require.NoError(t, err)
	require.NoError(t, s2.Submit(context.Background(), sampleMessage(2), event.HardBounce, sampleFacts("a@example.org")))
	assert.Equal(t, 2.0, h.metric(t, "events_spooled_total"), "the counters carry on")
	assert.Equal(t, 1.0, h.metric(t, "spool_depth"), "the gauges follow the new spool")
}

func TestUndeletableSpoolStopsPosting(t *testing.T) {
	rcv := newReceiver(t, nil)
	dir := t.TempDir()
	sp, err := spool.Open(dir, spool.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { sp.Close() })
	cfg := fastConfig(rcv.srv.URL)
	cfg.Concurrency = 1
	h := &harness{sp: sp.Queue(webhook.Name), reg: prometheus.NewRegistry()}
	cfg.Registerer = h.reg
	h.s, err = webhook.New(sp, cfg)
	require.NoError(t, err)
	const n = 3
	for i := range n {
		require.NoError(t, h.s.Submit(context.Background(), sampleMessage(i), event.HardBounce, sampleFacts("a@example.org")))
	}
	thaw := spooltest.Freeze(t, filepath.Join(dir, webhook.Name, "queue"))
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() {
		stopCtx, c := context.WithTimeout(context.Background(), 5*time.Second)
		defer c()
		h.s.Stop(stopCtx)
		cancel()
	})
	h.s.Start(ctx)

	h.waitMetric(t, 10*time.Second, "stalled", 1)
	assert.Equal(t, 1, rcv.delivered(), "one event posted, then posting stops")
	assert.Equal(t, float64(n), h.metric(t, "spool_depth"), "the undeletable event is still counted")
	// Several rescans retry the deletion; nothing is posted again.
	waitFor(t, 10*time.Second, "deletion retries", func() bool { return h.metric(t, "spool_remove_errors_total") >= 4 })
	assert.Equal(t, 1, rcv.delivered())
	assert.Len(t, rcv.ids(), 1, "no other event attempted while stalled")
	for _, id := range rcv.ids() {
		assert.Len(t, rcv.attemptsOf(id), 1, "the delivered event is not posted again")
	}

	thaw()
	h.waitMetric(t, 10*time.Second, "stalled", 0)
	waitFor(t, 10*time.Second, "the rest", func() bool { return rcv.delivered() == n })
	waitFor(t, 5*time.Second, "spool empty", func() bool { return sp.Queue(webhook.Name).Stats().Queued == 0 })
	for _, id := range rcv.ids() {
		assert.Len(t, rcv.attemptsOf(id), 1, "each event posted once: %s", id)
	}
	assert.Equal(t, 0.0, h.metric(t, "spool_depth"))
}

func TestSuccessorDoesNotRepostInFlight(t *testing.T) {
	gate := make(chan struct{})
	var once sync.Once
	open := func() { once.Do(func() { close(gate) }) }
	t.Cleanup(open)
	rcv := newReceiver(t, func(string, int, http.ResponseWriter) int {
		<-gate
		return http.StatusOK
	})
	cfg := fastConfig(rcv.srv.URL)
	h := newHarness(t, cfg, spool.Options{})
	const n = 10
	for i := range n {
		require.NoError(t, h.s.Submit(context.Background(), sampleMessage(i), event.HardBounce, sampleFacts("a@example.org")))
	}
	waitFor(t, 10*time.Second, "requests in flight", func() bool { return len(rcv.ids()) == cfg.Concurrency })

	// SIGHUP: a successor on the same spool and schedule starts, then the
	// old sender stops, waiting for its requests in flight.
	cfg.Registerer = h.reg
	next, err := h.s.Successor(cfg)
	require.NoError(t, err)
	next.Start(context.Background())
	t.Cleanup(func() {
		ctx, c := context.WithTimeout(context.Background(), 5*time.Second)
		defer c()
		next.Stop(ctx)
	})
	stopped := make(chan error, 1)
	go func() {
		ctx, c := context.WithTimeout(context.Background(), 10*time.Second)
		defer c()
		stopped <- h.s.Stop(ctx)
	}()
	open()
	require.NoError(t, <-stopped)
	waitFor(t, 10*time.Second, "every event", func() bool { return rcv.delivered() == n })
	waitFor(t, 5*time.Second, "spool empty", func() bool { return h.sp.Stats().Queued == 0 })
	for _, id := range rcv.ids() {
		assert.Len(t, rcv.attemptsOf(id), 1, "posted once: %s", id)
	}
}
