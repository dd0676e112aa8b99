package sink_test

import (
	"context"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/bounce-milter/bounce-milter/event"
	"github.com/bounce-milter/bounce-milter/internal/brokertest"
	"github.com/bounce-milter/bounce-milter/sink"
	"github.com/bounce-milter/bounce-milter/sink/kafkasink"
	"github.com/bounce-milter/bounce-milter/webhook"
)

// collector gathers the events a consumer hands over.
type collector struct {
	mu  sync.Mutex
	got []*event.Event
}

func (c *collector) handle(ev *event.Event) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.got = append(c.got, ev)
	return nil
}

func (c *collector) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.got)
}

func spoolThree(t *testing.T, r *rig) {
	t.Helper()
	for _, b := range []struct {
		kind event.Kind
		rcpt string
	}{{event.HardBounce, "a@example.org"}, {event.SoftBounce, "b@example.org"}, {event.HardBounce, "c@example.net"}} {
		require.NoError(t, r.hub.Submit(context.Background(), event.Message{QueueID: b.rcpt}, b.kind, facts(b.rcpt)))
	}
}

// TestConsumerExamplesJetStream runs docs/sinks.md's JetStream consumer
// and replay against a real server: the durable consumer gets the hard
// bounces only, verified; a forged message is never handed over; a day's
// replay gets every event of that day and none of the day before.
func TestConsumerExamplesJetStream(t *testing.T) {
	ns := brokertest.StartNATS(t)
	brokertest.CreateStream(t, ns.URL(), 1)
	signer, err := webhook.ParseSecrets(secret)
	require.NoError(t, err)
	r := newRig(t, nil, natsSink(t, ns.URL(), signer))
	spoolThree(t, r)
	waitFor(t, 10*time.Second, "published", func() bool { return r.sp.Queue("nats").Stats().Queued == 0 })
	nc, err := nats.Connect(ns.URL())
	require.NoError(t, err)
	forged := nats.NewMsg("bounces.hard_bounce.example.org")
	forged.Data = []byte(`{"version":1,"id":"msg_forged"}`)
	forged.Header.Set("webhook-id", "msg_forged")
	forged.Header.Set("webhook-timestamp", "1")
	forged.Header.Set("webhook-signature", "v1,AAAA")
	require.NoError(t, nc.PublishMsg(forged))
	nc.Close()

	var c collector
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- consumeJetStream(ctx, ns.URL(), secret, c.handle) }()
	waitFor(t, 10*time.Second, "two hard bounces", func() bool { return c.len() == 2 })
	time.Sleep(200 * time.Millisecond) // the forged one comes last, and must not be handed over
	cancel()
	require.NoError(t, <-done)
	require.Len(t, c.got, 2)
	for _, ev := range c.got {
		assert.Equal(t, event.HardBounce, ev.Kind)
	}

	var today, yesterday collector
	require.NoError(t, replayJetStream(context.Background(), ns.URL(), secret, time.Now().UTC(), today.handle))
	assert.Equal(t, 3, today.len(), "the day's events, verified (the forged one left out)")
	require.NoError(t, replayJetStream(context.Background(), ns.URL(), secret, time.Now().UTC().Add(-24*time.Hour), yesterday.handle))
	assert.Zero(t, yesterday.len())
}

// TestConsumerExamplesKafka runs docs/sinks.md's Kafka consumer and replay
// against kfake (franz-go's in-process cluster, which speaks the Kafka
// protocol): every event is handed over once though one was produced
// twice (a restart after the acknowledgement), and a day's replay gets the
// day's events.
func TestConsumerExamplesKafka(t *testing.T) {
	k := brokertest.StartKafka(t, 1, 3)
	signer, err := webhook.ParseSecrets(secret)
	require.NoError(t, err)
	ks := kafkaSink(t, k.Brokers(), signer)
	r := newRig(t, nil, ks)
	spoolThree(t, r)
	waitFor(t, 10*time.Second, "produced", func() bool { return r.sp.Queue("kafka").Stats().Queued == 0 })
	// The same event once more, as after a crash between the
	// acknowledgement and the spool's deletion.
	first := brokertest.ReadTopic(t, k.Brokers())[0]
	var id string
	for _, h := range first.Headers {
		if h.Key == kafkasink.HeaderEventID {
			id = string(h.Value)
		}
	}
	ev, err := verifyEvent(secret, id, header(first.Headers, "webhook-timestamp"), header(first.Headers, "webhook-signature"), first.Value)
	require.NoError(t, err)
	for _, err := range ks.Publisher.Publish(context.Background(), []sink.Message{{Event: ev, Data: first.Value}}) {
		require.NoError(t, err)
	}

	var c collector
	seen := map[string]bool{}
	var mu sync.Mutex
	dedup := func(id string) bool {
		mu.Lock()
		defer mu.Unlock()
		old := seen[id]
		seen[id] = true
		return old
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- consumeKafka(ctx, strings.Split(k.Brokers(), ","), secret, dedup, c.handle) }()
	waitFor(t, 20*time.Second, "three events", func() bool { return c.len() == 3 })
	time.Sleep(300 * time.Millisecond)
	cancel()
	require.NoError(t, <-done)
	assert.Equal(t, 3, c.len(), "the duplicate is dropped")

	var today collector
	require.NoError(t, replayKafka(context.Background(), strings.Split(k.Brokers(), ","), secret, time.Now().UTC(), today.handle))
	assert.Equal(t, 4, today.len(), "a replay reads every record of the day, the duplicate too")
}

func header(hs []kgo.RecordHeader, key string) string {
	for _, h := range hs {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return ""
}

// TestDocsShowTheConsumerExamples: docs/sinks.md holds each consumer
// function of consumer_example_test.go exactly as it is compiled and
// tested here.
func TestDocsShowTheConsumerExamples(t *testing.T) {
	src, err := os.ReadFile("consumer_example_test.go")
	require.NoError(t, err)
	doc, err := os.ReadFile("../docs/sinks.md")
	require.NoError(t, err)
	for _, name := range []string{"verifyEvent", "consumeJetStream", "replayJetStream", "consumeKafka", "replayKafka"} {
		m := regexp.MustCompile(`(?ms)^// ` + name + ` .*?^}\n`).Find(src)
		require.NotNil(t, m, name)
		assert.Contains(t, string(doc), string(m), "docs/sinks.md shows %s as tested", name)
	}
}
