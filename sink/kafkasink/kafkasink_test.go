package kafkasink_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/scram"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/event"
	"github.com/bounce-milter/bounce-milter/internal/brokertest"
	"github.com/bounce-milter/bounce-milter/sink"
	"github.com/bounce-milter/bounce-milter/sink/kafkasink"
)

func message(t *testing.T, qid, rcpt string) sink.Message {
	t.Helper()
	ev := event.New(event.Message{QueueID: qid}, event.HardBounce,
		[]classify.Record{{Recipient: rcpt, Reason: classify.UserUnknown, HardBounce: true}}, time.Now())
	data, err := json.Marshal(&ev)
	require.NoError(t, err)
	return sink.Message{Event: &ev, Data: data}
}

func header(r *kgo.Record, key string) string {
	for _, h := range r.Headers {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return ""
}

// TestProduceKeyedInOrder produces to franz-go's kfake, an in-process
// cluster that speaks the Kafka protocol: each record is keyed by its
// recipient, carries the event ID, and one recipient's records keep their
// order in one partition.
func TestProduceKeyedInOrder(t *testing.T) {
	k := brokertest.StartKafka(t, 3, 4)
	p, _, err := kafkasink.New(kafkasink.Config{Brokers: strings.Split(k.Brokers(), ","), Topic: brokertest.Topic,
		Timeout: 5 * time.Second, Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	defer p.Close()
	var msgs []sink.Message
	for i := range 60 {
		msgs = append(msgs, message(t, fmt.Sprintf("Q%02d", i), fmt.Sprintf("R%d@Example.org", i%5)))
	}
	for _, err := range p.Publish(context.Background(), msgs) {
		require.NoError(t, err)
	}
	recs := brokertest.ReadTopic(t, k.Brokers())
	require.Len(t, recs, len(msgs))
	byKey := map[string][]string{}
	partOf := map[string]int32{}
	for _, r := range recs {
		var ev event.Event
		require.NoError(t, json.Unmarshal(r.Value, &ev))
		assert.Equal(t, ev.ID, header(r, kafkasink.HeaderEventID))
		assert.Equal(t, ev.ID, header(r, sink.HeaderID))
		assert.Equal(t, strings.ToLower(ev.Recipient()), string(r.Key), "the recipient, lower-cased, is the key")
		key := string(r.Key)
		if p, ok := partOf[key]; ok {
			assert.Equal(t, p, r.Partition, "one recipient, one partition")
		}
		partOf[key] = r.Partition
		byKey[key] = append(byKey[key], ev.Message.QueueID)
	}
	for key, qids := range byKey {
		assert.IsIncreasing(t, qids, "order of %s", key)
	}
}

// TestSASLSCRAMAndRedaction: SCRAM-SHA-256 against kfake's SASL; a wrong
// password fails without the password in the error.
func TestSASLSCRAMAndRedaction(t *testing.T) {
	const user, pass = "bounces", "s3cret-pass-word"
	k := brokertest.StartKafka(t, 1, 1, kfake.EnableSASL(), kfake.Superuser("SCRAM-SHA-256", user, pass))
	ok, secrets, err := kafkasink.New(kafkasink.Config{Brokers: []string{k.Brokers()}, Topic: brokertest.Topic,
		SASL: kafkasink.SASLScramSHA256, User: user, Password: pass, Timeout: 5 * time.Second})
	require.NoError(t, err)
	defer ok.Close()
	require.NoError(t, ok.Publish(context.Background(), []sink.Message{message(t, "Q1", "a@example.org")})[0])
	recs := brokertest.ReadTopic(t, k.Brokers(), kgo.SASL(scram.Auth{User: user, Pass: pass}.AsSha256Mechanism()))
	require.Len(t, recs, 1)

	bad, _, err := kafkasink.New(kafkasink.Config{Brokers: []string{k.Brokers()}, Topic: brokertest.Topic,
		SASL: kafkasink.SASLScramSHA256, User: user, Password: "wrong-" + pass, Timeout: 2 * time.Second})
	require.NoError(t, err)
	defer bad.Close()
	perr := bad.Publish(context.Background(), []sink.Message{message(t, "Q2", "a@example.org")})[0]
	require.Error(t, perr)
	assert.NotContains(t, secrets.Redact(perr.Error()), pass)
	_, _, err = kafkasink.New(kafkasink.Config{Brokers: []string{k.Brokers()}, SASL: "gssapi"})
	assert.ErrorContains(t, err, "want plain, scram-sha-256 or scram-sha-512")
}

// TestTLSAndSASLPlain: kfake over TLS with SASL PLAIN; the sink trusts
// the test CA (--kafka-tls-ca-file) and produces; a client that does not
// trust it fails.
func TestTLSAndSASLPlain(t *testing.T) {
	const user, pass = "bounces", "plain-pass-word"
	tl := brokertest.NewTLS(t)
	k := brokertest.StartKafka(t, 1, 1, kfake.TLS(tl.Server), kfake.EnableSASL(), kfake.Superuser("PLAIN", user, pass))
	brokers := []string{strings.Replace(k.Brokers(), "127.0.0.1", "localhost", 1)}
	p, _, err := kafkasink.New(kafkasink.Config{Brokers: brokers, Topic: brokertest.Topic, SASL: kafkasink.SASLPlain,
		User: user, Password: pass, TLSFiles: sink.TLSFiles{CAFile: tl.CAFile}, Timeout: 5 * time.Second})
	require.NoError(t, err)
	defer p.Close()
	require.NoError(t, p.Publish(context.Background(), []sink.Message{message(t, "Q1", "a@example.org")})[0])

	untrusting, _, err := kafkasink.New(kafkasink.Config{Brokers: brokers, Topic: brokertest.Topic, SASL: kafkasink.SASLPlain,
		User: user, Password: pass, TLS: true, Timeout: time.Second})
	require.NoError(t, err)
	defer untrusting.Close()
	assert.Error(t, untrusting.Publish(context.Background(), []sink.Message{message(t, "Q2", "a@example.org")})[0],
		"the test CA is not the system's")
}
