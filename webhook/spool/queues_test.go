package spool_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/webhook/spool"
)

var three = spool.Options{Queues: []string{"webhook", "nats", "kafka"}}

func TestPutLinksOneFileIntoEachQueue(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, three)
	stored, err := s.Put("e1", []byte("one"))
	require.NoError(t, err)
	assert.Equal(t, []string{"webhook", "nats", "kafka"}, stored)
	stored, err = s.Put("e2", []byte("two"), "nats")
	require.NoError(t, err)
	assert.Equal(t, []string{"nats"}, stored)

	var st syscall.Stat_t
	require.NoError(t, syscall.Stat(filepath.Join(dir, "kafka", "queue", "e1.json"), &st))
	assert.EqualValues(t, 3, st.Nlink, "one file, three names")
	assert.Equal(t, 1, s.Queue("webhook").Stats().Queued)
	assert.Equal(t, 2, s.Queue("nats").Stats().Queued)

	// One sink delivering leaves the others' copies.
	require.NoError(t, s.Queue("nats").Remove("e1"))
	got, err := s.Queue("kafka").Read("e1")
	require.NoError(t, err)
	assert.Equal(t, "one", string(got))
	_, err = s.Put("e3", nil, "smtp")
	assert.ErrorIs(t, err, spool.ErrNoQueue)
}

func TestPutSkipsOnlyTheFullQueue(t *testing.T) {
	s := open(t, t.TempDir(), spool.Options{Queues: []string{"webhook", "nats"}, MaxEntries: 1})
	_, err := s.Put("e1", []byte("x"), "nats")
	require.NoError(t, err)
	stored, err := s.Put("e2", []byte("y"))
	require.NoError(t, err, "the webhook queue still takes it")
	assert.Equal(t, []string{"webhook"}, stored)
	_, err = s.Put("e3", []byte("z"))
	assert.ErrorIs(t, err, spool.ErrFull, "every queue full")
}

func TestOpenFinishesAnInterruptedPut(t *testing.T) {
	dir := t.TempDir()
	s, err := spool.Open(dir, three)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	// A kill after the first link: complete, synced data in tmp/, linked
	// into the webhook queue only.
	tmp := filepath.Join(dir, "tmp", "e1.webhook-kafka.123.tmp")
	require.NoError(t, os.WriteFile(tmp, []byte("whole"), 0o600))
	require.NoError(t, os.Link(tmp, filepath.Join(dir, "webhook", "queue", "e1.json")))
	// A kill before any link: maybe half written, dropped.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "tmp", "e2.webhook-kafka.456.tmp"), []byte("ha"), 0o600))

	s = open(t, dir, three)
	for _, q := range []string{"webhook", "kafka"} {
		got, err := s.Queue(q).Read("e1")
		require.NoError(t, err, q)
		assert.Equal(t, "whole", string(got))
		_, err = s.Queue(q).Read("e2")
		assert.ErrorIs(t, err, spool.ErrNotFound)
	}
	_, err = s.Queue("nats").Read("e1")
	assert.ErrorIs(t, err, spool.ErrNotFound, "not meant for nats")
	left, err := os.ReadDir(filepath.Join(dir, "tmp"))
	require.NoError(t, err)
	assert.Empty(t, left)
}

func TestOpenMovesAnOldSpoolIntoTheWebhookQueue(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"tmp", "queue", "dead"} {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, d), 0o750))
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "queue", "old1.json"), []byte("q"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "dead", "old2.json"), []byte("d"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "dead", "old2.reason"), []byte("rejected"), 0o600))

	s := open(t, dir, spool.Options{Queues: []string{"nats"}})
	_, err := os.Stat(filepath.Join(dir, "queue"))
	assert.ErrorIs(t, err, os.ErrNotExist)
	left, err := s.Unconfigured()
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"webhook": 1}, left, "reported: nobody delivers them")
	require.NoError(t, s.Close())

	s = open(t, dir, spool.Options{})
	q := s.Queue("webhook")
	_, err = q.Read("old1")
	require.NoError(t, err)
	e, _, err := q.Get("old2")
	require.NoError(t, err)
	assert.Equal(t, spool.Dead, e.State)
	assert.Equal(t, "rejected", e.Reason)
}

func TestAttemptsBesideTheEntry(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, three)
	_, err := s.Put("e1", []byte("x"))
	require.NoError(t, err)
	q := s.Queue("nats")
	next := time.Now().Add(time.Minute).Truncate(time.Second)
	require.NoError(t, q.SetAttempt("e1", spool.Attempt{Attempts: 2, LastError: "nats: no responders", Next: next}))

	cli := open(t, dir, spool.Options{Shared: true})
	got, ok := cli.Queue("nats").Attempt("e1")
	require.True(t, ok)
	assert.Equal(t, 2, got.Attempts)
	assert.Equal(t, "nats: no responders", got.LastError)
	assert.True(t, next.Equal(got.Next))
	_, ok = cli.Queue("kafka").Attempt("e1")
	assert.False(t, ok, "attempts are per sink")
	assert.Len(t, q.Attempts(), 1)
	assert.Equal(t, []string{"webhook", "kafka", "nats"}, names(cli.Queues()), "the default first, then those found")

	require.NoError(t, q.Bury("e1", "expired"))
	_, ok = q.Attempt("e1")
	assert.False(t, ok, "buried with the entry")
	added, _, err := q.Rescan()
	require.NoError(t, err)
	assert.Empty(t, added, "an attempt file is no entry")
}

func names(qs []*spool.Queue) []string {
	var out []string
	for _, q := range qs {
		out = append(out, q.Name())
	}
	return out
}
