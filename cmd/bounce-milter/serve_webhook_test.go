package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gomilter "github.com/d--j/go-milter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// buildBinary builds bounce-milter into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "bounce-milter")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

// freePort returns a loopback port nobody listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// verifyStandardWebhook checks a request's signature as the Standard
// Webhooks specification defines it, independently of package webhook.
func verifyStandardWebhook(secret string, h http.Header, body []byte) bool {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(h.Get("webhook-id") + "." + h.Get("webhook-timestamp") + "."))
	mac.Write(body)
	want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
	for _, sig := range strings.Fields(h.Get("webhook-signature")) {
		if hmac.Equal([]byte(sig), []byte(want)) {
			return true
		}
	}
	return false
}

// TestServeWebhookEndToEnd runs bounce-milter serve as its own process with
// a webhook, passes a corpus bounce through it with go-milter's client as
// an MTA would, and checks that a real HTTP receiver gets the facts, signed.
func TestServeWebhookEndToEnd(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	secret := "whsec_" + base64.StdEncoding.EncodeToString([]byte("a test key of thirty-two bytes!!"))
	secretFile := filepath.Join(dir, "secret")
	require.NoError(t, os.WriteFile(secretFile, []byte(secret+"\n"), 0o600))

	type delivery struct {
		verified bool
		body     map[string]any
	}
	got := make(chan delivery, 4)
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var m map[string]any
		_ = json.Unmarshal(body, &m)
		got <- delivery{verifyStandardWebhook(secret, r.Header, body), m}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer recv.Close()

	port := freePort(t)
	listen := "inet:127.0.0.1:" + strconv.Itoa(port)
	var logs bytes.Buffer
	var mu sync.Mutex
	cmd := exec.Command(bin, "serve", "--listen", listen, "--webhook-url", recv.URL+"/hook",
		"--webhook-secret-file", secretFile, "--spool-dir", filepath.Join(dir, "spool"), "--log-level", "debug")
	cmd.Stderr = writerFunc(func(p []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return logs.Write(p) })
	require.NoError(t, cmd.Start())
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
		}
		if t.Failed() {
			mu.Lock()
			t.Logf("serve's log:\n%s", logs.String())
			mu.Unlock()
		}
	}()
	require.Eventually(t, func() bool {
		c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err == nil {
			c.Close()
		}
		return err == nil
	}, 10*time.Second, 50*time.Millisecond, "serve did not listen")

	raw, err := os.ReadFile("../../testdata/corpus/bsd/lhost-sendmail-01.eml")
	require.NoError(t, err)
	client := gomilter.NewClient("tcp", "127.0.0.1:"+strconv.Itoa(port), gomilter.WithActions(gomilter.AllClientSupportedActionMasks))
	macros := gomilter.NewMacroBag()
	macros.Set(gomilter.MacroQueueId, "4E2EQUEUE1")
	s, err := client.Session(macros)
	require.NoError(t, err)
	defer s.Close()
	_, err = s.Conn("mx.example.org", gomilter.FamilyInet, 25, "192.0.2.1")
	require.NoError(t, err)
	_, err = s.Helo("mx.example.org")
	require.NoError(t, err)
	_, err = s.Mail("", "")
	require.NoError(t, err)
	_, err = s.Rcpt("sender@example.com", "")
	require.NoError(t, err)
	_, err = s.DataStart()
	require.NoError(t, err)
	head, body, _ := bytes.Cut(bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n")), []byte("\n\n"))
	var name string
	var value strings.Builder
	flush := func() {
		if name != "" {
			_, err := s.HeaderField(name, value.String(), nil)
			require.NoError(t, err)
		}
	}
	for _, line := range strings.Split(string(head), "\n") {
		if len(line) > 0 && (line[0] == ' ' || line[0] == '\t') {
			value.WriteString("\r\n" + line)
			continue
		}
		flush()
		n, v, _ := strings.Cut(line, ":")
		name = n
		value.Reset()
		value.WriteString(v)
	}
	flush()
	act, err := s.HeaderEnd()
	require.NoError(t, err)
	require.Equal(t, gomilter.ActionContinue, act.Type, "a bounce is a candidate")
	_, err = s.BodyChunk(bytes.ReplaceAll(body, []byte("\n"), []byte("\r\n")))
	require.NoError(t, err)
	mods, end, err := s.End()
	require.NoError(t, err)
	assert.Equal(t, gomilter.ActionAccept, end.Type)
	var reasons []string
	for _, m := range mods {
		if m.HeaderName == "X-Bounce-Reason" {
			reasons = append(reasons, strings.TrimSpace(m.HeaderValue))
		}
	}
	assert.Equal(t, []string{"userunknown"}, reasons)

	select {
	case d := <-got:
		assert.True(t, d.verified, "the receiver's own check of the Standard Webhooks signature")
		facts, _ := d.body["facts"].([]any)
		require.Len(t, facts, 1)
		f := facts[0].(map[string]any)
		assert.Equal(t, "userunknown", f["reason"])
		assert.Equal(t, "5.1.1", f["deliverystatus"])
		assert.Equal(t, true, f["hardbounce"])
		msg, _ := d.body["message"].(map[string]any)
		assert.Equal(t, "4E2EQUEUE1", msg["queue_id"])
	case <-time.After(20 * time.Second):
		t.Fatal("the webhook receiver got nothing")
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
