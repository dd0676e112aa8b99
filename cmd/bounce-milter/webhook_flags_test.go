package main

import (
	"context"
	"encoding/base64"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/event"
)

var flagsTestSecret = "whsec_" + base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))

func parseWebhookFlags(t *testing.T, args ...string) *sinkOptions {
	t.Helper()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	o := addSinkFlags(fs)
	require.NoError(t, fs.Parse(args))
	return o
}

func TestWebhookFlagNames(t *testing.T) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addSinkFlags(fs)
	for _, name := range []string{"webhook-url", "webhook-secret-file", "spool-dir", "webhook-format",
		"webhook-kinds", "webhook-reasons", "webhook-concurrency", "webhook-max-age", "webhook-timeout",
		"spool-max-events", "spool-max-bytes"} {
		assert.NotNil(t, fs.Lookup(name), name)
	}
	assert.Equal(t, "24h0m0s", fs.Lookup("webhook-max-age").DefValue)
}

func TestWebhookStartWithoutURL(t *testing.T) {
	o := parseWebhookFlags(t)
	submit, stop, err := o.start(context.Background(), nil, nil)
	require.NoError(t, err)
	assert.Nil(t, submit)
	assert.NoError(t, stop(context.Background()))
}

func TestWebhookStartErrors(t *testing.T) {
	t.Setenv(webhookSecretEnv, "")
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad")
	require.NoError(t, os.WriteFile(bad, []byte("not-a-secret"), 0o600))
	tests := []struct {
		name string
		args []string
	}{
		{"no secret", []string{"--webhook-url", "http://127.0.0.1:1/"}},
		{"bad secret", []string{"--webhook-url", "http://127.0.0.1:1/", "--webhook-secret-file", bad}},
		{"missing secret file", []string{"--webhook-url", "http://127.0.0.1:1/", "--webhook-secret-file", dir + "/none"}},
		{"unknown reason", []string{"--webhook-url", "http://127.0.0.1:1/", "--webhook-reasons", "userunknown,nonsense"}},
		{"unknown format", []string{"--webhook-url", "http://127.0.0.1:1/", "--webhook-format", "xml"}},
	}
	for _, tt := range tests {
		o := parseWebhookFlags(t, append(tt.args, "--spool-dir", t.TempDir())...)
		_, _, err := o.start(context.Background(), nil, nil)
		assert.Error(t, err, tt.name)
	}
}

func TestWebhookStartDeliversAndRestarts(t *testing.T) {
	var got atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("webhook-signature") == "" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		got.Add(1)
	}))
	defer srv.Close()
	t.Setenv(webhookSecretEnv, flagsTestSecret) // the secret from the environment
	o := parseWebhookFlags(t, "--webhook-url", srv.URL, "--spool-dir", t.TempDir(), "--webhook-reasons", "UserUnknown")
	log := slog.New(slog.DiscardHandler)
	reg := prometheus.NewRegistry()
	ctx := context.Background()

	submit, stop, err := o.start(ctx, log, reg)
	require.NoError(t, err)
	require.NotNil(t, submit)
	facts := []classify.Record{{Recipient: "a@example.org", Reason: classify.UserUnknown, HardBounce: true}}
	require.NoError(t, submit(ctx, event.Message{QueueID: "Q1"}, event.HardBounce, facts))

	// SIGHUP: serve starts again with the same flags and registry before
	// it stops the old sender; they share the spool.
	submit2, stop2, err := o.start(ctx, log, reg)
	require.NoError(t, err)
	require.NoError(t, stop(ctx))
	require.NoError(t, submit2(ctx, event.Message{QueueID: "Q2"}, event.HardBounce, facts))

	deadline := time.Now().Add(10 * time.Second)
	for got.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	assert.GreaterOrEqual(t, got.Load(), int64(2))
	require.NoError(t, stop2(ctx))
	require.NoError(t, stop2(ctx), "stop twice is harmless")
}
