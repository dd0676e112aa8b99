package sink_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/bounce-milter/bounce-milter/event"
)

// The consumers below are docs/sinks.md's examples, verbatim (a test
// compares them): a service reading the bounce events from JetStream or
// Kafka, checking each one, and dropping the duplicates that at-least-once
// delivery brings.

// verifyEvent checks the Standard Webhooks signature bounce-milter puts on
// every sink's events (keyed with the webhook's secret), and decodes the
// event. A stream is read long after it was written, so unlike a webhook
// receiver it does not refuse old timestamps.
func verifyEvent(secret, id, ts, sigs string, body []byte) (*event.Event, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return nil, err
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + ts + "."))
	mac.Write(body) // the raw bytes, before any JSON decoding
	ok := false
	for _, sig := range strings.Fields(sigs) {
		b, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(sig, "v1,"))
		ok = ok || err == nil && strings.HasPrefix(sig, "v1,") && hmac.Equal(b, mac.Sum(nil))
	}
	if !ok {
		return nil, errors.New("bad signature")
	}
	var ev event.Event
	if err := json.Unmarshal(body, &ev); err != nil {
		return nil, err
	}
	if ev.Version != 1 || ev.ID != id {
		return nil, fmt.Errorf("event %s: version %d, id %s", id, ev.Version, ev.ID)
	}
	return &ev, nil
}

// consumeJetStream hands every hard bounce to handle, through a durable
// consumer of the BOUNCES stream that remembers where it stopped. A message
// is acknowledged once handled; one that fails verification is terminated.
func consumeJetStream(ctx context.Context, url, secret string, handle func(*event.Event) error) error {
	nc, err := nats.Connect(url)
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, "BOUNCES", jetstream.ConsumerConfig{
		Durable:       "suppression",
		FilterSubject: "bounces.hard_bounce.>",
		AckPolicy:     jetstream.AckExplicitPolicy,
	})
	if err != nil {
		return err
	}
	cc, err := cons.Consume(func(m jetstream.Msg) {
		h := m.Headers()
		ev, err := verifyEvent(secret, h.Get("webhook-id"), h.Get("webhook-timestamp"), h.Get("webhook-signature"), m.Data())
		if err != nil {
			m.Term() // never valid: do not redeliver
			return
		}
		if handle(ev) == nil {
			m.Ack()
		} else {
			m.Nak() // redelivered later
		}
	})
	if err != nil {
		return err
	}
	<-ctx.Done()
	cc.Stop()
	return nil
}

// replayJetStream hands handle every event of one day again, from the
// stream's start time index, without touching any durable consumer.
func replayJetStream(ctx context.Context, url, secret string, day time.Time, handle func(*event.Event) error) error {
	nc, err := nats.Connect(url)
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	start := day.Truncate(24 * time.Hour)
	cons, err := js.OrderedConsumer(ctx, "BOUNCES", jetstream.OrderedConsumerConfig{
		DeliverPolicy: jetstream.DeliverByStartTimePolicy,
		OptStartTime:  &start,
	})
	if err != nil {
		return err
	}
	for {
		m, err := cons.Next(jetstream.FetchMaxWait(2 * time.Second))
		if errors.Is(err, nats.ErrTimeout) || errors.Is(err, jetstream.ErrNoMessages) {
			return nil // the end of the stream
		}
		if err != nil {
			return err
		}
		md, err := m.Metadata()
		if err != nil {
			return err
		}
		if !md.Timestamp.Before(start.Add(24 * time.Hour)) {
			return nil // the next day
		}
		h := m.Headers()
		ev, err := verifyEvent(secret, h.Get("webhook-id"), h.Get("webhook-timestamp"), h.Get("webhook-signature"), m.Data())
		if err != nil {
			continue
		}
		if err := handle(ev); err != nil {
			return err
		}
	}
}

// consumeKafka hands every event to handle, in a consumer group that
// commits its offsets once the events are handled; seen drops the
// duplicates a producer's restart can bring (keep the IDs of a few days).
// One recipient's events come in order: they share a partition.
func consumeKafka(ctx context.Context, brokers []string, secret string, seen func(id string) bool, handle func(*event.Event) error) error {
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ConsumerGroup("suppression"),
		kgo.ConsumeTopics("bounces"), kgo.DisableAutoCommit())
	if err != nil {
		return err
	}
	defer cl.Close()
	for {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			return nil
		}
		var ferr error
		fs.EachError(func(_ string, _ int32, err error) { ferr = err })
		if ferr != nil {
			return ferr
		}
		var herr error
		fs.EachRecord(func(r *kgo.Record) {
			h := map[string]string{}
			for _, kv := range r.Headers {
				h[kv.Key] = string(kv.Value)
			}
			ev, err := verifyEvent(secret, h["webhook-id"], h["webhook-timestamp"], h["webhook-signature"], r.Value)
			if err != nil || seen(ev.ID) || herr != nil {
				return
			}
			herr = handle(ev)
		})
		if herr != nil {
			return herr // not committed: read again after a restart
		}
		if err := cl.CommitUncommittedOffsets(ctx); err != nil {
			return err
		}
	}
}

// replayKafka hands handle every event of one day again: it seeks each
// partition to the day's first offset (Kafka's time index) and reads
// until the next day, outside any consumer group.
func replayKafka(ctx context.Context, brokers []string, secret string, day time.Time, handle func(*event.Event) error) error {
	start := day.Truncate(24 * time.Hour)
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ConsumeTopics("bounces"),
		kgo.ConsumeResetOffset(kgo.NewOffset().AfterMilli(start.UnixMilli())))
	if err != nil {
		return err
	}
	defer cl.Close()
	for {
		pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		fs := cl.PollFetches(pctx)
		cancel()
		if fs.Empty() {
			return ctx.Err() // nothing more within 2 s: the end
		}
		var herr error
		fs.EachRecord(func(r *kgo.Record) {
			if !r.Timestamp.Before(start.Add(24*time.Hour)) || herr != nil {
				return
			}
			h := map[string]string{}
			for _, kv := range r.Headers {
				h[kv.Key] = string(kv.Value)
			}
			if ev, err := verifyEvent(secret, h["webhook-id"], h["webhook-timestamp"], h["webhook-signature"], r.Value); err == nil {
				herr = handle(ev)
			}
		})
		if herr != nil {
			return herr
		}
	}
}
