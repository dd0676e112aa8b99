// Package kafkasink produces bounce events to Kafka, as one sink of
// package sink. Each event is one record whose value is the event's JSON
// (package event), whose key is the event's first recipient (lower-cased),
// so that one recipient's events land in one partition in the order they
// were made, and whose headers carry the event ID (id, and the Standard
// Webhooks headers of sink.StreamHeaders).
//
// The producer is franz-go's idempotent producer with acks=all: an event
// leaves the spool only once every in-sync replica has it. When a record
// fails (the delivery timeout passed), franz-go fails the records behind
// it in the same partition too, so a retry never lands after a later
// event of the same recipient. A crash between the acknowledgement and the
// spool's deletion produces the event again after the restart: consumers
// drop duplicates by the id header.
package kafkasink

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"

	"github.com/bounce-milter/bounce-milter/sink"
)

// Name is the sink's name: its spool queue and its metrics
// (bounce_milter_kafka_*).
const Name = "kafka"

// The defaults of Config.
const (
	DefaultTopic   = "bounces"
	DefaultTimeout = 30 * time.Second
)

// HeaderEventID is the record header holding the event ID (the same value
// as webhook-id).
const HeaderEventID = "id"

// The SASL mechanisms.
const (
	SASLPlain       = "plain"
	SASLScramSHA256 = "scram-sha-256"
	SASLScramSHA512 = "scram-sha-512"
)

// Config configures the Kafka sink.
type Config struct {
	Brokers []string // seed brokers, host:port
	Topic   string   // default "bounces"
	// SASL is "", SASLPlain, SASLScramSHA256 or SASLScramSHA512, with User
	// and Password.
	SASL     string
	User     string
	Password string
	TLS      bool          // TLS to the brokers (implied by TLSFiles)
	TLSFiles sink.TLSFiles // CA, client certificate
	Timeout  time.Duration // a record's delivery timeout; default 30s
	Signer   sink.Signer   // signs each record (webhook-signature); nil: unsigned
	Logger   *slog.Logger
}

// Publisher produces to Kafka.
type Publisher struct {
	cfg Config
	cl  *kgo.Client
}

// New returns the publisher (it connects on first use: brokers that are
// down delay the events, not the start) and the secrets its errors may
// carry.
func New(cfg Config) (*Publisher, sink.Secrets, error) {
	if len(cfg.Brokers) == 0 {
		return nil, nil, errors.New("kafkasink: no broker")
	}
	if cfg.Topic == "" {
		cfg.Topic = DefaultTopic
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	var secrets sink.Secrets
	secrets.Add(cfg.Password)
	opts := []kgo.Opt{
		kgo.SeedBrokers(cfg.Brokers...),
		kgo.ClientID("bounce-milter"),
		kgo.DefaultProduceTopic(cfg.Topic),
		kgo.RequiredAcks(kgo.AllISRAcks()), // the default of the idempotent producer, said out loud
		kgo.RecordDeliveryTimeout(cfg.Timeout),
		kgo.ProducerLinger(0),
		kgo.UnknownTopicRetries(-1), // a topic not yet created is an outage, not a reason to fail
	}
	switch strings.ToLower(cfg.SASL) {
	case "":
	case SASLPlain:
		opts = append(opts, kgo.SASL(plain.Auth{User: cfg.User, Pass: cfg.Password}.AsMechanism()))
	case SASLScramSHA256, SASLScramSHA512:
		a := scram.Auth{User: cfg.User, Pass: cfg.Password}
		var m sasl.Mechanism = a.AsSha256Mechanism()
		if strings.ToLower(cfg.SASL) == SASLScramSHA512 {
			m = a.AsSha512Mechanism()
		}
		opts = append(opts, kgo.SASL(m))
	default:
		return nil, nil, fmt.Errorf("kafkasink: SASL mechanism %q: want plain, scram-sha-256 or scram-sha-512", cfg.SASL)
	}
	if cfg.TLS || cfg.TLSFiles.Set() {
		tc, err := cfg.TLSFiles.Config()
		if err != nil {
			return nil, nil, fmt.Errorf("kafkasink: %w", err)
		}
		opts = append(opts, kgo.DialTLSConfig(tc))
	}
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("kafkasink: %s", secrets.Redact(err.Error()))
	}
	return &Publisher{cfg: cfg, cl: cl}, secrets, nil
}

// Describe returns the log attributes of the sink, without secrets.
func (p *Publisher) Describe() []any {
	return []any{"brokers", strings.Join(p.cfg.Brokers, ","), "topic", p.cfg.Topic, "sasl", p.cfg.SASL,
		"tls", p.cfg.TLS || p.cfg.TLSFiles.Set(), "signed", p.cfg.Signer != nil}
}

// Key returns the record key of m: its first recipient, lower-cased.
func Key(m sink.Message) []byte {
	return []byte(strings.ToLower(m.Event.Recipient()))
}

// Publish produces msgs in order and waits for each acknowledgement or
// failure.
func (p *Publisher) Publish(ctx context.Context, msgs []sink.Message) []error {
	recs := make([]*kgo.Record, len(msgs))
	index := make(map[*kgo.Record]int, len(msgs))
	for i, m := range msgs {
		r := &kgo.Record{Key: Key(m), Value: m.Data}
		r.Headers = append(r.Headers, kgo.RecordHeader{Key: HeaderEventID, Value: []byte(m.Event.ID)})
		for _, h := range sink.StreamHeaders(m, p.cfg.Signer) {
			r.Headers = append(r.Headers, kgo.RecordHeader{Key: h.Key, Value: []byte(h.Value)})
		}
		recs[i] = r
		index[r] = i
	}
	errs := make([]error, len(msgs))
	// The delivery timeout is enforced between requests only; while no
	// broker answers, the context ends the wait (and fails the records
	// not yet written), so that an outage is seen and counted.
	ctx, cancel := context.WithTimeout(ctx, p.cfg.Timeout+time.Second)
	defer cancel()
	for _, res := range p.cl.ProduceSync(ctx, recs...) {
		i, ok := index[res.Record]
		if !ok || res.Err == nil {
			continue
		}
		switch {
		case errors.Is(res.Err, kerr.MessageTooLarge), errors.Is(res.Err, kerr.RecordListTooLarge),
			errors.Is(res.Err, kerr.InvalidRecord):
			errs[i] = sink.Permanent(fmt.Errorf("kafka: %s: %w", p.cfg.Topic, res.Err))
		default:
			errs[i] = fmt.Errorf("kafka: produce to %s: %w", p.cfg.Topic, res.Err)
		}
	}
	return errs
}

// Close flushes nothing (every Publish waited for its records) and closes
// the client.
func (p *Publisher) Close() error {
	p.cl.Close()
	return nil
}
