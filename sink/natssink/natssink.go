// Package natssink publishes bounce events to NATS JetStream, as one sink
// of package sink. Each event is one message whose body is the event's
// JSON (package event) on a subject made from the event ("bounces.KIND.DOMAIN"
// by default, "bounces.hard_bounce.example.org"), so that consumers filter
// by subject. The message carries the event ID as Nats-Msg-Id, so that the
// stream drops the duplicate a crash between the PubAck and the spool's
// deletion would publish again (within the stream's duplicate window), and
// the Standard Webhooks headers (sink.StreamHeaders). An event leaves the
// spool only once the stream acknowledged it (the PubAck).
//
// Messages are published one at a time in the order the events were made,
// each waiting for its PubAck: a recipient's events reach the stream in
// order, and a failure stops the batch there.
package natssink

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/bounce-milter/bounce-milter/sink"
)

// Name is the sink's name: its spool queue and its metrics
// (bounce_milter_nats_*).
const Name = "nats"

// DefaultSubject is the subject template: {kind} is the event's kind
// (hard_bounce, ...), {domain} the domain of its first recipient.
const DefaultSubject = "bounces.{kind}.{domain}"

// DefaultTimeout bounds the wait for one PubAck.
const DefaultTimeout = 10 * time.Second

// Config configures the NATS sink.
type Config struct {
	URL       string // one or more server URLs, comma-separated (nats:// or tls://)
	Subject   string // the subject template; default DefaultSubject
	CredsFile string // a user credentials file (JWT and NKey seed), as nsc writes it
	NKeyFile  string // an NKey seed file
	TLS       sink.TLSFiles
	Timeout   time.Duration // the wait for one PubAck; default 10s
	Signer    sink.Signer   // signs each message (webhook-signature); nil: unsigned
	Logger    *slog.Logger
}

// Publisher publishes to JetStream.
type Publisher struct {
	cfg   Config
	nc    *nats.Conn
	js    jetstream.JetStream
	shown string
}

// New connects (in the background: a server that is down delays the
// events, not the start) and returns the publisher and the secrets its
// errors may carry.
func New(cfg Config) (*Publisher, sink.Secrets, error) {
	if strings.TrimSpace(cfg.URL) == "" {
		return nil, nil, errors.New("natssink: no server URL")
	}
	if cfg.Subject == "" {
		cfg.Subject = DefaultSubject
	}
	if err := checkTemplate(cfg.Subject); err != nil {
		return nil, nil, err
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	var secrets sink.Secrets
	var shown []string
	for _, u := range strings.Split(cfg.URL, ",") {
		secrets.AddURL(strings.TrimSpace(u))
		shown = append(shown, sink.RedactURL(strings.TrimSpace(u)))
	}
	log := cfg.Logger.With("sink", Name)
	opts := []nats.Option{
		nats.Name("bounce-milter"),
		nats.RetryOnFailedConnect(true),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Info("nats: disconnected", "err", secrets.Redact(err.Error()))
			}
		}),
		nats.ReconnectHandler(func(c *nats.Conn) {
			log.Info("nats: connected", "server", sink.RedactURL(c.ConnectedUrl()))
		}),
	}
	if cfg.CredsFile != "" && cfg.NKeyFile != "" {
		return nil, nil, errors.New("natssink: a creds file or an nkey file, not both")
	}
	if cfg.CredsFile != "" {
		opts = append(opts, nats.UserCredentials(cfg.CredsFile))
	}
	if cfg.NKeyFile != "" {
		o, err := nats.NkeyOptionFromSeed(cfg.NKeyFile)
		if err != nil {
			// The error names the file, never its content.
			return nil, nil, fmt.Errorf("natssink: nkey file %s: unreadable or no seed", cfg.NKeyFile)
		}
		opts = append(opts, o)
	}
	if cfg.TLS.Set() {
		tc, err := cfg.TLS.Config()
		if err != nil {
			return nil, nil, fmt.Errorf("natssink: %w", err)
		}
		opts = append(opts, nats.Secure(tc))
	}
	nc, err := nats.Connect(cfg.URL, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("natssink: connect: %s", secrets.Redact(err.Error()))
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, nil, fmt.Errorf("natssink: jetstream: %w", err)
	}
	return &Publisher{cfg: cfg, nc: nc, js: js, shown: strings.Join(shown, ",")}, secrets, nil
}

// Describe returns the log attributes of the sink, without secrets.
func (p *Publisher) Describe() []any {
	return []any{"url", p.shown, "subject", p.cfg.Subject, "signed", p.cfg.Signer != nil}
}

// Publish publishes msgs one by one, each after the PubAck of the one
// before; the first failure leaves the rest untried.
func (p *Publisher) Publish(ctx context.Context, msgs []sink.Message) []error {
	errs := make([]error, len(msgs))
	for i, m := range msgs {
		if errs[i] = p.publish(ctx, m); errs[i] != nil {
			for j := i + 1; j < len(msgs); j++ {
				errs[j] = sink.ErrNotAttempted
			}
			break
		}
	}
	return errs
}

func (p *Publisher) publish(ctx context.Context, m sink.Message) error {
	msg := nats.NewMsg(Subject(p.cfg.Subject, m))
	msg.Data = m.Data
	msg.Header.Set(jetstream.MsgIDHeader, m.Event.ID)
	for _, h := range sink.StreamHeaders(m, p.cfg.Signer) {
		msg.Header.Set(h.Key, h.Value)
	}
	ctx, cancel := context.WithTimeout(ctx, p.cfg.Timeout)
	defer cancel()
	_, err := p.js.PublishMsg(ctx, msg)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, nats.ErrMaxPayload):
		return sink.Permanent(fmt.Errorf("nats: %s: %w", msg.Subject, err))
	case errors.Is(err, jetstream.ErrNoStreamResponse):
		return fmt.Errorf("nats: no stream takes subject %s (create it: docs/sinks.md): %w", msg.Subject, err)
	}
	return fmt.Errorf("nats: publish %s: %w", msg.Subject, err)
}

// Close drains and closes the connection.
func (p *Publisher) Close() error {
	p.nc.Close()
	return nil
}

// Subject returns the subject of m under template t.
func Subject(t string, m sink.Message) string {
	return strings.NewReplacer("{kind}", m.Event.Kind.Name(), "{domain}", subjectDomain(m.Event.RecipientDomain())).Replace(t)
}

// subjectDomain makes a domain fit a subject: its labels become tokens;
// characters a token may not hold (white space, *, >) and any other than
// [a-z0-9_-] become "_"; no domain is "unknown".
func subjectDomain(d string) string {
	var labels []string
	for _, l := range strings.Split(strings.ToLower(d), ".") {
		if l == "" {
			continue
		}
		labels = append(labels, strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
				return r
			}
			return '_'
		}, l))
	}
	if len(labels) == 0 {
		return "unknown"
	}
	return strings.Join(labels, ".")
}

// checkTemplate refuses a subject template that cannot make valid
// subjects.
func checkTemplate(t string) error {
	probe := strings.NewReplacer("{kind}", "k", "{domain}", "d").Replace(t)
	for _, tok := range strings.Split(probe, ".") {
		if tok == "" || strings.ContainsAny(tok, " \t\r\n*>{}") {
			return fmt.Errorf("natssink: subject %q: want dot-separated tokens without white space, wildcards or other braces than {kind} and {domain}", t)
		}
	}
	return nil
}
