package webhook

import (
	"fmt"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bounce-milter/bounce-milter/webhook/spool"
)

// metrics are the sender's Prometheus metrics, all named
// bounce_milter_webhook_*.
type metrics struct {
	spooled      prometheus.Counter
	filtered     prometheus.Counter
	dropped      *prometheus.CounterVec // cause: full, error
	delivered    prometheus.Counter
	retried      prometheus.Counter
	deadLettered *prometheus.CounterVec // cause: rejected, expired, corrupt
	request      prometheus.Histogram   // one HTTP attempt
	latency      prometheus.Histogram   // spooled to delivered
}

func newMetrics(reg prometheus.Registerer, sp *spool.Spool) (*metrics, error) {
	const ns, sub = "bounce_milter", "webhook"
	m := &metrics{
		spooled: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "events_spooled_total", Help: "Events written to the spool."}),
		filtered: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "events_filtered_total", Help: "Bounces not posted because of the kind and reason filters."}),
		dropped: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "events_dropped_total", Help: "Events the spool could not take (full: over its limits; error: a write failed, e.g. disk full)."},
			[]string{"cause"}),
		delivered: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "events_delivered_total", Help: "Events the receiver accepted with a 2xx answer."}),
		retried: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "events_retried_total", Help: "Failed attempts scheduled for a retry."}),
		deadLettered: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub,
			Name: "events_dead_lettered_total", Help: "Events moved to the dead letters (rejected: a 3xx or 4xx other than 408/429; expired: over the maximum age; corrupt: unreadable)."},
			[]string{"cause"}),
		request: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: ns, Subsystem: sub,
			Name: "request_duration_seconds", Help: "Duration of one HTTP attempt.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2.5, 12)}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: ns, Subsystem: sub,
			Name: "delivery_latency_seconds", Help: "Time from spooling an event to its delivery.",
			Buckets: prometheus.ExponentialBuckets(0.005, 4, 12)}),
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
	depth := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: ns, Subsystem: sub,
		Name: "spool_depth", Help: "Events waiting in the spool."},
		func() float64 { return float64(sp.Stats().Queued) })
	oldest := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: ns, Subsystem: sub,
		Name: "spool_oldest_age_seconds", Help: "Age of the oldest event waiting in the spool; 0 when empty."},
		func() float64 {
			st := sp.Stats()
			if st.Oldest.IsZero() {
				return 0
			}
			return time.Since(st.Oldest).Seconds()
		})
	dead := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: ns, Subsystem: sub,
		Name: "dead_letters", Help: "Events in the dead letters."},
		func() float64 { return float64(sp.Stats().Dead) })
	for _, c := range []prometheus.Collector{m.spooled, m.filtered, m.dropped, m.delivered, m.retried,
		m.deadLettered, m.request, m.latency, depth, oldest, dead} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("webhook: register metrics: %w", err)
		}
	}
	return m, nil
}
