package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
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

// built is the binary the tests run, built once per test process into a
// directory TestMain removes.
var testBinary struct {
	once     sync.Once
	dir, bin string
	err      error
}

// buildBinary builds bounce-milter once for all the tests of this run.
func buildBinary(t *testing.T) string {
	t.Helper()
	testBinary.once.Do(func() {
		testBinary.dir, testBinary.err = os.MkdirTemp("", "bounce-milter-test-")
		if testBinary.err != nil {
			return
		}
		testBinary.bin = filepath.Join(testBinary.dir, "bounce-milter")
		if out, err := exec.Command("go", "build", "-o", testBinary.bin, ".").CombinedOutput(); err != nil {
			testBinary.err = fmt.Errorf("go build: %w: %s", err, out)
		}
	})
	require.NoError(t, testBinary.err)
	return testBinary.bin
}

// freePort returns a loopback port nobody listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// writeSecret writes a Standard Webhooks secret made of key (32 bytes) to
// a file in dir and returns the secret and the file.
func writeSecret(t *testing.T, dir, key string) (secret, file string) {
	t.Helper()
	secret = "whsec_" + base64.StdEncoding.EncodeToString([]byte(key))
	file = filepath.Join(dir, "secret")
	require.NoError(t, os.WriteFile(file, []byte(secret+"\n"), 0o600))
	return secret, file
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
	secret, secretFile := writeSecret(t, dir, "a test key of thirty-two bytes!!")

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

	p := startServe(t, bin, "--webhook-url", recv.URL+"/hook",
		"--webhook-secret-file", secretFile, "--spool-dir", filepath.Join(dir, "spool"), "--log-level", "debug")
	port := p.port
	defer func() {
		stopServe(t, p)
		if t.Failed() {
			t.Logf("serve's log:\n%s", p.logs.String())
		}
	}()

	raw, err := os.ReadFile("../../testdata/corpus/bsd/lhost-sendmail-01.eml")
	require.NoError(t, err)
	mods, err := sendThroughMilter(port, "4E2EQUEUE1", raw)
	require.NoError(t, err)
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

// sendThroughMilter passes one message to the milter at port as an MTA
// does, with a null reverse path, and returns the header changes the
// milter asked for. An error means the MTA got no final answer.
func sendThroughMilter(port int, queueID string, raw []byte) ([]gomilter.ModifyAction, error) {
	return sendThroughMilterWith(&net.Dialer{Timeout: 2 * time.Second}, port, queueID, raw)
}

// sendThroughMilterWith is sendThroughMilter with the client's dialer.
func sendThroughMilterWith(dialer gomilter.Dialer, port int, queueID string, raw []byte) ([]gomilter.ModifyAction, error) {
	client := gomilter.NewClient("tcp", "127.0.0.1:"+strconv.Itoa(port),
		gomilter.WithActions(gomilter.AllClientSupportedActionMasks),
		gomilter.WithDialer(dialer))
	macros := gomilter.NewMacroBag()
	macros.Set(gomilter.MacroQueueId, queueID)
	s, err := client.Session(macros)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if _, err := s.Conn("mx.example.org", gomilter.FamilyInet, 25, "192.0.2.1"); err != nil {
		return nil, err
	}
	if _, err := s.Helo("mx.example.org"); err != nil {
		return nil, err
	}
	if _, err := s.Mail("", ""); err != nil {
		return nil, err
	}
	if _, err := s.Rcpt("sender@example.com", ""); err != nil {
		return nil, err
	}
	if _, err := s.DataStart(); err != nil {
		return nil, err
	}
	fields, body := splitForMilter(raw)
	for _, f := range fields {
		if _, err := s.HeaderField(f[0], f[1], nil); err != nil {
			return nil, err
		}
	}
	act, err := s.HeaderEnd()
	if err != nil {
		return nil, err
	}
	if act.Type != gomilter.ActionContinue {
		return nil, fmt.Errorf("answer %v at the end of the header", act.Type)
	}
	if _, err := s.BodyChunk(body); err != nil {
		return nil, err
	}
	mods, end, err := s.End()
	if err != nil {
		return nil, err
	}
	if end.Type != gomilter.ActionAccept && end.Type != gomilter.ActionContinue {
		return nil, fmt.Errorf("answer %v at the end of the message", end.Type)
	}
	return mods, nil
}

// splitForMilter splits a stored message as an MTA passes it to a milter:
// header fields (name, and value with its folds as CRLF) and the body with
// CRLF line ends.
func splitForMilter(raw []byte) (fields [][2]string, body []byte) {
	head, body, _ := bytes.Cut(bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n")), []byte("\n\n"))
	for _, line := range strings.Split(string(head), "\n") {
		if len(line) > 0 && (line[0] == ' ' || line[0] == '\t') && len(fields) > 0 {
			fields[len(fields)-1][1] += "\r\n" + line
			continue
		}
		if n, v, ok := strings.Cut(line, ":"); ok {
			fields = append(fields, [2]string{n, v})
		}
	}
	return fields, bytes.ReplaceAll(body, []byte("\n"), []byte("\r\n"))
}

// serveProcess is a running bounce-milter serve.
type serveProcess struct {
	cmd  *exec.Cmd
	port int
	logs *syncBuffer
}

// startServe starts bounce-milter serve on a free port with extra flags
// and waits until it listens.
func startServe(t *testing.T, bin string, extra ...string) *serveProcess {
	t.Helper()
	port := freePort(t)
	p := &serveProcess{port: port, logs: &syncBuffer{}}
	args := append([]string{"serve", "--listen", "inet:127.0.0.1:" + strconv.Itoa(port)}, extra...)
	p.cmd = exec.Command(bin, args...)
	p.cmd.Stderr = p.logs
	require.NoError(t, p.cmd.Start())
	require.Eventually(t, func() bool {
		c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err == nil {
			c.Close()
		}
		return err == nil
	}, 10*time.Second, 20*time.Millisecond, "serve did not listen")
	return p
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestServeWebhookSurvivesKill drives bounces through bounce-milter serve,
// kills it with SIGKILL at random points while deliveries are in flight,
// restarts it on the same spool, and checks that every bounce the milter
// answered reaches the receiver at least once.
func TestServeWebhookSurvivesKill(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	secret, secretFile := writeSecret(t, dir, "another test key, thirty-two b..")
	raw, err := os.ReadFile("../../testdata/corpus/bsd/lhost-postfix-02.eml")
	require.NoError(t, err)

	// A slow receiver, so that kills land while requests are in flight.
	recv := newCountingReceiver(t, secret, func() time.Duration { return time.Duration(rand.IntN(30)) * time.Millisecond })
	flags := []string{"--webhook-url", recv.URL, "--webhook-secret-file", secretFile, "--spool-dir", filepath.Join(dir, "spool")}

	var acked []string
	const rounds = 8
	for round := 0; round < rounds; round++ {
		p := startServe(t, bin, flags...)
		stop := make(chan struct{})
		done := make(chan []string)
		go func() {
			var ok []string
			for i := 0; ; i++ {
				select {
				case <-stop:
					done <- ok
					return
				default:
				}
				id := fmt.Sprintf("R%dQ%d", round, i)
				if _, err := sendThroughMilter(p.port, id, raw); err == nil {
					ok = append(ok, id)
				}
			}
		}()
		time.Sleep(time.Duration(50+rand.IntN(250)) * time.Millisecond)
		require.NoError(t, p.cmd.Process.Kill()) // SIGKILL
		_ = p.cmd.Wait()
		close(stop)
		acked = append(acked, <-done...)
	}
	require.NotEmpty(t, acked)

	final := startServe(t, bin, flags...)
	defer func() {
		_ = final.cmd.Process.Signal(syscall.SIGTERM)
		_ = final.cmd.Wait()
	}()
	missing := func() []string {
		received, _ := recv.counts()
		var m []string
		for _, id := range acked {
			if received[id] == 0 {
				m = append(m, id)
			}
		}
		return m
	}
	require.Eventually(t, func() bool { return len(missing()) == 0 }, 90*time.Second, 100*time.Millisecond,
		"bounces answered but never delivered: %v\nlog: %s", missing(), final.logs.String())
	t.Logf("%d bounces answered over %d kills, all delivered", len(acked), rounds)
}

// TestServeSIGHUPDuringDelivery reloads serve with SIGHUP every 100 ms
// while 1,000 bounces pass through the milter and their events are posted
// to a slow receiver: the receiver counts each event exactly once.
func TestServeSIGHUPDuringDelivery(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	secret, secretFile := writeSecret(t, dir, "reload test key, thirty-two b...")
	raw, err := os.ReadFile("../../testdata/corpus/bsd/lhost-postfix-02.eml")
	require.NoError(t, err)

	// Slow enough that every reload finds requests in flight.
	recv := newCountingReceiver(t, secret, func() time.Duration { return time.Duration(2+rand.IntN(10)) * time.Millisecond })

	p := startServe(t, bin, "--webhook-url", recv.URL, "--webhook-secret-file", secretFile,
		"--spool-dir", filepath.Join(dir, "spool"))
	defer func() {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		_ = p.cmd.Wait()
		if t.Failed() {
			t.Logf("serve's log:\n%s", p.logs.String())
		}
	}()

	stopHUP := make(chan struct{})
	hups := make(chan int)
	go func() {
		n := 0
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stopHUP:
				hups <- n
				return
			case <-tick.C:
				if p.cmd.Process.Signal(syscall.SIGHUP) == nil {
					n++
				}
			}
		}
	}()

	const n, clients = 1000, 4
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for c := range clients {
		wg.Go(func() {
			for i := c; i < n; i += clients {
				if _, err := sendThroughMilter(p.port, fmt.Sprintf("HUP%04d", i), raw); err != nil {
					errs <- fmt.Errorf("message %d: %w", i, err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	received := func() int {
		byQueue, _ := recv.counts()
		return len(byQueue)
	}
	require.Eventually(t, func() bool { return received() == n }, 90*time.Second, 20*time.Millisecond,
		"events received: %d of %d", received(), n)
	// Go on reloading a little while the spool drains, then stop.
	time.Sleep(300 * time.Millisecond)
	close(stopHUP)
	reloads := <-hups
	require.Eventually(t, func() bool {
		entries, err := os.ReadDir(filepath.Join(dir, "spool", "webhook", "queue"))
		return err == nil && len(entries) == 0
	}, 30*time.Second, 20*time.Millisecond, "spool drained")

	byQueue, byID := recv.counts()
	for q, c := range byQueue {
		if c != 1 {
			t.Errorf("event of %s posted %d times", q, c)
		}
	}
	for id, c := range byID {
		if c != 1 {
			t.Errorf("webhook-id %s posted %d times", id, c)
		}
	}
	assert.Len(t, byQueue, n)
	done := strings.Count(p.logs.String(), "SIGHUP: log reopened and config reloaded")
	assert.GreaterOrEqual(t, done, 10, "reloads done (of %d SIGHUPs sent)", reloads)
	t.Logf("%d events posted once each across %d SIGHUPs (%d reloads logged)", len(byQueue), reloads, done)
}

// countingReceiver is a webhook receiver that checks each request's
// Standard Webhooks signature, answers 200 after pause(), and counts its
// answers by queue id and by webhook-id.
type countingReceiver struct {
	*httptest.Server
	mu      sync.Mutex
	byQueue map[string]int
	byID    map[string]int
}

func newCountingReceiver(t *testing.T, secret string, pause func() time.Duration) *countingReceiver {
	r := &countingReceiver{byQueue: map[string]int{}, byID: map[string]int{}}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		if !verifyStandardWebhook(secret, req.Header, body) {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		time.Sleep(pause())
		var ev struct {
			Message struct {
				QueueID string `json:"queue_id"`
			} `json:"message"`
		}
		_ = json.Unmarshal(body, &ev)
		r.mu.Lock()
		r.byQueue[ev.Message.QueueID]++
		r.byID[req.Header.Get("webhook-id")]++
		r.mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(r.Close)
	return r
}

// counts returns copies of the answers by queue id and by webhook-id.
func (r *countingReceiver) counts() (byQueue, byID map[string]int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.byQueue), maps.Clone(r.byID)
}
