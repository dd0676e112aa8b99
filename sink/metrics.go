package sink

import (
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bounce-milter/bounce-milter/webhook/spool"
)

// metrics are a drainer's Prometheus metrics, all named
// bounce_milter_SINK_*: bounce_milter_webhook_*, bounce_milter_nats_*,
// bounce_milter_kafka_*.
type metrics struct {
	spooled      prometheus.Counter
	filtered     prometheus.Counter
	dropped      *prometheus.CounterVec // cause: full, error
	delivered    prometheus.Counter
	retried      prometheus.Counter
	deadLettered *prometheus.CounterVec // cause: rejected, expired, corrupt
	request      prometheus.Histogram   // one Publish call
	latency      prometheus.Histogram   // spooled to delivered
	removeErrors prometheus.Counter     // failed deletions of delivered events
	stalled      prometheus.Gauge       // 1 while posting is stopped for them
	failing      prometheus.Gauge       // 1 while the destination fails
}

func newMetrics(reg prometheus.Registerer, sub string, q *spool.Queue) (*metrics, error) {
	const ns = "bounce_milter"
	m := &metrics{
		spooled: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "events_spooled_total", Help: "Events written to the spool."}),
		filtered: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "events_filtered_total", Help: "Bounces not posted because of the kind and reason filters."}),
		dropped: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "events_dropped_total", Help: "Events the spool could not take (full: over its limits; error: a write failed, e.g. disk full)."},
			[]string{"cause"}),
		delivered: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "events_delivered_total", Help: "Events the destination acknowledged (webhook: a 2xx answer; NATS: a PubAck; Kafka: acks=all)."}),
		retried: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "events_retried_total", Help: "Failed attempts scheduled for a retry."}),
		deadLettered: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "events_dead_lettered_total", Help: "Events moved to the dead letters (rejected: refused for good, e.g. a webhook 4xx other than 408/429; expired: over the maximum age; corrupt: unreadable)."},
			[]string{"cause"}),
		request: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: ns, Subsystem: sub,
			Name: "request_duration_seconds", Help: "Duration of one attempt (an HTTP request; a batch published and acknowledged).",
			Buckets: prometheus.ExponentialBuckets(0.001, 2.5, 12)}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: ns, Subsystem: sub,
			Name: "delivery_latency_seconds", Help: "Time from spooling an event to its delivery.",
			Buckets: prometheus.ExponentialBuckets(0.005, 4, 12)}),
		removeErrors: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "spool_remove_errors_total", Help: "Failed deletions of delivered events from the spool (first tries and retries)."}),
		stalled: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: ns, Subsystem: sub,
			Name: "stalled", Help: "1 while sending is stopped because the spool cannot delete delivered events (e.g. a read-only file system); 0 otherwise."}),
		failing: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: ns, Subsystem: sub,
			Name: "failing", Help: "1 from the third failed attempt in a row to the next success (the destination is down or refusing); 0 otherwise."}),
	}
	for _, c := range []string{"full", "error"} {
		m.dropped.WithLabelValues(c)
	}
	for _, c := range []string{"rejected", "expired", "corrupt"} {
		m.deadLettered.WithLabelValues(c)
	}
	if reg == nil {
		return m, nil
	}
	var err error
	reg1 := func(c prometheus.Collector) prometheus.Collector {
		if err != nil {
			return c
		}
		var got prometheus.Collector
		got, err = register(reg, c)
		return got
	}
	m.spooled = reg1(m.spooled).(prometheus.Counter)
	m.filtered = reg1(m.filtered).(prometheus.Counter)
	m.dropped = reg1(m.dropped).(*prometheus.CounterVec)
	m.delivered = reg1(m.delivered).(prometheus.Counter)
	m.retried = reg1(m.retried).(prometheus.Counter)
	m.deadLettered = reg1(m.deadLettered).(*prometheus.CounterVec)
	m.request = reg1(m.request).(prometheus.Histogram)
	m.latency = reg1(m.latency).(prometheus.Histogram)
	m.removeErrors = reg1(m.removeErrors).(prometheus.Counter)
	m.stalled = reg1(m.stalled).(prometheus.Gauge)
	m.failing = reg1(m.failing).(prometheus.Gauge)
	sc := reg1(newSpoolCollector(ns, sub)).(*spoolCollector)
	if err != nil {
		return nil, err
	}
	sc.q.Store(q)
	return m, nil
}

// register registers c, or returns the collector already registered under
// its name (a Drainer built again on SIGHUP with the same registry keeps
// counting on the same metrics).
func register(reg prometheus.Registerer, c prometheus.Collector) (prometheus.Collector, error) {
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) && reflect.TypeOf(are.ExistingCollector) == reflect.TypeOf(c) {
			return are.ExistingCollector, nil
		}
		return c, fmt.Errorf("sink: register metrics: %w", err)
	}
	return c, nil
}

// spoolCollector reports a queue's depth, oldest age and dead letters at
// scrape time, from the queue of the latest Drainer.
type spoolCollector struct {
	q                   atomic.Pointer[spool.Queue]
	depth, oldest, dead *prometheus.Desc
}

func newSpoolCollector(ns, sub string) *spoolCollector {
	name := func(n string) string { return prometheus.BuildFQName(ns, sub, n) }
	return &spoolCollector{
		depth:  prometheus.NewDesc(name("spool_depth"), "Events waiting in the sink's spool queue.", nil, nil),
		oldest: prometheus.NewDesc(name("spool_oldest_age_seconds"), "Age of the oldest event waiting in the sink's spool queue; 0 when empty.", nil, nil),
		dead:   prometheus.NewDesc(name("dead_letters"), "Events in the sink's dead letters.", nil, nil),
	}
}

// Describe implements prometheus.Collector.
func (c *spoolCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.depth
	ch <- c.oldest
	ch <- c.dead
}

// Collect implements prometheus.Collector.
func (c *spoolCollector) Collect(ch chan<- prometheus.Metric) {
	q := c.q.Load()
	if q == nil {
		return
	}
	st := q.Stats()
	age := 0.0
	if !st.Oldest.IsZero() {
		age = time.Since(st.Oldest).Seconds()
	}
	ch <- prometheus.MustNewConstMetric(c.depth, prometheus.GaugeValue, float64(st.Queued))
	ch <- prometheus.MustNewConstMetric(c.oldest, prometheus.GaugeValue, age)
	ch <- prometheus.MustNewConstMetric(c.dead, prometheus.GaugeValue, float64(st.Dead))
}
