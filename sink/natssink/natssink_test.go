package natssink_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/event"
	"github.com/bounce-milter/bounce-milter/internal/brokertest"
	"github.com/bounce-milter/bounce-milter/sink"
	"github.com/bounce-milter/bounce-milter/sink/natssink"
	"github.com/bounce-milter/bounce-milter/webhook"
)

func message(t *testing.T, kind event.Kind, rcpt string) sink.Message {
	t.Helper()
	ev := event.New(event.Message{QueueID: "Q1"}, kind, []classify.Record{{Recipient: rcpt, Reason: classify.UserUnknown, HardBounce: kind == event.HardBounce}}, time.Now())
	data, err := json.Marshal(&ev)
	require.NoError(t, err)
	return sink.Message{Event: &ev, Data: data}
}

func TestSubject(t *testing.T) {
	for _, tc := range []struct {
		rcpt, want string
	}{
		{"bob@Example.ORG", "bounces.hard_bounce.example.org"},
		{"bob@mx..example.org.", "bounces.hard_bounce.mx.example.org"},
		{"bob@ex ample*>.org", "bounces.hard_bounce.ex_ample__.org"},
		{"no-domain", "bounces.hard_bounce.unknown"},
	} {
		assert.Equal(t, tc.want, natssink.Subject(natssink.DefaultSubject, message(t, event.HardBounce, tc.rcpt)), tc.rcpt)
	}
	_, _, err := natssink.New(natssink.Config{URL: "nats://127.0.0.1:1", Subject: "bounces.>"})
	assert.Error(t, err, "a wildcard is no subject")
	_, _, err = natssink.New(natssink.Config{URL: "nats://127.0.0.1:1", Subject: "bounces..{kind}"})
	assert.Error(t, err, "an empty token")
}

// TestPublishAcknowledgedDeduplicatedSigned runs a real JetStream server
// in process: a message reaches the stream on its subject with the event
// ID as Nats-Msg-Id, signed; publishing it again (a crash after the
// PubAck) adds nothing; with no stream for the subject it fails and says
// so.
func TestPublishAcknowledgedDeduplicatedSigned(t *testing.T) {
	srv := brokertest.StartNATS(t)
	signer, err := webhook.ParseSecrets("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	require.NoError(t, err)
	p, _, err := natssink.New(natssink.Config{URL: srv.URL(), Signer: signer, Timeout: 2 * time.Second,
		Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	defer p.Close()
	m := message(t, event.HardBounce, "bob@example.org")

	errs := p.Publish(context.Background(), []sink.Message{m, message(t, event.SoftBounce, "c@example.org")})
	require.Len(t, errs, 2)
	assert.ErrorContains(t, errs[0], "no stream takes subject bounces.hard_bounce.example.org")
	assert.ErrorIs(t, errs[1], sink.ErrNotAttempted, "the rest waits behind the failure")

	brokertest.CreateStream(t, srv.URL(), 1)
	for range 2 {
		errs = p.Publish(context.Background(), []sink.Message{m})
		require.NoError(t, errs[0])
	}
	msgs := brokertest.ReadStream(t, srv.URL())
	require.Len(t, msgs, 1, "the second publish is a duplicate the stream drops")
	got := msgs[0]
	assert.Equal(t, "bounces.hard_bounce.example.org", got.Subject)
	assert.Equal(t, m.Event.ID, got.Header.Get("Nats-Msg-Id"))
	assert.Equal(t, m.Event.ID, got.Header.Get(sink.HeaderID))
	assert.Equal(t, string(m.Data), string(got.Data), "the payload every sink sends")
	ts := m.Event.CreatedAt.Unix()
	assert.Equal(t, signer.Sign(m.Event.ID, ts, m.Data), got.Header.Get(sink.HeaderSignature))
}

// TestPublishOverTLSWithNKey: a server that takes TLS clients and knows
// one NKey user only; the sink connects with --nats-tls-ca-file and
// --nats-nkey-file and publishes, and without the seed it is refused,
// the events kept for a retry.
func TestPublishOverTLSWithNKey(t *testing.T) {
	user, err := nkeys.CreateUser()
	require.NoError(t, err)
	pub, err := user.PublicKey()
	require.NoError(t, err)
	seed, err := user.Seed()
	require.NoError(t, err)
	seedFile := filepath.Join(t.TempDir(), "user.nk")
	require.NoError(t, os.WriteFile(seedFile, seed, 0o600))
	tl := brokertest.NewTLS(t)
	srv := brokertest.StartNATS(t, func(o *server.Options) {
		o.TLSConfig, o.TLSTimeout = tl.Server, 5
		o.Nkeys = []*server.NkeyUser{{Nkey: pub}}
	})
	auth := []nats.Option{nats.RootCAs(tl.CAFile), nats.Nkey(pub, func(nonce []byte) ([]byte, error) { return user.Sign(nonce) })}
	brokertest.CreateStream(t, srv.URL(), 1, auth...)
	m := message(t, event.HardBounce, "bob@example.org")

	p, _, err := natssink.New(natssink.Config{URL: srv.URL(), NKeyFile: seedFile, TLS: sink.TLSFiles{CAFile: tl.CAFile},
		Timeout: 2 * time.Second, Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	defer p.Close()
	require.NoError(t, p.Publish(context.Background(), []sink.Message{m})[0])
	require.Len(t, brokertest.ReadStream(t, srv.URL(), auth...), 1)

	anon, _, err := natssink.New(natssink.Config{URL: srv.URL(), TLS: sink.TLSFiles{CAFile: tl.CAFile},
		Timeout: 500 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	defer anon.Close()
	assert.Error(t, anon.Publish(context.Background(), []sink.Message{message(t, event.HardBounce, "c@example.org")})[0],
		"no NKey: the server refuses the connection")
	_, _, err = natssink.New(natssink.Config{URL: srv.URL(), NKeyFile: seedFile + ".missing"})
	assert.ErrorContains(t, err, "nkey file")
	assert.NotContains(t, err.Error(), string(seed))
}
