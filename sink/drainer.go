package sink

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bounce-milter/bounce-milter/event"
	"github.com/bounce-milter/bounce-milter/webhook/spool"
)

// The defaults of Config.
const (
	DefaultConcurrency    = 4
	DefaultBatch          = 128
	DefaultMaxAge         = 24 * time.Hour
	DefaultMinBackoff     = 5 * time.Second
	DefaultMaxBackoff     = time.Hour
	DefaultRescanInterval = 30 * time.Second
	DefaultStallAfter     = time.Minute
)

// Config configures a Drainer. NewDrainer checks it and fills in the
// defaults.
type Config struct {
	// Name names the sink: its spool queue and its metrics
	// (bounce_milter_NAME_*). Required, [a-z0-9].
	Name      string
	Publisher Publisher // required
	// Ordered delivers in the order the events were made, Batch at a time,
	// each batch waiting for the oldest event (the streams). Otherwise up
	// to Concurrency events are in flight, each on its own schedule.
	Ordered     bool
	Batch       int // ordered: events per Publish; default 128
	Concurrency int // unordered: Publish calls in flight at most; default 4

	MaxAge         time.Duration // give up (dead letter) on an event this old; default 24h
	MinBackoff     time.Duration // the first retry's delay before jitter; default 5s
	MaxBackoff     time.Duration // the longest delay between attempts, RetryAfter aside; default 1h
	RescanInterval time.Duration // how often to look for entries the spool command put back; default 30s
	// StallAfter makes the sink failing when one Publish has waited this
	// long for its acknowledgements: an idempotent Kafka producer cannot
	// give up on a request the broker may have taken, so while the broker
	// is away it waits, and the wait is the outage's sign. Default 1m.
	StallAfter time.Duration

	// Select returns the events the sink takes for one bounce's event:
	// nil takes it as it is; a filter returns none, or a narrowed copy
	// with an ID of its own (event.NewID), or several. The Hub writes
	// each distinct ID once.
	Select func(ev *event.Event) []event.Event
	// Secrets are redacted from every error the Publisher returns before
	// it is logged or written beside an event.
	Secrets Secrets
	// Describe adds attributes (without secrets) to the start log line.
	Describe []any

	Logger     *slog.Logger          // default: slog.Default()
	Registerer prometheus.Registerer // where the metrics go; nil: not registered
}

// Drainer delivers one sink's spool queue.
type Drainer struct {
	cfg Config
	sq  *spool.Queue
	q   *schedule
	m   *metrics
	log *slog.Logger
	h   *health

	mu        sync.Mutex
	started   bool
	runCancel context.CancelFunc
	reqCancel context.CancelFunc
	wg        sync.WaitGroup
}

// NewDrainer returns a Drainer of queue q. Call Start to deliver.
func NewDrainer(q *spool.Queue, cfg Config) (*Drainer, error) {
	return newDrainer(q, cfg, nil, nil)
}

// Successor returns a Drainer with cfg that takes over d's queue and
// schedule, for a configuration reload (serve's SIGHUP): start it, then
// Stop d. Events d holds in flight are not sent again by the successor:
// when d's attempt ends, the event is done, or back in the shared schedule
// for the successor to retry. Only an attempt that Stop has to cancel at
// its deadline may reach the destination twice.
func (d *Drainer) Successor(cfg Config) (*Drainer, error) {
	if cfg.Ordered != d.cfg.Ordered {
		return nil, fmt.Errorf("sink %s: a successor keeps the order mode", d.cfg.Name)
	}
	return newDrainer(d.sq, cfg, d.q, d.h)
}

func newDrainer(q *spool.Queue, cfg Config, sched *schedule, h *health) (*Drainer, error) {
	if q == nil {
		return nil, fmt.Errorf("sink %s: %w", cfg.Name, spool.ErrNoQueue)
	}
	if cfg.Name == "" {
		cfg.Name = q.Name()
	}
	if cfg.Name != q.Name() || !spool.ValidQueueName(cfg.Name) {
		return nil, fmt.Errorf("sink %q: the name must be the queue's, %q", cfg.Name, q.Name())
	}
	if cfg.Publisher == nil {
		return nil, fmt.Errorf("sink %s: no publisher", cfg.Name)
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = DefaultConcurrency
	}
	if cfg.Batch <= 0 {
		cfg.Batch = DefaultBatch
	}
	def(&cfg.MaxAge, DefaultMaxAge)
	def(&cfg.MinBackoff, DefaultMinBackoff)
	def(&cfg.MaxBackoff, DefaultMaxBackoff)
	def(&cfg.RescanInterval, DefaultRescanInterval)
	def(&cfg.StallAfter, DefaultStallAfter)
	if cfg.MaxBackoff < cfg.MinBackoff {
		cfg.MaxBackoff = cfg.MinBackoff
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if sched == nil {
		sched = newSchedule(cfg.Ordered)
	}
	if h == nil {
		h = &health{}
	}
	m, err := newMetrics(cfg.Registerer, cfg.Name, q)
	if err != nil {
		return nil, err
	}
	d := &Drainer{cfg: cfg, sq: q, q: sched, m: m, log: cfg.Logger.With("sink", cfg.Name), h: h}
	d.m.stalled.Set(0)
	if sched.stalled() {
		d.m.stalled.Set(1)
	}
	d.m.failing.Set(0)
	if h.isFailing() {
		d.m.failing.Set(1)
	}
	return d, nil
}

// Name returns the sink's name.
func (d *Drainer) Name() string { return d.cfg.Name }

// Queue returns the sink's spool queue.
func (d *Drainer) Queue() *spool.Queue { return d.sq }

// Start schedules every event already in the queue and starts delivering.
// Delivery stops when ctx is cancelled or Stop is called.
func (d *Drainer) Start(ctx context.Context) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.started {
		return
	}
	d.started = true
	now := time.Now()
	tries := d.sq.Attempts()
	for _, e := range d.sq.Queued() {
		d.q.add(e.ID, e.Enqueued, now)
		if a, ok := tries[e.ID]; ok {
			d.q.restore(e.ID, a.Attempts, a.LastError)
		}
	}
	runCtx, runCancel := context.WithCancel(ctx)
	reqCtx, reqCancel := context.WithCancel(context.WithoutCancel(ctx))
	d.runCancel, d.reqCancel = runCancel, reqCancel
	workers, batch := d.cfg.Concurrency, 1
	if d.cfg.Ordered {
		workers, batch = 1, d.cfg.Batch
	}
	for range workers {
		d.wg.Go(func() { d.worker(runCtx, reqCtx, batch) })
	}
	d.wg.Go(func() { d.rescanner(runCtx) })
	args := append([]any{"ordered", d.cfg.Ordered, "concurrency", workers, "batch", batch,
		"spool", d.sq.Dir(), "queued", d.q.len()}, d.cfg.Describe...)
	d.log.Info("sink started", args...)
}

// Stop stops taking new attempts and waits for those in flight until ctx
// is done, then cancels them; their events stay in the spool for the next
// start. It does not close the Publisher.
func (d *Drainer) Stop(ctx context.Context) error {
	d.mu.Lock()
	if !d.started {
		d.mu.Unlock()
		return nil
	}
	d.runCancel()
	d.mu.Unlock()
	done := make(chan struct{})
	go func() { d.wg.Wait(); close(done) }()
	select {
	case <-done:
		d.reqCancel()
		return nil
	case <-ctx.Done():
		d.reqCancel()
		<-done
		return fmt.Errorf("sink %s: stop: %w", d.cfg.Name, ctx.Err())
	}
}

// Pending returns the number of events waiting or in flight.
func (d *Drainer) Pending() int { return d.q.len() }

// enqueued schedules an event the Hub has just spooled.
func (d *Drainer) enqueued(id string, now time.Time) {
	d.m.spooled.Inc()
	d.q.add(id, now, now)
}

func (d *Drainer) rescanner(ctx context.Context) {
	t := time.NewTicker(d.cfg.RescanInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		d.retryRemovals()
		added, removed, err := d.sq.Rescan()
		if err != nil {
			d.log.Error("sink: spool rescan", "err", err)
			continue
		}
		now := time.Now()
		for _, e := range added {
			d.q.readd(e.ID, e.Enqueued, now)
		}
		for _, e := range removed {
			d.q.remove(e.ID)
		}
	}
}

func (d *Drainer) worker(runCtx, reqCtx context.Context, batch int) {
	for runCtx.Err() == nil {
		var its []*item
		wait := time.Hour // stalled: until the rescanner's deletions succeed
		if !d.q.stalled() {
			its, wait = d.q.nextBatch(time.Now(), batch)
		}
		if len(its) == 0 {
			t := time.NewTimer(wait)
			select {
			case <-runCtx.Done():
			case <-d.q.wake:
			case <-t.C:
			}
			t.Stop()
			continue
		}
		d.deliver(reqCtx, its)
	}
}

// deliver makes one attempt at a batch of events and decides what follows
// for each.
func (d *Drainer) deliver(ctx context.Context, its []*item) {
	var msgs []Message
	var sent []*item
	now := time.Now()
	for _, it := range its {
		data, err := d.sq.Read(it.id)
		if errors.Is(err, spool.ErrNotFound) {
			d.q.done(it) // dropped by the spool command
			continue
		}
		if err != nil {
			it.attempts++
			d.retry(it, 0, err.Error(), time.Time{})
			continue
		}
		var ev event.Event
		if err := json.Unmarshal(data, &ev); err != nil || ev.Version != event.Version || ev.ID != it.id {
			reason := fmt.Sprintf("corrupt: version %d, id %q", ev.Version, ev.ID)
			if err != nil {
				reason = "corrupt: " + err.Error()
			}
			d.bury(it, "corrupt", reason)
			continue
		}
		if !now.Before(it.enqueued.Add(d.cfg.MaxAge)) {
			d.expire(it)
			continue
		}
		msgs = append(msgs, Message{Event: &ev, Data: data})
		sent = append(sent, it)
	}
	if len(msgs) == 0 {
		return
	}
	start := time.Now()
	watch := time.AfterFunc(d.cfg.StallAfter, func() {
		d.failed(fmt.Errorf("no acknowledgement for %s of %s waiting", plural(len(msgs), "event"), d.cfg.StallAfter), true)
	})
	errs := d.cfg.Publisher.Publish(ctx, msgs)
	watch.Stop()
	d.m.request.Observe(time.Since(start).Seconds())
	if len(errs) != len(msgs) {
		e := fmt.Errorf("sink %s: publisher answered %d results for %d events", d.cfg.Name, len(errs), len(msgs))
		errs = make([]error, len(msgs))
		for i := range errs {
			errs[i] = e
		}
	}
	// An ordered sink retries the events of a failed batch together, at
	// the first failure's time, the oldest first.
	var due time.Time
	var firstErr error
	var untried []*item
	for i, it := range sent {
		err := errs[i]
		switch {
		case err == nil:
			d.delivered(it, msgs[i].Event)
		case errors.Is(err, ErrNotAttempted):
			untried = append(untried, it)
		case ctx.Err() != nil:
			// Stop gave up waiting: the event stays spooled, back in the
			// schedule for a successor (or the next start).
			d.q.retry(it, time.Now())
		case IsPermanent(err):
			it.attempts++
			d.bury(it, "rejected", fmt.Sprintf("rejected after %s: %s", plural(it.attempts, "attempt"), d.redact(err)))
		default:
			it.attempts++
			if firstErr == nil {
				firstErr = err
			}
			due = d.retry(it, retryAfterOf(err), d.redact(err), due)
		}
	}
	if due.IsZero() {
		due = time.Now()
	}
	for _, it := range untried {
		d.q.retry(it, due)
	}
	if firstErr != nil {
		d.failed(firstErr, false)
	}
}

func (d *Drainer) redact(err error) string { return d.cfg.Secrets.Redact(err.Error()) }

// delivered removes an acknowledged event from the queue.
func (d *Drainer) delivered(it *item, ev *event.Event) {
	d.m.delivered.Inc()
	d.m.latency.Observe(time.Since(it.enqueued).Seconds())
	d.recovered()
	d.log.Debug("sink delivered", "id", it.id, "type", ev.Type, "attempts", it.attempts+1)
	if err := d.sq.Remove(it.id); err != nil {
		d.m.removeErrors.Inc()
		if d.q.stuck(it) {
			d.m.stalled.Set(1)
			d.log.Error("sink: the spool cannot delete delivered events: sending stopped until it can",
				"spool", d.sq.Dir(), "id", it.id, "err", err, "retry_every", d.cfg.RescanInterval)
		}
		return
	}
	d.q.done(it)
}

// failThreshold is how many failed attempts in a row, with no success
// between, make a sink failing: one lost request among many is no outage
// worth a warning.
const failThreshold = 3

// health is whether a sink's destination is failing, shared by a Drainer
// and its successors so that a reload neither repeats nor loses the
// warning.
type health struct {
	mu       sync.Mutex
	failing  bool
	since    time.Time // the first failure of the run
	failures int       // failed attempts in a row
}

func (h *health) isFailing() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.failing
}

// failed notes a failed attempt (or with stalled, an attempt still
// waiting past StallAfter, which is failing at once), with one warning
// when it makes the sink failing.
func (d *Drainer) failed(err error, stalled bool) {
	h := d.h
	h.mu.Lock()
	if h.failures == 0 {
		h.since = time.Now()
	}
	h.failures++
	first := !h.failing && (stalled || h.failures >= failThreshold)
	if first {
		h.failing = true
	}
	since := h.since
	h.mu.Unlock()
	if first {
		d.m.failing.Set(1)
		d.log.Warn("sink failing: events stay in the spool and are retried; one more line when it recovers",
			"err", d.redact(err), "since", since.UTC().Format(time.RFC3339), "queued", d.q.len())
	}
}

// recovered notes a success, with one warning when the sink was failing.
func (d *Drainer) recovered() {
	h := d.h
	h.mu.Lock()
	was, since, n := h.failing, h.since, h.failures
	h.failing, h.failures = false, 0
	h.mu.Unlock()
	if was {
		d.m.failing.Set(0)
		d.log.Warn("sink recovered", "failed_attempts", n, "failing_for", time.Since(since).Round(time.Second), "queued", d.q.len())
	}
}

// retryRemovals tries again to delete the delivered events the spool
// could not delete, and resumes sending when none is left.
func (d *Drainer) retryRemovals() {
	items := d.q.stuckItems()
	if len(items) == 0 {
		return
	}
	var last error
	for _, it := range items {
		if err := d.sq.Remove(it.id); err != nil {
			d.m.removeErrors.Inc()
			last = err
			continue
		}
		if d.q.unstuck(it) {
			d.m.stalled.Set(0)
			d.log.Warn("sink: the spool deletes again: sending resumed", "spool", d.sq.Dir())
		}
	}
	if last != nil {
		d.log.Debug("sink: the spool still cannot delete", "spool", d.sq.Dir(), "err", last)
	}
}

// backoff is the delay before retry n (1 for the first): MinBackoff
// doubled each time up to MaxBackoff, then "equal jitter": half of it
// fixed, half random.
func (d *Drainer) backoff(n int) time.Duration {
	b := d.cfg.MinBackoff
	for i := 1; i < n && b < d.cfg.MaxBackoff; i++ {
		b *= 2
	}
	b = min(b, d.cfg.MaxBackoff)
	return b/2 + rand.N(b/2+1)
}

// retry schedules the next attempt (at due, when given) or gives up when
// the event is too old, and records the attempt beside the event. It
// returns the time it scheduled.
func (d *Drainer) retry(it *item, retryAfter time.Duration, why string, due time.Time) time.Time {
	it.lastErr = why
	now := time.Now()
	deadline := it.enqueued.Add(d.cfg.MaxAge)
	if !now.Before(deadline) {
		d.expire(it)
		return due
	}
	if due.IsZero() {
		due = now.Add(d.backoff(max(it.attempts, 1)))
		if retryAfter > 0 {
			due = now.Add(retryAfter)
		}
	}
	if due.After(deadline) {
		due = deadline // one last attempt at the deadline
	}
	d.m.retried.Inc()
	d.log.Debug("sink retry", "id", it.id, "attempts", it.attempts, "in", due.Sub(now).Round(time.Millisecond), "err", why)
	if err := d.sq.SetAttempt(it.id, spool.Attempt{Attempts: it.attempts, LastError: why, Last: now, Next: due}); err != nil {
		d.log.Debug("sink: attempt not recorded", "id", it.id, "err", err)
	}
	d.q.retry(it, due)
	return due
}

func (d *Drainer) expire(it *item) {
	reason := fmt.Sprintf("expired: not delivered within %s after %s", d.cfg.MaxAge, plural(it.attempts, "attempt"))
	if it.lastErr != "" {
		reason += "; last error: " + it.lastErr
	}
	d.bury(it, "expired", reason)
}

func (d *Drainer) bury(it *item, cause, reason string) {
	if err := d.sq.Bury(it.id, reason); err != nil {
		if errors.Is(err, spool.ErrNotFound) {
			d.q.done(it)
			return
		}
		// Keep it scheduled: try the move again later.
		d.log.Error("sink: dead letter", "id", it.id, "err", err)
		d.q.retry(it, time.Now().Add(d.cfg.MinBackoff))
		return
	}
	d.q.done(it)
	d.m.deadLettered.WithLabelValues(cause).Inc()
	d.log.Warn("sink: event dead-lettered", "id", it.id, "cause", cause, "reason", reason)
}
