package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/event"
	"github.com/bounce-milter/bounce-milter/webhook/spool"
)

func runCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// spoolWith makes a spool holding one queued event and one dead letter,
// as serve would leave it, and returns their IDs.
func spoolWith(t *testing.T, dir string) (queued, dead string) {
	t.Helper()
	sp, err := spool.Open(dir, spool.Options{})
	require.NoError(t, err)
	defer sp.Close()
	put := func(qid, rcpt string) string {
		ev := event.New(event.Message{QueueID: qid}, event.HardBounce,
			[]classify.Record{{Recipient: rcpt, Reason: classify.UserUnknown, HardBounce: true}}, time.Now())
		data, err := json.Marshal(ev)
		require.NoError(t, err)
		_, err = sp.Put(ev.ID, data)
		require.NoError(t, err)
		return ev.ID
	}
	queued = put("QA", "a@example.org")
	dead = put("QB", "b@example.org")
	require.NoError(t, sp.Queue("webhook").Bury(dead, "rejected after 1 attempt: HTTP 400 from http://hooks.example.com/: bad"))
	return queued, dead
}

func TestSpoolCommand(t *testing.T) {
	dir := t.TempDir()
	q, d := spoolWith(t, dir)

	code, out, errs := runCmd("spool", "--spool-dir", dir, "list")
	require.Equal(t, 0, code, errs)
	assert.Regexp(t, `^SINK\s+STATE\s+ID\s+.*ATTEMPTS\s+NEXT-TRY\s+LAST-ERROR/REASON\n`, out)
	assert.Regexp(t, `webhook\s+queued\s+`+q+`\s+\S+\s+\S+\s+\d+\s+bounce.hard_bounce\s+QA\s+a@example.org\s+0\s+now\s+-\n`, out)
	assert.Regexp(t, `webhook\s+dead\s+`+d+`\s+.*bounce.hard_bounce\s+QB\s+b@example.org\s+-\s+-\s+rejected after 1 attempt: HTTP 400`, out)

	code, out, _ = runCmd("spool", "list", "--spool-dir", dir, "--dead")
	require.Equal(t, 0, code)
	assert.NotContains(t, out, q)
	assert.Contains(t, out, d)

	code, out, _ = runCmd("spool", "--spool-dir", dir, "show", d)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "sink:     webhook\nstate:    dead")
	assert.Contains(t, out, "reason:   rejected after 1 attempt: HTTP 400")
	assert.Contains(t, out, `"queue_id": "QB"`)

	code, out, _ = runCmd("spool", "--spool-dir", dir, "retry", d)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "requeued "+d)
	code, out, _ = runCmd("spool", "--spool-dir", dir, "retry", q)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "already queued")

	code, _, _ = runCmd("spool", "--spool-dir", dir, "drop", q)
	require.Equal(t, 0, code)
	code, _, errs = runCmd("spool", "--spool-dir", dir, "show", q)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "no such entry")

	code, out, _ = runCmd("spool", "--spool-dir", dir, "list", "--queued")
	require.Equal(t, 0, code)
	assert.Contains(t, out, d)
}

func TestSpoolRetryAll(t *testing.T) {
	dir := t.TempDir()
	_, d := spoolWith(t, dir)
	code, out, _ := runCmd("spool", "--spool-dir", dir, "retry", "--all")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "webhook: requeued 1 dead letter")
	sp, err := spool.Open(dir, spool.Options{Shared: true})
	require.NoError(t, err)
	e, _, err := sp.Queue("webhook").Get(d)
	require.NoError(t, err)
	assert.Equal(t, spool.Queued, e.State)
}

func TestSpoolCommandErrors(t *testing.T) {
	dir := t.TempDir()
	spoolWith(t, dir)
	tests := []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"spool"}, 2, "want a command: list, show, retry or drop"},
		{[]string{"spool", "--spool-dir", dir, "frob"}, 2, "unknown command"},
		{[]string{"spool", "--spool-dir", dir, "show"}, 2, "want one event ID"},
		{[]string{"spool", "--spool-dir", dir, "drop", "a", "b"}, 2, "want one event ID"},
		{[]string{"spool", "--spool-dir", dir, "retry"}, 2, "want one event ID or --all"},
		{[]string{"spool", "--spool-dir", dir, "show", "../../etc/passwd"}, 1, "bad entry id"},
		{[]string{"spool", "--spool-dir", dir, "drop", "msg_nope"}, 1, "no such entry"},
		{[]string{"spool", "--spool-dir", dir + "/missing", "list"}, 1, "no spool at"},
	}
	for _, tt := range tests {
		code, _, errs := runCmd(tt.args...)
		assert.Equal(t, tt.code, code, "%v: %s", tt.args, errs)
		assert.Contains(t, errs, tt.err, "%v", tt.args)
	}
}

// TestSpoolCommandPerSink: with several sinks, list names each event's
// sink and its attempts; --sink narrows every command; drop --all empties
// one sink's queue and asks for --sink.
func TestSpoolCommandPerSink(t *testing.T) {
	dir := t.TempDir()
	sp, err := spool.Open(dir, spool.Options{Queues: []string{"webhook", "nats", "kafka"}})
	require.NoError(t, err)
	ev := event.New(event.Message{QueueID: "QM"}, event.HardBounce, []classify.Record{{Recipient: "m@example.org", HardBounce: true}}, time.Now())
	data, err := json.Marshal(ev)
	require.NoError(t, err)
	_, err = sp.Put(ev.ID, data)
	require.NoError(t, err)
	require.NoError(t, sp.Queue("nats").SetAttempt(ev.ID, spool.Attempt{Attempts: 3, LastError: "nats: no stream takes subject bounces.hard_bounce.example.org",
		Last: time.Now(), Next: time.Now().Add(90 * time.Second)}))
	require.NoError(t, sp.Close())

	code, out, errs := runCmd("spool", "--spool-dir", dir, "list")
	require.Equal(t, 0, code, errs)
	for _, s := range []string{"webhook", "kafka"} {
		assert.Regexp(t, s+`\s+queued\s+`+ev.ID+`\s+.*QM\s+m@example.org\s+0\s+now\s+-\n`, out)
	}
	assert.Regexp(t, `nats\s+queued\s+`+ev.ID+`\s+.*QM\s+m@example.org\s+3\s+in 1m\d+s\s+nats: no stream takes subject bounces.hard_bounce.example.org\n`, out)

	code, out, _ = runCmd("spool", "--spool-dir", dir, "--sink", "nats", "show", ev.ID)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "sink:     nats\nstate:    queued\nattempts: 3\n")
	assert.NotContains(t, out, "sink:     webhook")

	code, _, errs = runCmd("spool", "--spool-dir", dir, "drop", "--all")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "name it with --sink")
	code, out, errs = runCmd("spool", "--spool-dir", dir, "--sink", "kafka", "drop", "--all")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "kafka: dropped 1 event\n")
	code, out, _ = runCmd("spool", "--spool-dir", dir, "list")
	require.Equal(t, 0, code)
	assert.NotRegexp(t, `(?m)^kafka\s+queued`, out)
	assert.Regexp(t, `(?m)^webhook\s+queued`, out, "the other sinks keep their copy")

	code, _, errs = runCmd("spool", "--spool-dir", dir, "--sink", "smtp", "list")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, `no queue for sink "smtp"`)
}
