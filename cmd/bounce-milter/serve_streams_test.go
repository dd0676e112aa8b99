package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/event"
	"github.com/bounce-milter/bounce-milter/internal/brokertest"
	"github.com/bounce-milter/bounce-milter/sink"
)

// outageEnv sets how long the broker outage tests keep the broker down
// (a Go duration); the default run uses 6s, the minute is
// BOUNCE_MILTER_OUTAGE=1m. The assertions are the same.
const outageEnv = "BOUNCE_MILTER_OUTAGE"

// dsnBounce is an RFC 3464 bounce from a Postfix-like MTA for one
// recipient, with the status and action given.
func dsnBounce(rcpt, status, action string) []byte {
	diag := "550 5.1.1 <" + rcpt + ">: Recipient address rejected: User unknown in local recipient table"
	if status[0] == '4' {
		diag = "452 4.2.2 <" + rcpt + ">: Mailbox full"
	}
	return []byte(strings.ReplaceAll(`From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
To: sender@example.com
Subject: Undelivered Mail Returned to Sender
Message-ID: <dsn-`+rcpt+`@mx.example.net>
Date: Tue, 24 Nov 2026 04:12:31 +0000
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

This is the mail system at host mx.example.net.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; `+rcpt+`
Action: `+action+`
Status: `+status+`
Diagnostic-Code: smtp; `+diag+`

--b1
Content-Type: text/rfc822-headers

From: sender@example.com
To: `+rcpt+`
Subject: Our news
Message-ID: <campaign-1@example.com>

--b1--
`, "\n", "\r\n"))
}

// stopServe ends serve with SIGTERM (or SIGKILL after 15 s).
func stopServe(t *testing.T, p *serveProcess) {
	t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		_ = p.cmd.Process.Kill()
		<-done
	}
}

// queueEmpty reports whether a sink's spool queue holds no event.
func queueEmpty(dir, name string) bool {
	ents, err := os.ReadDir(filepath.Join(dir, name, "queue"))
	if err != nil {
		return false
	}
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".json") {
			return false
		}
	}
	return true
}

// streamEvent is an event read back from a stream, with where it was.
type streamEvent struct {
	id, headerID, qid, rcpt, subject, key string
	partition                             int32
	ev                                    event.Event
	raw                                   []byte
}

func natsEvents(t *testing.T, url string) []streamEvent {
	t.Helper()
	var out []streamEvent
	for _, m := range brokertest.ReadStream(t, url) {
		var ev event.Event
		require.NoError(t, json.Unmarshal(m.Data, &ev))
		out = append(out, streamEvent{id: ev.ID, headerID: m.Header.Get("Nats-Msg-Id"), qid: ev.Message.QueueID,
			rcpt: ev.Recipient(), subject: m.Subject, ev: ev, raw: m.Data})
	}
	return out
}

func kafkaEvents(t *testing.T, brokers string) []streamEvent {
	t.Helper()
	var out []streamEvent
	for _, r := range brokertest.ReadTopic(t, brokers) {
		var ev event.Event
		require.NoError(t, json.Unmarshal(r.Value, &ev))
		se := streamEvent{id: ev.ID, qid: ev.Message.QueueID, rcpt: ev.Recipient(), key: string(r.Key),
			partition: r.Partition, ev: ev, raw: r.Value}
		for _, h := range r.Headers {
			if h.Key == "id" {
				se.headerID = string(h.Value)
			}
		}
		out = append(out, se)
	}
	return out
}

// TestServeEverySinkGetsTheSameEvent runs serve with the webhook, NATS
// JetStream (a real server in this process) and Kafka (franz-go's kfake,
// an in-process cluster that speaks the Kafka protocol) at once, passes
// bounces through it as an MTA would, and checks that each sink got the
// same event: same ID, same bytes, the kind's subject and the recipient's
// key, signed with the webhook's secret; a SIGHUP between two bounces
// changes none of it.
func TestServeEverySinkGetsTheSameEvent(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	secret, secretFile := writeSecret(t, dir, "a test key of thirty-two bytes!!")
	recv := newCountingReceiver(t, secret, func() time.Duration { return 0 })
	ns := brokertest.StartNATS(t)
	brokertest.CreateStream(t, ns.URL(), 1)
	k := brokertest.StartKafka(t, 1, 3)
	spoolDir := filepath.Join(dir, "spool")
	p := startServe(t, bin, "--webhook-url", recv.URL, "--webhook-secret-file", secretFile,
		"--nats-url", ns.URL(), "--kafka-brokers", k.Brokers(), "--kafka-topic", brokertest.Topic,
		"--spool-dir", spoolDir)
	defer func() {
		stopServe(t, p)
		if t.Failed() {
			t.Logf("serve's log:\n%s", p.logs.String())
		}
	}()
	bounces := []struct {
		qid, rcpt, status, action, subject string
	}{
		{"QHARD1", "alice@Example.ORG", "5.1.1", "failed", "bounces.hard_bounce.example.org"},
		{"QSOFT1", "bob@example.net", "4.2.2", "delayed", "bounces.soft_bounce.example.net"},
	}
	for i, b := range bounces {
		if i == 1 { // a reload between the two: new connections, the same queues
			require.NoError(t, p.cmd.Process.Signal(syscall.SIGHUP))
			require.Eventually(t, func() bool { return strings.Contains(p.logs.String(), "config reloaded") },
				10*time.Second, 20*time.Millisecond)
		}
		_, err := sendThroughMilter(p.port, b.qid, dsnBounce(b.rcpt, b.status, b.action))
		require.NoError(t, err)
	}
	require.Eventually(t, func() bool {
		return queueEmpty(spoolDir, "webhook") && queueEmpty(spoolDir, "nats") && queueEmpty(spoolDir, "kafka")
	}, 30*time.Second, 20*time.Millisecond, "every sink drained")

	natsGot := natsEvents(t, ns.URL())
	kafkaGot := kafkaEvents(t, k.Brokers())
	require.Len(t, natsGot, len(bounces))
	require.Len(t, kafkaGot, len(bounces))
	byQueue, _ := recv.counts()
	require.Len(t, byQueue, len(bounces))
	signer := verifierFor(t, secret)
	kafkaByID := map[string]streamEvent{}
	for _, e := range kafkaGot {
		kafkaByID[e.id] = e
	}
	for i, b := range bounces {
		n, kf := natsGot[i], kafkaByID[natsGot[i].id]
		assert.Equal(t, b.qid, n.qid)
		assert.Equal(t, b.subject, n.subject)
		assert.Equal(t, n.id, n.headerID, "Nats-Msg-Id is the event id")
		assert.Equal(t, n.id, kf.id, "the same event on both streams")
		assert.Equal(t, n.id, kf.headerID)
		assert.Equal(t, strings.ToLower(b.rcpt), kf.key)
		assert.Equal(t, string(n.raw), string(kf.raw), "the same bytes")
		assert.Equal(t, 1, byQueue[b.qid], "posted once to the webhook")
		assert.True(t, signer(n.id, n.ev.CreatedAt.Unix(), n.raw, natsSignature(t, ns.URL(), n.id)), "signed with the webhook's secret")
	}
	assert.Equal(t, event.HardBounce, natsGot[0].ev.Kind)
	assert.Equal(t, event.SoftBounce, natsGot[1].ev.Kind, "a delay notice is a soft bounce")
}

// verifierFor returns a check of a Standard Webhooks signature written
// from the specification, independently of package webhook.
func verifierFor(t *testing.T, secret string) func(id string, ts int64, body []byte, sig string) bool {
	t.Helper()
	return func(id string, ts int64, body []byte, sig string) bool {
		h := http.Header{}
		h.Set("webhook-id", id)
		h.Set("webhook-timestamp", strconv.FormatInt(ts, 10))
		h.Set("webhook-signature", sig)
		return verifyStandardWebhook(secret, h, body)
	}
}

// natsSignature returns the webhook-signature header of the message with
// Nats-Msg-Id id.
func natsSignature(t *testing.T, url, id string) string {
	for _, m := range brokertest.ReadStream(t, url) {
		if m.Header.Get("Nats-Msg-Id") == id {
			return m.Header.Get(sink.HeaderSignature)
		}
	}
	return ""
}

// sender passes bounces to a serve sequentially, to five recipients in
// turn, and records the queue ids the milter answered.
type sender struct {
	mu    sync.Mutex
	acked []string       // queue ids, in the order sent
	rcpt  map[string]int // queue id -> recipient number
	next  int
}

func newSender() *sender { return &sender{rcpt: map[string]int{}} }

// run sends until stop is closed or n were sent (n < 0: no bound).
func (s *sender) run(port int, stop <-chan struct{}, n int) {
	for i := 0; n < 0 || i < n; i++ {
		select {
		case <-stop:
			return
		default:
		}
		s.mu.Lock()
		seq := s.next
		s.next++
		s.mu.Unlock()
		qid := fmt.Sprintf("Q%05d", seq)
		r := seq % 5
		if _, err := sendThroughMilter(port, qid, dsnBounce(fmt.Sprintf("r%d@example.org", r), "5.1.1", "failed")); err == nil {
			s.mu.Lock()
			s.acked = append(s.acked, qid)
			s.rcpt[qid] = r
			s.mu.Unlock()
		}
	}
}

// checkStream asserts that every acknowledged bounce is in the stream;
// with noDup, that none is there twice; and that each recipient's events
// came in the order they were sent, counting each event's first
// appearance.
func checkStream(t *testing.T, got []streamEvent, acked []string, noDup bool) {
	t.Helper()
	seen := map[string]int{}
	firstOrder := map[string][]string{} // recipient -> queue ids, first appearances
	for _, e := range got {
		seen[e.qid]++
		if seen[e.qid] == 1 {
			firstOrder[e.rcpt] = append(firstOrder[e.rcpt], e.qid)
		}
	}
	var lost []string
	for _, q := range acked {
		if seen[q] == 0 {
			lost = append(lost, q)
		}
	}
	assert.Empty(t, lost, "acknowledged bounces missing from the stream")
	dups := 0
	for q, c := range seen {
		if c > 1 {
			dups++
			if noDup {
				t.Errorf("%s is in the stream %d times", q, c)
			}
		}
	}
	for r, qids := range firstOrder {
		assert.True(t, isSorted(qids), "%s's events out of order: %v", r, qids)
	}
	t.Logf("%d acknowledged, %d events in the stream, %d duplicated", len(acked), len(got), dups)
}

func isSorted(s []string) bool {
	for i := 1; i < len(s); i++ {
		if s[i] < s[i-1] {
			return false
		}
	}
	return true
}

// streamCase is one stream sink under the kill and outage tests.
type streamCase struct {
	name  string
	start func(t *testing.T) (flags []string, stop, restart func(), read func() []streamEvent)
	noDup bool // NATS drops duplicates by Nats-Msg-Id; Kafka consumers do, by the id header
}

func streamCases() []streamCase {
	return []streamCase{
		{"nats", func(t *testing.T) ([]string, func(), func(), func() []streamEvent) {
			ns := brokertest.StartNATS(t)
			brokertest.CreateStream(t, ns.URL(), 1)
			return []string{"--nats-url", ns.URL(), "--nats-timeout", "1s"}, ns.Stop, ns.Start,
				func() []streamEvent { return natsEvents(t, ns.URL()) }
		}, true},
		// kfake is franz-go's in-process cluster: it speaks the Kafka
		// protocol to the real client serve runs; docs/sinks.md shows a
		// real cluster's settings.
		{"kafka", func(t *testing.T) ([]string, func(), func(), func() []streamEvent) {
			k := brokertest.StartKafka(t, 1, 3)
			return []string{"--kafka-brokers", k.Brokers(), "--kafka-topic", brokertest.Topic, "--kafka-timeout", "2s"},
				k.Stop, k.Start, func() []streamEvent { return kafkaEvents(t, k.Brokers()) }
		}, false},
	}
}

// TestServeStreamSurvivesKill drives bounces through serve to each
// stream, SIGKILLs serve at random points while it spools and publishes,
// and restarts it on the same spool: every bounce the milter answered
// reaches the stream; JetStream holds no duplicate; each recipient's
// events keep their order.
func TestServeStreamSurvivesKill(t *testing.T) {
	bin := buildBinary(t)
	for _, sc := range streamCases() {
		t.Run(sc.name, func(t *testing.T) {
			flags, _, _, read := sc.start(t)
			spoolDir := filepath.Join(t.TempDir(), "spool")
			flags = append(flags, "--spool-dir", spoolDir, "--sink-min-backoff", "50ms", "--sink-max-backoff", "500ms")
			s := newSender()
			const rounds = 8
			for round := range rounds {
				p := startServe(t, bin, flags...)
				stop := make(chan struct{})
				done := make(chan struct{})
				go func() { s.run(p.port, stop, -1); close(done) }()
				time.Sleep(time.Duration(100+rand.IntN(400)) * time.Millisecond)
				require.NoError(t, p.cmd.Process.Signal(syscall.SIGKILL))
				close(stop)
				<-done
				p.cmd.Wait()
				t.Logf("round %d: %d acknowledged so far", round, len(s.acked))
			}
			p := startServe(t, bin, flags...)
			require.Eventually(t, func() bool { return queueEmpty(spoolDir, sc.name) }, 60*time.Second, 20*time.Millisecond,
				"the spool drains after the last restart")
			stopServe(t, p)
			if t.Failed() {
				t.Logf("serve's log:\n%s", p.logs.String())
			}
			require.NotEmpty(t, s.acked)
			checkStream(t, read(), s.acked, sc.noDup)
		})
	}
}

// TestServeStreamBrokerOutage stops the broker while bounces keep coming,
// for BOUNCE_MILTER_OUTAGE (6s by default), then starts it again on its
// store: nothing is lost, the spool drains, each recipient's order holds,
// and serve logs one warning when the sink starts failing and one when it
// recovers.
func TestServeStreamBrokerOutage(t *testing.T) {
	outage := 6 * time.Second
	if v := os.Getenv(outageEnv); v != "" {
		d, err := time.ParseDuration(v)
		require.NoError(t, err, outageEnv)
		outage = d
	}
	bin := buildBinary(t)
	for _, sc := range streamCases() {
		t.Run(sc.name, func(t *testing.T) {
			flags, stopBroker, startBroker, read := sc.start(t)
			spoolDir := filepath.Join(t.TempDir(), "spool")
			p := startServe(t, bin, append(flags, "--spool-dir", spoolDir, "--sink-min-backoff", "100ms", "--sink-max-backoff", "1s")...)
			defer func() {
				stopServe(t, p)
				if t.Failed() {
					t.Logf("serve's log:\n%s", p.logs.String())
				}
			}()
			s := newSender()
			s.run(p.port, nil, 10)
			require.Eventually(t, func() bool { return queueEmpty(spoolDir, sc.name) }, 30*time.Second, 20*time.Millisecond)

			stopBroker()
			down := time.Now()
			stop := make(chan struct{})
			done := make(chan struct{})
			go func() { s.run(p.port, stop, -1); close(done) }()
			time.Sleep(outage)
			close(stop)
			<-done
			assert.False(t, queueEmpty(spoolDir, sc.name), "events wait in the spool while the broker is down")
			startBroker()
			t.Logf("broker down %s; %d bounces acknowledged", time.Since(down).Round(time.Millisecond), len(s.acked))
			require.Eventually(t, func() bool { return queueEmpty(spoolDir, sc.name) }, 60*time.Second, 50*time.Millisecond,
				"the spool drains")
			checkStream(t, read(), s.acked, sc.noDup)
			logs := p.logs.String()
			require.Eventually(t, func() bool { return strings.Count(p.logs.String(), `msg="sink recovered" sink=`+sc.name) == 1 },
				5*time.Second, 20*time.Millisecond)
			logs = p.logs.String()
			assert.Equal(t, 1, strings.Count(logs, `msg="sink failing: `), "one warning for the whole outage")
			assert.Equal(t, 1, strings.Count(logs, `msg="sink recovered" sink=`+sc.name))
		})
	}
}

// TestServeNATSClusterNodeKilled publishes through serve to a three-node
// JetStream cluster (three servers in this process, an R3 stream) and
// shuts down the stream's leader mid-run: every bounce the milter
// answered is in the stream once.
func TestServeNATSClusterNodeKilled(t *testing.T) {
	bin := buildBinary(t)
	nodes := brokertest.Cluster(t, 3)
	brokertest.CreateStream(t, brokertest.URLs(nodes), 3)
	spoolDir := filepath.Join(t.TempDir(), "spool")
	p := startServe(t, bin, "--nats-url", brokertest.URLs(nodes), "--nats-timeout", "2s", "--spool-dir", spoolDir,
		"--sink-min-backoff", "100ms", "--sink-max-backoff", "1s")
	defer func() {
		stopServe(t, p)
		if t.Failed() {
			t.Logf("serve's log:\n%s", p.logs.String())
		}
	}()
	s := newSender()
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { s.run(p.port, stop, -1); close(done) }()
	require.Eventually(t, func() bool { s.mu.Lock(); defer s.mu.Unlock(); return len(s.acked) >= 30 }, 30*time.Second, 10*time.Millisecond)
	leader := brokertest.StreamLeader(t, brokertest.URLs(nodes))
	var alive []*brokertest.NATS
	for _, n := range nodes {
		if n.Name() == leader {
			n.Stop()
			t.Logf("stream leader %s shut down after %d bounces", leader, len(s.acked))
			continue
		}
		alive = append(alive, n)
	}
	require.Len(t, alive, 2, "the leader %q is one of the nodes", leader)
	time.Sleep(2 * time.Second)
	close(stop)
	<-done
	require.Eventually(t, func() bool { return queueEmpty(spoolDir, "nats") }, 60*time.Second, 50*time.Millisecond, "the spool drains")
	checkStream(t, natsEvents(t, brokertest.URLs(alive)), s.acked, true)
}

// TestServeKeepsCredentialsOutOfLogs runs serve against a receiver that
// is down (503), with a token in the webhook URL's query and a password in
// its user information, then one that refuses (410): serve's log (at debug
// level), `spool list` and the dead letter's reason never show either;
// `spool list` shows the attempts, the next try and the last error; the
// reason does not end in "after 1 attempts: ".
func TestServeKeepsCredentialsOutOfLogs(t *testing.T) {
	const token, pass = "tok-5e1f2a3b4c", "pw-7d8e9f0a1b"
	bin := buildBinary(t)
	dir := t.TempDir()
	secret, secretFile := writeSecret(t, dir, "a test key of thirty-two bytes!!")
	var code atomic.Int32
	code.Store(http.StatusServiceUnavailable)
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !verifyStandardWebhook(secret, r.Header, body) {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(int(code.Load()))
	}))
	defer recv.Close()
	url := strings.Replace(recv.URL, "http://", "http://hook:"+pass+"@", 1) + "/in?token=" + token
	spoolDir := filepath.Join(dir, "spool")
	p := startServe(t, bin, "--webhook-url", url, "--webhook-secret-file", secretFile, "--spool-dir", spoolDir,
		"--sink-min-backoff", "100ms", "--sink-max-backoff", "300ms", "--log-level", "debug")
	defer stopServe(t, p)
	_, err := sendThroughMilter(p.port, "QDOWN1", dsnBounce("a@example.org", "5.1.1", "failed"))
	require.NoError(t, err)
	require.Eventually(t, func() bool { return strings.Contains(p.logs.String(), `msg="sink failing: `) },
		20*time.Second, 20*time.Millisecond, "the failing warning")

	rc, out, errs := runCmd("spool", "--spool-dir", spoolDir, "list")
	require.Equal(t, 0, rc, errs)
	assert.Regexp(t, `webhook\s+queued\s+msg_\S+\s+.*QDOWN1\s+a@example.org\s+[1-9]\d*\s+(in \S+|now)\s+HTTP 503 from http://\[redacted\]@127\.0\.0\.1:\d+/in\?token=\[redacted\]`, out)

	code.Store(http.StatusGone)
	require.Eventually(t, func() bool {
		_, out, _ := runCmd("spool", "--spool-dir", spoolDir, "list", "--dead")
		return strings.Contains(out, "QDOWN1")
	}, 20*time.Second, 20*time.Millisecond, "the dead letter")
	_, out, _ = runCmd("spool", "--spool-dir", spoolDir, "list", "--dead")
	assert.Regexp(t, `rejected after \d+ attempts?: HTTP 410 from http://\[redacted\]@127\.0\.0\.1:\d+/in\?token=\[redacted\]\n`, out)
	assert.NotContains(t, out, "attempts: \n")
	for what, text := range map[string]string{"log": p.logs.String(), "spool list": out} {
		assert.NotContains(t, text, token, what)
		assert.NotContains(t, text, pass, what)
	}
	assert.Equal(t, 1, strings.Count(p.logs.String(), `msg="sink failing: `), "one warning for every retry")
}
