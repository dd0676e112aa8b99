//go:build e2e

package e2e

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPostfixWebhook: a bounce sent through the real Postfix reaches a
// webhook receiver, signed, with the facts the engine found, and is
// delivered to the mailbox as well.
func TestPostfixWebhook(t *testing.T) {
	dir := resetMaildir(t, mailUser)
	secret := "whsec_" + base64.StdEncoding.EncodeToString([]byte("e2e webhook key of 32 bytes long"))
	secretFile := filepath.Join(base, "webhook.secret")
	require.NoError(t, os.WriteFile(secretFile, []byte(secret), 0o600))

	type event struct {
		verified bool
		body     map[string]any
	}
	events := make(chan event, 16)
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		// The receiver's own check of the Standard Webhooks signature.
		key, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
		mac := hmac.New(sha256.New, key)
		mac.Write([]byte(r.Header.Get("webhook-id") + "." + r.Header.Get("webhook-timestamp") + "."))
		mac.Write(body)
		want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
		var m map[string]any
		_ = json.Unmarshal(body, &m)
		events <- event{strings.Contains(" "+r.Header.Get("webhook-signature")+" ", " "+want+" "), m}
		w.WriteHeader(http.StatusOK)
	}))
	defer recv.Close()

	env.milter.stop()
	p, err := startMilter("--webhook-url", recv.URL, "--webhook-secret-file", secretFile,
		"--spool-dir", filepath.Join(base, "webhook-spool"))
	require.NoError(t, err)
	env.milter = p
	defer func() {
		env.milter.stop()
		p, err := startMilter()
		require.NoError(t, err, "restart the milter without the webhook")
		env.milter = p
	}()

	raw, err := os.ReadFile(filepath.Join(corpusDir, "bsd", "lhost-sendmail-01.eml"))
	require.NoError(t, err)
	msg := withID("webhook-bounce", raw)
	require.NoError(t, smtpSend(env.postfix.port, "", []string{mailUser + "@localhost"}, msg))
	got := byID(t, dir, []string{"webhook-bounce"}, 30*time.Second)
	assert.Equal(t, "userunknown", got["webhook-bounce"].get("X-Bounce-Reason"))

	select {
	case ev := <-events:
		assert.True(t, ev.verified, "signature")
		assert.Equal(t, "bounce.hard_bounce", ev.body["type"])
		facts, _ := ev.body["facts"].([]any)
		require.Len(t, facts, 1)
		f, _ := facts[0].(map[string]any)
		assert.Equal(t, "userunknown", f["reason"])
		assert.Equal(t, "5.1.1", f["deliverystatus"])
		assert.Equal(t, true, f["hardbounce"])
		m, _ := ev.body["message"].(map[string]any)
		assert.NotEmpty(t, m["queue_id"], "Postfix's queue id")
	case <-time.After(30 * time.Second):
		t.Fatal("the webhook receiver got nothing")
	}
}
