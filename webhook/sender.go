// Package webhook posts bounce events to an HTTP endpoint, signed as the
// Standard Webhooks specification 1.0.0 says
// (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md),
// or in listmonk's generic bounce webhook format
// (https://listmonk.app/docs/bounces/#webhook-api). It is one sink of
// package sink: the events wait in the webhook's spool queue until the
// receiver answers 2xx.
//
// Delivery retries with exponential backoff and jitter on connection
// errors, timeouts, 5xx, 408 and 429 (honouring Retry-After) until an
// event is older than its maximum age. Other answers and expiry move an
// event to the dead letters. Delivery is at least once; the webhook-id
// header stays the same across retries so that receivers can drop
// duplicates. Order is not promised.
//
// The body is the event of package event, version 1; docs/webhook.md is
// its reference.
package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/event"
	"github.com/bounce-milter/bounce-milter/sink"
	"github.com/bounce-milter/bounce-milter/webhook/spool"
)

// The defaults of Config.
const (
	DefaultConcurrency = sink.DefaultConcurrency
	DefaultMaxAge      = sink.DefaultMaxAge
	DefaultTimeout     = 30 * time.Second
)

// Name is the webhook's sink name: its spool queue and its metrics
// (bounce_milter_webhook_*).
const Name = spool.DefaultQueue

// Config configures the webhook sink. NewSink checks it and fills in the
// defaults.
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

	// Kinds, when set, posts only bounces of these kinds (event.MatchKind:
	// "hard" selects hard-bounce).
	Kinds []string
	// Reasons, when set, posts only the facts with these reasons, and a
	// bounce only when one of its facts is left.
	Reasons []classify.Reason

	Client     *http.Client          // default: no redirects, Concurrency idle connections
	Logger     *slog.Logger          // default: slog.Default()
	Registerer prometheus.Registerer // where the metrics go; nil: not registered
	UserAgent  string                // default "bounce-milter-webhook"
}

// publisher posts events over HTTP.
type publisher struct {
	cfg     Config
	secrets sink.Secrets
	shown   string // the URL without credentials
}

// NewSink checks cfg and returns the webhook's sink configuration, for
// sink.NewDrainer on the spool queue named Name.
func NewSink(cfg Config) (sink.Config, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return sink.Config{}, fmt.Errorf("webhook: url: %s", sink.RedactURL(cfg.URL))
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return sink.Config{}, fmt.Errorf("webhook: url %q: want http:// or https:// and a host", sink.RedactURL(cfg.URL))
	}
	if cfg.Format == "" {
		cfg.Format = FormatStandard
	}
	if _, err := ParseFormat(string(cfg.Format)); err != nil {
		return sink.Config{}, err
	}
	if cfg.Format == FormatStandard && cfg.Signer == nil {
		return sink.Config{}, fmt.Errorf("webhook: a secret is required to sign standard webhooks")
	}
	if cfg.Format == FormatListmonk && cfg.Credentials != "" && !strings.Contains(cfg.Credentials, ":") {
		return sink.Config{}, fmt.Errorf("webhook: listmonk credentials must be api_user:access_token")
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = DefaultConcurrency
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
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
	p := &publisher{cfg: cfg, shown: sink.RedactURL(cfg.URL)}
	p.secrets.AddURL(cfg.URL)
	if _, pass, ok := strings.Cut(cfg.Credentials, ":"); ok {
		p.secrets.Add(pass)
	}
	return sink.Config{
		Name:           Name,
		Publisher:      p,
		Concurrency:    cfg.Concurrency,
		MaxAge:         cfg.MaxAge,
		MinBackoff:     cfg.MinBackoff,
		MaxBackoff:     cfg.MaxBackoff,
		RescanInterval: cfg.RescanInterval,
		Select:         selector(cfg.Format, cfg.Kinds, cfg.Reasons),
		Secrets:        p.secrets,
		Describe:       []any{"url", p.shown, "format", cfg.Format},
		Logger:         cfg.Logger,
		Registerer:     cfg.Registerer,
	}, nil
}

// selector returns the webhook's choice of events: the kind and reason
// filters, and for FormatListmonk one event per recipient that listmonk
// takes. An event narrowed by a filter gets an ID of its own, so that the
// same ID never names two payloads across sinks.
func selector(f Format, kinds []string, reasons []classify.Reason) func(ev *event.Event) []event.Event {
	if f != FormatListmonk && len(kinds) == 0 && len(reasons) == 0 {
		return nil
	}
	return func(ev *event.Event) []event.Event {
		if len(kinds) > 0 && !matchesAny(ev.Kind, kinds) {
			return nil
		}
		facts := make([]classify.Record, 0, len(ev.Facts))
		for _, rec := range ev.Facts {
			if f == FormatListmonk && !listmonkWants(rec) {
				continue
			}
			if len(reasons) > 0 && !containsReason(reasons, rec.Reason) {
				continue
			}
			facts = append(facts, rec)
		}
		if len(facts) == 0 && (len(reasons) > 0 || f == FormatListmonk) {
			return nil
		}
		if f == FormatListmonk {
			out := make([]event.Event, len(facts))
			for i, rec := range facts {
				out[i] = event.New(ev.Message, ev.Kind, []classify.Record{rec}, ev.CreatedAt)
			}
			return out
		}
		if len(facts) == len(ev.Facts) {
			return []event.Event{*ev}
		}
		return []event.Event{event.New(ev.Message, ev.Kind, facts, ev.CreatedAt)}
	}
}

func matchesAny(k event.Kind, filters []string) bool {
	for _, f := range filters {
		if event.MatchKind(k, f) {
			return true
		}
	}
	return false
}

func containsReason(rs []classify.Reason, r classify.Reason) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// Publish posts each event (one message per call, as the drainer is
// unordered) and classifies the answer.
func (p *publisher) Publish(ctx context.Context, msgs []sink.Message) []error {
	errs := make([]error, len(msgs))
	for i, m := range msgs {
		errs[i] = p.publish(ctx, m.Event)
	}
	return errs
}

func (p *publisher) publish(ctx context.Context, ev *event.Event) error {
	reqs, err := requests(p.cfg.Format, ev)
	if err != nil {
		return sink.Permanent(err)
	}
	for _, r := range reqs {
		code, retryAfter, snippet, err := p.post(ctx, r)
		switch {
		case err != nil:
			return err
		case code >= 200 && code <= 299:
			continue
		case code == http.StatusRequestTimeout, code == http.StatusTooManyRequests, code >= 500:
			return sink.RetryAfter(httpError(code, p.shown, snippet), retryAfter)
		default:
			return sink.Permanent(httpError(code, p.shown, snippet))
		}
	}
	return nil
}

// httpError describes an answer: "HTTP 404 from URL", and ": " and the
// start of the body when there is one.
func httpError(code int, shown, snippet string) error {
	if snippet == "" {
		return fmt.Errorf("HTTP %d from %s", code, shown)
	}
	return fmt.Errorf("HTTP %d from %s: %s", code, shown, snippet)
}

// Close closes idle connections.
func (p *publisher) Close() error {
	p.cfg.Client.CloseIdleConnections()
	return nil
}

// post makes one HTTP request. It returns the status code, the
// Retry-After delay (0 if none), the start of the answer's body, or the
// error that kept it from an answer, with the URL shown without
// credentials.
func (p *publisher) post(ctx context.Context, r request) (int, time.Duration, string, error) {
	ctx, cancel := context.WithTimeout(ctx, p.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.cfg.URL, bytes.NewReader(r.body))
	if err != nil {
		return 0, 0, "", fmt.Errorf("webhook: request: %s", p.secrets.Redact(err.Error()))
	}
	h := req.Header
	h.Set("Content-Type", "application/json")
	h.Set("User-Agent", p.cfg.UserAgent)
	h.Set("webhook-id", r.id)
	if p.cfg.Format == FormatListmonk {
		if user, pass, ok := strings.Cut(p.cfg.Credentials, ":"); ok {
			req.SetBasicAuth(user, pass)
		}
	} else {
		ts := time.Now().Unix()
		h.Set("webhook-timestamp", strconv.FormatInt(ts, 10))
		h.Set("webhook-signature", p.cfg.Signer.Sign(r.id, ts, r.body))
	}
	resp, err := p.cfg.Client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			ue.URL = p.shown
		}
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

// Sender is the webhook alone on a spool: a Hub with the webhook's
// Drainer, for programs that post to one webhook and nothing else.
type Sender struct {
	*sink.Drainer
	hub *sink.Hub
	sp  *spool.Spool
}

// ErrDropped is wrapped by Submit's error when the spool could not take an
// event (sink.ErrDropped).
var ErrDropped = sink.ErrDropped

// New returns a Sender that spools into sp's webhook queue. Call Start to
// deliver.
func New(sp *spool.Spool, cfg Config) (*Sender, error) {
	sc, err := NewSink(cfg)
	if err != nil {
		return nil, err
	}
	d, err := sink.NewDrainer(sp.Queue(Name), sc)
	if err != nil {
		return nil, err
	}
	return newSender(sp, d, cfg.Logger)
}

func newSender(sp *spool.Spool, d *sink.Drainer, log *slog.Logger) (*Sender, error) {
	hub, err := sink.NewHub(sp, log, d)
	if err != nil {
		return nil, err
	}
	return &Sender{Drainer: d, hub: hub, sp: sp}, nil
}

// Successor returns a Sender with cfg that takes over s's queue and
// schedule (sink.Drainer.Successor), for a configuration reload.
func (s *Sender) Successor(cfg Config) (*Sender, error) {
	sc, err := NewSink(cfg)
	if err != nil {
		return nil, err
	}
	d, err := s.Drainer.Successor(sc)
	if err != nil {
		return nil, err
	}
	return newSender(s.sp, d, cfg.Logger)
}

// Submit spools the event of one bounce (sink.Hub.Submit).
func (s *Sender) Submit(ctx context.Context, msg event.Message, kind event.Kind, facts []classify.Record) error {
	return s.hub.Submit(ctx, msg, kind, facts)
}
