package milter

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/bounce-milter/bounce-milter/event"
)

// FailCause says why the milter accepted a message unchanged instead of
// classifying it: the fail-open events, counted by cause.
type FailCause string

// The fail-open causes.
const (
	FailParse    FailCause = "parse"    // the engine could read nothing
	FailPanic    FailCause = "panic"    // a panic inside the milter, recovered
	FailTimeout  FailCause = "timeout"  // classification ran past the per-message timeout
	FailOverload FailCause = "overload" // too many messages in classification or too many bytes buffered
	FailModify   FailCause = "modify"   // the MTA connection broke while sending header changes
)

// Metrics are the milter's Prometheus metrics, all registered on one
// non-global registry.
type Metrics struct {
	MessagesSeen   prometheus.Counter       // messages whose header ended
	Candidates     *prometheus.CounterVec   // pre-filter candidates, by cue
	Bounces        *prometheus.CounterVec   // classified bounces, by kind (per message)
	Reasons        *prometheus.CounterVec   // classified recipient facts, by reason
	NotBounces     prometheus.Counter       // candidates the engine found were no bounce
	DecodeFailures prometheus.Counter       // messages the engine could not read at all
	FailOpen       *prometheus.CounterVec   // messages accepted unchanged because of trouble, by cause
	ForgedRemoved  prometheus.Counter       // incoming X-Bounce-* headers removed
	HookErrors     prometheus.Counter       // OnBounce errors (and timeouts)
	Truncated      prometheus.Counter       // candidate bodies longer than the body bound
	Latency        *prometheus.HistogramVec // milter work at end of message, by path
	InFlight       prometheus.Gauge         // messages being classified now

	ConnectionsAccepted prometheus.Counter     // MTA connections accepted
	ConnectionsOpen     prometheus.Gauge       // MTA connections open now
	ConnectionsClosed   *prometheus.CounterVec // connections the milter closed itself, by reason
	ProtocolErrors      *prometheus.CounterVec // packets refused by the guard, by reason
	AcceptErrors        prometheus.Counter     // temporary accept errors, waited out
}

// newMetrics creates the metrics and registers them, with the Go runtime
// and process collectors, on reg.
func newMetrics(reg prometheus.Registerer) (*Metrics, error) {
	const ns = "bounce_milter"
	m := &Metrics{
		MessagesSeen: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "messages_seen_total",
			Help: "Messages whose header the milter saw to its end."}),
		Candidates: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "candidates_total",
			Help: "Messages the pre-filter passed to classification, by the strongest cue."}, []string{"cue"}),
		Bounces: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "bounces_total",
			Help: "Classified bounces, by kind (one per message)."}, []string{"kind"}),
		Reasons: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "bounce_recipients_total",
			Help: "Classified recipient facts, by reason (one per recipient)."}, []string{"reason"}),
		NotBounces: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "candidates_not_bounce_total",
			Help: "Candidates the engine found were no bounce."}),
		DecodeFailures: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "decode_failures_total",
			Help: "Candidates the engine could not read at all."}),
		FailOpen: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "fail_open_total",
			Help: "Messages accepted unchanged because of trouble inside the milter, by cause."}, []string{"cause"}),
		ForgedRemoved: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "forged_headers_removed_total",
			Help: "Incoming headers with the milter's prefix that were removed."}),
		HookErrors: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "on_bounce_errors_total",
			Help: "Errors and timeouts of the OnBounce hook."}),
		Truncated: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "bodies_truncated_total",
			Help: "Candidate bodies longer than the body bound, classified from their start."}),
		Latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Name: "eom_duration_seconds",
			Help:    "Milter work at the end of a message (classification, hook, header changes), by path.",
			Buckets: []float64{.00005, .0001, .00025, .0005, .001, .002, .005, .01, .025, .05, .1, .5, 1, 5}},
			[]string{"path"}),
		InFlight: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: ns, Name: "classifications_in_flight",
			Help: "Messages being classified now."}),
		ConnectionsAccepted: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "connections_accepted_total",
			Help: "MTA connections accepted."}),
		ConnectionsOpen: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: ns, Name: "connections_open",
			Help: "MTA connections open now."}),
		ConnectionsClosed: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "connections_closed_total",
			Help: "Connections the milter closed itself, by reason: refused (at the limit, none idle), evicted (the longest idle, for a new one), " +
				"idle_timeout, slow_packet, protocol (a bad packet), memory (no room in the packet budget), panic."}, []string{"reason"}),
		ProtocolErrors: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "protocol_errors_total",
			Help: "Packets refused before go-milter read them, by reason: empty, oversized, truncated, malformed, order, unknown_command."}, []string{"reason"}),
		AcceptErrors: prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "accept_errors_total",
			Help: "Temporary errors accepting a connection (e.g. out of file descriptors), waited out."}),
	}
	for _, c := range []prometheus.Collector{m.MessagesSeen, m.Candidates, m.Bounces, m.Reasons, m.NotBounces,
		m.DecodeFailures, m.FailOpen, m.ForgedRemoved, m.HookErrors, m.Truncated, m.Latency, m.InFlight,
		m.ConnectionsAccepted, m.ConnectionsOpen, m.ConnectionsClosed, m.ProtocolErrors, m.AcceptErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	// Make the labelled series exist from the start, so dashboards and
	// alerts see zeros rather than nothing.
	for _, c := range []FailCause{FailParse, FailPanic, FailTimeout, FailOverload, FailModify} {
		m.FailOpen.WithLabelValues(string(c))
	}
	for _, k := range event.Kinds {
		m.Bounces.WithLabelValues(string(k))
	}
	for _, r := range closeReasons {
		m.ConnectionsClosed.WithLabelValues(r)
	}
	for _, r := range protoReasons {
		m.ProtocolErrors.WithLabelValues(r)
	}
	return m, nil
}
