package spool_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/webhook/spool"
	"github.com/bounce-milter/bounce-milter/webhook/spool/spooltest"
)

func open(t *testing.T, dir string, opts spool.Options) *spool.Spool {
	t.Helper()
	s, err := spool.Open(dir, opts)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// put stores an entry in every queue of s.
func put(s *spool.Spool, id string, data []byte) error {
	_, err := s.Put(id, data)
	return err
}

func TestPutReadRemove(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, spool.Options{})
	require.NoError(t, put(s, "msg_a", []byte(`{"a":1}`)))
	got, err := s.Queue(spool.DefaultQueue).Read("msg_a")
	require.NoError(t, err)
	assert.Equal(t, `{"a":1}`, string(got))
	st := s.Queue(spool.DefaultQueue).Stats()
	assert.Equal(t, 1, st.Queued)
	assert.Equal(t, int64(7), st.Bytes)
	assert.False(t, st.Oldest.IsZero())

	// Nothing is left in tmp/ after a Put.
	tmp, err := os.ReadDir(filepath.Join(dir, "tmp"))
	require.NoError(t, err)
	assert.Empty(t, tmp)

	require.NoError(t, s.Queue(spool.DefaultQueue).Remove("msg_a"))
	_, err = s.Queue(spool.DefaultQueue).Read("msg_a")
	assert.ErrorIs(t, err, spool.ErrNotFound)
	assert.Equal(t, spool.Stats{}, s.Queue(spool.DefaultQueue).Stats())
}

func TestValidID(t *testing.T) {
	tests := []struct {
		id string
		ok bool
	}{
		{"msg_0123abc", true},
		{"A-b_9", true},
		{"", false},
		{"../etc/passwd", false},
		{"a.b", false},
		{"a/b", false},
		{"a b", false},
		{string(make([]byte, 129)), false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.ok, spool.ValidID(tt.id), "%q", tt.id)
	}
	s := open(t, t.TempDir(), spool.Options{})
	assert.ErrorIs(t, put(s, "../x", nil), spool.ErrBadID)
	_, err := s.Queue(spool.DefaultQueue).Read("../x")
	assert.ErrorIs(t, err, spool.ErrBadID)
}

func TestLimits(t *testing.T) {
	tests := []struct {
		name string
		opts spool.Options
		puts []int // sizes
		full int   // index of the first Put that must fail with ErrFull, -1 for none
	}{
		{"entries", spool.Options{MaxEntries: 2}, []int{1, 1, 1}, 2},
		{"bytes", spool.Options{MaxBytes: 10}, []int{4, 4, 4}, 2},
		{"entry size", spool.Options{MaxEntryBytes: 5}, []int{5, 6}, 1},
		{"within", spool.Options{MaxEntries: 3, MaxBytes: 12}, []int{4, 4, 4}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t, t.TempDir(), tt.opts)
			for i, n := range tt.puts {
				err := put(s, fmt.Sprintf("e%d", i), make([]byte, n))
				if i == tt.full {
					assert.ErrorIs(t, err, spool.ErrFull)
					return
				}
				require.NoError(t, err)
			}
			assert.Equal(t, -1, tt.full)
		})
	}
}

func TestBuryReviveDrop(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, spool.Options{})
	require.NoError(t, put(s, "e1", []byte("one")))
	require.NoError(t, put(s, "e2", []byte("two")))
	require.NoError(t, s.Queue(spool.DefaultQueue).Bury("e1", "http 400: bad request"))
	assert.ErrorIs(t, s.Queue(spool.DefaultQueue).Bury("nope", "x"), spool.ErrNotFound)

	st := s.Queue(spool.DefaultQueue).Stats()
	assert.Equal(t, 1, st.Queued)
	assert.Equal(t, 1, st.Dead)
	dead, err := s.Queue(spool.DefaultQueue).List(spool.Dead)
	require.NoError(t, err)
	require.Len(t, dead, 1)
	assert.Equal(t, "e1", dead[0].ID)
	assert.Equal(t, "http 400: bad request", dead[0].Reason)

	e, data, err := s.Queue(spool.DefaultQueue).Get("e1")
	require.NoError(t, err)
	assert.Equal(t, spool.Dead, e.State)
	assert.Equal(t, "one", string(data))

	require.NoError(t, s.Queue(spool.DefaultQueue).Revive("e1"))
	assert.ErrorIs(t, s.Queue(spool.DefaultQueue).Revive("e1"), spool.ErrNotFound)
	st = s.Queue(spool.DefaultQueue).Stats()
	assert.Equal(t, 2, st.Queued)
	assert.Equal(t, 0, st.Dead)
	e, _, err = s.Queue(spool.DefaultQueue).Get("e1")
	require.NoError(t, err)
	assert.Equal(t, spool.Queued, e.State)
	assert.WithinDuration(t, time.Now(), e.Enqueued, 5*time.Second, "revive restarts the age")

	require.NoError(t, s.Queue(spool.DefaultQueue).Drop("e1"))
	require.NoError(t, s.Queue(spool.DefaultQueue).Bury("e2", "expired"))
	require.NoError(t, s.Queue(spool.DefaultQueue).Drop("e2"))
	assert.ErrorIs(t, s.Queue(spool.DefaultQueue).Drop("e2"), spool.ErrNotFound)
	assert.Equal(t, spool.Stats{}, s.Queue(spool.DefaultQueue).Stats())
	left, err := os.ReadDir(filepath.Join(dir, "webhook", "dead"))
	require.NoError(t, err)
	assert.Empty(t, left, "no orphan reason files")
}

func TestOpenCleansTmpAndIndexes(t *testing.T) {
	dir := t.TempDir()
	s, err := spool.Open(dir, spool.Options{})
	require.NoError(t, err)
	require.NoError(t, put(s, "e1", []byte("one")))
	require.NoError(t, s.Close())

	// What a SIGKILL during a Put leaves: a partial temporary file. Also
	// junk in queue/ that is no entry.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "tmp", "e2.123.tmp"), []byte(`{"trunc`), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "webhook", "queue", "junk.txt"), []byte("x"), 0o600))

	s = open(t, dir, spool.Options{})
	tmp, err := os.ReadDir(filepath.Join(dir, "tmp"))
	require.NoError(t, err)
	assert.Empty(t, tmp)
	q := s.Queue(spool.DefaultQueue).Queued()
	require.Len(t, q, 1)
	assert.Equal(t, "e1", q[0].ID)
}

func TestLock(t *testing.T) {
	dir := t.TempDir()
	open(t, dir, spool.Options{})
	_, err := spool.Open(dir, spool.Options{})
	assert.ErrorIs(t, err, spool.ErrLocked)
	// The spool command opens beside the owner.
	shared := open(t, dir, spool.Options{Shared: true})
	assert.Equal(t, dir, shared.Dir())
}

func TestRescanSeesOtherProcess(t *testing.T) {
	dir := t.TempDir()
	owner := open(t, dir, spool.Options{})
	require.NoError(t, put(owner, "e1", []byte("one")))
	require.NoError(t, put(owner, "e2", []byte("two")))
	require.NoError(t, owner.Queue(spool.DefaultQueue).Bury("e2", "400"))

	cli := open(t, dir, spool.Options{Shared: true})
	require.NoError(t, cli.Queue(spool.DefaultQueue).Revive("e2"))
	require.NoError(t, cli.Queue(spool.DefaultQueue).Drop("e1"))

	added, removed, err := owner.Queue(spool.DefaultQueue).Rescan()
	require.NoError(t, err)
	require.Len(t, added, 1)
	assert.Equal(t, "e2", added[0].ID)
	require.Len(t, removed, 1)
	assert.Equal(t, "e1", removed[0].ID)
	assert.Equal(t, 0, owner.Queue(spool.DefaultQueue).Stats().Dead)
}

func TestConcurrentPuts(t *testing.T) {
	s := open(t, t.TempDir(), spool.Options{MaxEntries: 150})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var ok, full int
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				err := put(s, fmt.Sprintf("g%d-%d", g, i), []byte("x"))
				mu.Lock()
				switch {
				case err == nil:
					ok++
				case errors.Is(err, spool.ErrFull):
					full++
				default:
					t.Error(err)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 150, ok)
	assert.Equal(t, 50, full)
	assert.Equal(t, 150, s.Queue(spool.DefaultQueue).Stats().Queued)
}

func TestRescanDuringPutsKeepsCount(t *testing.T) {
	// A rescan that sees a file a Put has renamed in but not yet indexed
	// must not count it twice: at the limit, that would refuse a Put.
	const n = 400
	s := open(t, t.TempDir(), spool.Options{MaxEntries: n})
	stop := make(chan struct{})
	var scans sync.WaitGroup
	scans.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			_, _, err := s.Queue(spool.DefaultQueue).Rescan()
			assert.NoError(t, err)
		}
	})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range n / 8 {
				assert.NoError(t, put(s, fmt.Sprintf("g%d-%d", g, i), []byte("x")))
			}
		})
	}
	wg.Wait()
	close(stop)
	scans.Wait()
	assert.Equal(t, n, s.Queue(spool.DefaultQueue).Stats().Queued)
	assert.Equal(t, int64(n), s.Queue(spool.DefaultQueue).Stats().Bytes)
}

func TestSymlinksAndOddFilesAreNoEntries(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(t.TempDir(), "secret")
	require.NoError(t, os.WriteFile(secret, []byte("root:x:0:0:secret"), 0o600))
	s := open(t, dir, spool.Options{})
	require.NoError(t, put(s, "real", []byte("one")))
	require.NoError(t, os.Symlink(secret, filepath.Join(dir, "webhook", "queue", "linked.json")))
	require.NoError(t, os.Symlink(secret, filepath.Join(dir, "webhook", "dead", "deadlink.json")))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "webhook", "dead", "fake.json"), []byte("x"), 0o600))
	require.NoError(t, os.Symlink(secret, filepath.Join(dir, "webhook", "dead", "fake.reason")))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "webhook", "queue", "fifo.json"), 0o600))

	added, _, err := s.Queue(spool.DefaultQueue).Rescan()
	require.NoError(t, err)
	assert.Empty(t, added, "neither a link nor a FIFO is indexed")
	assert.Equal(t, 1, s.Queue(spool.DefaultQueue).Stats().Queued)
	q, err := s.Queue(spool.DefaultQueue).List(spool.Queued)
	require.NoError(t, err)
	require.Len(t, q, 1)
	assert.Equal(t, "real", q[0].ID)
	dead, err := s.Queue(spool.DefaultQueue).List(spool.Dead)
	require.NoError(t, err)
	require.Len(t, dead, 1, "the dead link is not listed")
	assert.Empty(t, dead[0].Reason, "a reason file that is a link is not read")

	for _, id := range []string{"linked", "deadlink", "fifo"} {
		done := make(chan error, 1)
		go func() { _, data, err := s.Queue(spool.DefaultQueue).Get(id); assert.Nil(t, data); done <- err }()
		select {
		case err := <-done:
			assert.ErrorIs(t, err, spool.ErrNotRegular, id)
		case <-time.After(5 * time.Second):
			t.Fatalf("Get(%s) blocked", id)
		}
	}
	_, err = s.Queue(spool.DefaultQueue).Read("linked")
	assert.ErrorIs(t, err, spool.ErrNotRegular)
	assert.ErrorIs(t, s.Queue(spool.DefaultQueue).Revive("deadlink"), spool.ErrNotRegular)
}

func TestOpenRefusesLinkedParts(t *testing.T) {
	elsewhere := t.TempDir()
	for _, part := range []string{"queue", "lock"} {
		t.Run(part, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.Symlink(filepath.Join(elsewhere, part), filepath.Join(dir, part)))
			if part == "lock" {
				require.NoError(t, os.WriteFile(filepath.Join(elsewhere, part), nil, 0o600))
			} else {
				require.NoError(t, os.MkdirAll(filepath.Join(elsewhere, part), 0o700))
			}
			_, err := spool.Open(dir, spool.Options{})
			assert.Error(t, err)
		})
	}
}

func TestRemoveFailureKeepsEntryIndexed(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, spool.Options{})
	require.NoError(t, put(s, "e1", []byte("one")))
	thaw := spooltest.Freeze(t, filepath.Join(dir, "webhook", "queue"))
	err := s.Queue(spool.DefaultQueue).Remove("e1")
	require.Error(t, err, "deleting from a frozen queue fails")
	assert.Equal(t, 1, s.Queue(spool.DefaultQueue).Stats().Queued, "the entry is still there and still counted")
	added, removed, err := s.Queue(spool.DefaultQueue).Rescan()
	require.NoError(t, err)
	assert.Empty(t, added, "a rescan does not find it again as new")
	assert.Empty(t, removed)
	thaw()
	require.NoError(t, s.Queue(spool.DefaultQueue).Remove("e1"))
	assert.Equal(t, 0, s.Queue(spool.DefaultQueue).Stats().Queued)
}
