package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/webhook/spool"
)

// The defaults of Config.
const (
	DefaultConcurrency    = 4
	DefaultMaxAge         = 24 * time.Hour
	DefaultTimeout        = 30 * time.Second
	DefaultMinBackoff     = 5 * time.Second
	DefaultMaxBackoff     = time.Hour
	DefaultRescanInterval = 30 * time.Second
)

// ErrDropped is wrapped by Submit's error when the spool could not take an
// event: the event is lost, counted and logged; the mail flows on.
var ErrDropped = errors.New("webhook: event dropped")

// Config configures a Sender. New checks it and fills in the defaults.
type Config struct {
	URL    string // the receiver; http or https
	Format Format // FormatStandard (default) or FormatListmonk

	// Signer signs standard-format requests; required for FormatStandard.
	Signer *Signer
	// Credentials is "api_user:access_token" for FormatListmonk's HTTP
	// Basic authentication; empty uses the URL's user info, if any.
	Credentials string

	Concurrency    int           // requests in flight at most; default 4
	MaxAge         time.Duration // give up (dead letter) on an event this old; default 24h
	Timeout        time.Duration // one request's time limit; default 30s
	MinBackoff     time.Duration // the first retry's delay before jitter; default 5s
	MaxBackoff     time.Duration // the longest delay between attempts, Retry-After aside; default 1h
	RescanInterval time.Duration // how often to look for entries the spool command put back; default 30s

	// Kinds, when set, posts only bounces of these kinds. A kind matches
	// when its normalised form (NormalizeKind) equals an entry or starts
	// with the entry and "_" ("hard" matches "hard_bounce").
	Kinds []string
	// Reasons, when set, posts only the facts with these reasons, and a
	// bounce only when one of its facts is left.
	Reasons []classify.Reason

	Client     *http.Client          // default: no redirects, Concurrency idle connections
	Logger     *slog.Logger          // default: slog.Default()
	Registerer prometheus.Registerer // where the metrics go; nil: not registered
	UserAgent  string                // default "bounce-milter-webhook"
}

// Sender spools events and delivers them from the spool.
type Sender struct {
	cfg   Config
	url   *url.URL
	sp    *spool.Spool
	q     *schedule
	m     *metrics
	log   *slog.Logger
	kinds []string

	mu        sync.Mutex
	started   bool
	runCancel context.CancelFunc
	reqCancel context.CancelFunc
	wg        sync.WaitGroup
}

// New returns a Sender that spools into sp. Call Start to deliver.
func New(sp *spool.Spool, cfg Config) (*Sender, error) {
	return newSender(sp, cfg, newSchedule())
}

// Successor returns a Sender with cfg that takes over s's spool and
// schedule, for a configuration reload (serve's SIGHUP): start it, then
// Stop s. Events s holds in flight are not posted again by the successor:
// when s's attempt ends, the event is done, or back in the shared schedule
// for the successor to retry. Only an attempt that Stop has to cancel at
// its deadline may reach the receiver twice.
func (s *Sender) Successor(cfg Config) (*Sender, error) {
	return newSender(s.sp, cfg, s.q)
}

func newSender(sp *spool.Spool, cfg Config, q *schedule) (*Sender, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("webhook: url: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("webhook: url %q: want http:// or https:// and a host", cfg.URL)
	}
	if cfg.Format == "" {
		cfg.Format = FormatStandard
	}
	if _, err := ParseFormat(string(cfg.Format)); err != nil {
		return nil, err
	}
	if cfg.Format == FormatStandard && cfg.Signer == nil {
		return nil, fmt.Errorf("webhook: a secret is required to sign standard webhooks")
	}
	if cfg.Format == FormatListmonk && cfg.Credentials != "" && !strings.Contains(cfg.Credentials, ":") {
		return nil, fmt.Errorf("webhook: listmonk credentials must be api_user:access_token")
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = DefaultConcurrency
	}
	def(&cfg.MaxAge, DefaultMaxAge)
	def(&cfg.Timeout, DefaultTimeout)
	def(&cfg.MinBackoff, DefaultMinBackoff)
	def(&cfg.MaxBackoff, DefaultMaxBackoff)
	def(&cfg.RescanInterval, DefaultRescanInterval)
	if cfg.MaxBackoff < cfg.MinBackoff {
		cfg.MaxBackoff = cfg.MinBackoff
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "bounce-milter-webhook"
	}
	if cfg.Client == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = cfg.Concurrency
		cfg.Client = &http.Client{
			Transport: tr,
			// The specification: following redirects loads both sides;
			// a 3xx is a failure and the URL should be fixed.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	m, err := newMetrics(cfg.Registerer, sp)
	if err != nil {
		return nil, err
	}
	s := &Sender{cfg: cfg, url: u, sp: sp, q: q, m: m, log: cfg.Logger}
	s.m.stalled.Set(0)
	if q.stalled() {
		s.m.stalled.Set(1)
	}
	for _, k := range cfg.Kinds {
		s.kinds = append(s.kinds, NormalizeKind(k))
	}
	return s, nil
}

// Submit filters a bounce, and spools the event (in FormatListmonk one
// event per recipient) durably before it returns. A nil error means the
// event will be delivered at least once, or end in the dead letters. An
// error wrapping ErrDropped means the spool could not take it (full, disk
// full); the caller should let the mail flow.
func (s *Sender) Submit(ctx context.Context, msg Message, kind string, facts []classify.Record) error {
	if err := ctx.Err(); err != nil {
		s.m.dropped.WithLabelValues("error").Inc()
		return fmt.Errorf("%w: %w", ErrDropped, err)
	}
	if !s.wantKind(kind) {
		s.m.filtered.Inc()
		return nil
	}
	facts = s.filterFacts(facts)
	if len(facts) == 0 && (len(s.cfg.Reasons) > 0 || s.cfg.Format == FormatListmonk) {
		s.m.filtered.Inc()
		return nil
	}
	now := time.Now()
	var events []Event
	if s.cfg.Format == FormatListmonk {
		for _, f := range facts {
			events = append(events, NewEvent(msg, kind, []classify.Record{f}, now))
		}
	} else {
		events = []Event{NewEvent(msg, kind, facts, now)}
	}
	var errs []error
	for i := range events {
		ev := &events[i]
		data, err := json.Marshal(ev)
		if err == nil {
			err = s.sp.Put(ev.ID, data)
		}
		if err != nil {
			cause := "error"
			if errors.Is(err, spool.ErrFull) {
				cause = "full"
			}
			s.m.dropped.WithLabelValues(cause).Inc()
			s.log.Warn("webhook event dropped", "id", ev.ID, "queue_id", msg.QueueID, "cause", cause, "err", err)
			errs = append(errs, fmt.Errorf("%w: %s: %w", ErrDropped, ev.ID, err))
			continue
		}
		s.m.spooled.Inc()
		s.q.add(ev.ID, now, now)
	}
	return errors.Join(errs...)
}

func (s *Sender) wantKind(kind string) bool {
	if len(s.kinds) == 0 {
		return true
	}
	k := NormalizeKind(kind)
	for _, f := range s.kinds {
		if kindMatches(k, f) {
			return true
		}
	}
	return false
}

func (s *Sender) filterFacts(facts []classify.Record) []classify.Record {
	if len(s.cfg.Reasons) == 0 && s.cfg.Format != FormatListmonk {
		return facts
	}
	out := make([]classify.Record, 0, len(facts))
	for _, f := range facts {
		if s.cfg.Format == FormatListmonk && !listmonkWants(f) {
			continue
		}
		if len(s.cfg.Reasons) > 0 && !containsReason(s.cfg.Reasons, f.Reason) {
			continue
		}
		out = append(out, f)
	}
	return out
}

func containsReason(rs []classify.Reason, r classify.Reason) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// Start schedules every event already in the spool and starts the
// workers. The workers stop when ctx is cancelled or Stop is called.
func (s *Sender) Start(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return
	}
	s.started = true
	now := time.Now()
	for _, e := range s.sp.Queued() {
		s.q.add(e.ID, e.Enqueued, now)
	}
	runCtx, runCancel := context.WithCancel(ctx)
	reqCtx, reqCancel := context.WithCancel(context.WithoutCancel(ctx))
	s.runCancel, s.reqCancel = runCancel, reqCancel
	for range s.cfg.Concurrency {
		s.wg.Go(func() { s.worker(runCtx, reqCtx) })
	}
	s.wg.Go(func() { s.rescanner(runCtx) })
	s.log.Info("webhook sender started", "url", s.url.Redacted(), "format", s.cfg.Format,
		"concurrency", s.cfg.Concurrency, "spool", s.sp.Dir(), "queued", s.q.len())
}

// Stop stops taking new attempts and waits for those in flight until ctx
// is done, then cancels them; their events stay in the spool for the next
// start.
func (s *Sender) Stop(ctx context.Context) error {
	s.mu.Lock()
	if !s.started {
		s.mu.Unlock()
		return nil
	}
	s.runCancel()
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		s.reqCancel()
		return nil
	case <-ctx.Done():
		s.reqCancel()
		<-done
		return fmt.Errorf("webhook: stop: %w", ctx.Err())
	}
}

// Pending returns the number of events waiting or in flight.
func (s *Sender) Pending() int { return s.q.len() }

func (s *Sender) rescanner(ctx context.Context) {
	t := time.NewTicker(s.cfg.RescanInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		s.retryRemovals()
		added, removed, err := s.sp.Rescan()
		if err != nil {
			s.log.Error("webhook spool rescan", "err", err)
			continue
		}
		now := time.Now()
		for _, e := range added {
			s.q.readd(e.ID, e.Enqueued, now)
		}
		for _, e := range removed {
			s.q.remove(e.ID)
		}
	}
}

func (s *Sender) worker(runCtx, reqCtx context.Context) {
	for runCtx.Err() == nil {
		var it *item
		wait := time.Hour // stalled: until the rescanner's deletions succeed
		if !s.q.stalled() {
			it, wait = s.q.next(time.Now())
		}
		if it == nil {
			t := time.NewTimer(wait)
			select {
			case <-runCtx.Done():
			case <-s.q.wake:
			case <-t.C:
			}
			t.Stop()
			continue
		}
		s.deliver(reqCtx, it)
	}
}

// deliver makes one attempt at an event and decides what follows.
func (s *Sender) deliver(ctx context.Context, it *item) {
	data, err := s.sp.Read(it.id)
	if errors.Is(err, spool.ErrNotFound) {
		s.q.done(it) // dropped by the spool command
		return
	}
	if err != nil {
		s.retry(it, 0, err.Error())
		return
	}
	var ev Event
	if err := json.Unmarshal(data, &ev); err != nil || ev.Version != Version || ev.ID != it.id {
		reason := fmt.Sprintf("corrupt: version %d, id %q", ev.Version, ev.ID)
		if err != nil {
			reason = "corrupt: " + err.Error()
		}
		s.bury(it, "corrupt", reason)
		return
	}
	if !time.Now().Before(it.enqueued.Add(s.cfg.MaxAge)) {
		s.expire(it)
		return
	}
	reqs, err := requests(s.cfg.Format, &ev)
	if err != nil {
		s.bury(it, "corrupt", err.Error())
		return
	}
	it.attempts++
	for _, r := range reqs {
		code, retryAfter, snippet, err := s.post(ctx, r)
		switch {
		case err != nil && ctx.Err() != nil:
			// Stop gave up waiting: the event stays spooled, back in the
			// schedule for a successor (or the next start).
			s.q.retry(it, time.Now())
			return
		case err != nil:
			s.retry(it, 0, err.Error())
			return
		case code >= 200 && code <= 299:
			continue
		case code == http.StatusRequestTimeout, code == http.StatusTooManyRequests, code >= 500:
			s.retry(it, retryAfter, fmt.Sprintf("HTTP %d: %s", code, snippet))
			return
		default:
			s.bury(it, "rejected", fmt.Sprintf("rejected: HTTP %d from %s after %d attempts: %s",
				code, s.url.Redacted(), it.attempts, snippet))
			return
		}
	}
	s.m.delivered.Inc()
	s.m.latency.Observe(time.Since(it.enqueued).Seconds())
	s.log.Debug("webhook delivered", "id", it.id, "type", ev.Type, "attempts", it.attempts)
	if err := s.sp.Remove(it.id); err != nil {
		s.m.removeErrors.Inc()
		if s.q.stuck(it) {
			s.m.stalled.Set(1)
			s.log.Error("webhook: the spool cannot delete delivered events: posting stopped until it can",
				"spool", s.sp.Dir(), "id", it.id, "err", err, "retry_every", s.cfg.RescanInterval)
		}
		return
	}
	s.q.done(it)
}

// retryRemovals tries again to delete the delivered events the spool
// could not delete, and resumes posting when none is left.
func (s *Sender) retryRemovals() {
	items := s.q.stuckItems()
	if len(items) == 0 {
		return
	}
	var last error
	for _, it := range items {
		if err := s.sp.Remove(it.id); err != nil {
			s.m.removeErrors.Inc()
			last = err
			continue
		}
		if s.q.unstuck(it) {
			s.m.stalled.Set(0)
			s.log.Warn("webhook: the spool deletes again: posting resumed", "spool", s.sp.Dir())
		}
	}
	if last != nil {
		s.log.Debug("webhook: the spool still cannot delete", "spool", s.sp.Dir(), "err", last)
	}
}

// post makes one HTTP request. It returns the status code, the
// Retry-After delay (0 if none), the start of the answer's body, or the
// error that kept it from an answer.
func (s *Sender) post(ctx context.Context, r request) (int, time.Duration, string, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.cfg.URL, bytes.NewReader(r.body))
	if err != nil {
		return 0, 0, "", fmt.Errorf("webhook: request: %w", err)
	}
	h := req.Header
	h.Set("Content-Type", "application/json")
	h.Set("User-Agent", s.cfg.UserAgent)
	h.Set("webhook-id", r.id)
	if s.cfg.Format == FormatListmonk {
		if user, pass, ok := strings.Cut(s.cfg.Credentials, ":"); ok {
			req.SetBasicAuth(user, pass)
		}
	} else {
		ts := time.Now().Unix()
		h.Set("webhook-timestamp", strconv.FormatInt(ts, 10))
		h.Set("webhook-signature", s.cfg.Signer.Sign(r.id, ts, r.body))
	}
	start := time.Now()
	resp, err := s.cfg.Client.Do(req)
	s.m.request.Observe(time.Since(start).Seconds())
	if err != nil {
		return 0, 0, "", fmt.Errorf("webhook: post: %w", err)
	}
	defer resp.Body.Close()
	head, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // reuse the connection
	return resp.StatusCode, parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()),
		strings.TrimSpace(strings.ToValidUTF8(string(head), "?")), nil
}

// parseRetryAfter reads Retry-After as delay-seconds or an HTTP-date
// (RFC 9110 section 10.2.3); 0 when absent, unreadable or past.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		if n > int64((366 * 24 * time.Hour).Seconds()) {
			n = int64((366 * 24 * time.Hour).Seconds())
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// backoff is the delay before retry n (1 for the first): MinBackoff
// doubled each time up to MaxBackoff, then "equal jitter": half of it
// fixed, half random.
func (s *Sender) backoff(n int) time.Duration {
	d := s.cfg.MinBackoff
	for i := 1; i < n && d < s.cfg.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, s.cfg.MaxBackoff)
	return d/2 + rand.N(d/2+1)
}

// retry schedules the next attempt, or gives up when the event is too old.
func (s *Sender) retry(it *item, retryAfter time.Duration, why string) {
	it.lastErr = why
	now := time.Now()
	deadline := it.enqueued.Add(s.cfg.MaxAge)
	if !now.Before(deadline) {
		s.expire(it)
		return
	}
	d := s.backoff(max(it.attempts, 1))
	if retryAfter > 0 {
		d = retryAfter
	}
	due := now.Add(d)
	if due.After(deadline) {
		due = deadline // one last attempt at the deadline
	}
	s.m.retried.Inc()
	s.log.Debug("webhook retry", "id", it.id, "attempts", it.attempts, "in", due.Sub(now).Round(time.Millisecond), "err", why)
	s.q.retry(it, due)
}

func (s *Sender) expire(it *item) {
	s.bury(it, "expired", fmt.Sprintf("expired: not delivered within %s after %d attempts; last error: %s",
		s.cfg.MaxAge, it.attempts, it.lastErr))
}

func (s *Sender) bury(it *item, cause, reason string) {
	if err := s.sp.Bury(it.id, reason); err != nil {
		if errors.Is(err, spool.ErrNotFound) {
			s.q.done(it)
			return
		}
		// Keep it scheduled: try the move again later.
		s.log.Error("webhook dead letter", "id", it.id, "err", err)
		s.q.retry(it, time.Now().Add(s.cfg.MinBackoff))
		return
	}
	s.q.done(it)
	s.m.deadLettered.WithLabelValues(cause).Inc()
	s.log.Warn("webhook event dead-lettered", "id", it.id, "cause", cause, "reason", reason)
}
