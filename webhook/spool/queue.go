package spool

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

// State is where an entry is.
type State int

// The states of an entry.
const (
	Queued State = iota // waiting for delivery in queue/
	Dead                // a dead letter in dead/
)

// String returns "queued" or "dead".
func (s State) String() string {
	if s == Dead {
		return "dead"
	}
	return "queued"
}

// Entry describes one stored entry.
type Entry struct {
	ID       string
	State    State
	Size     int64
	Enqueued time.Time // when it entered the queue (the file's mtime)
	Reason   string    // for a dead letter, why it died
}

// Stats is a snapshot of a queue.
type Stats struct {
	Queued int       // entries waiting
	Bytes  int64     // their total size
	Oldest time.Time // the oldest waiting entry's enqueue time; zero if none
	Dead   int       // dead letters
}

// Attempt is what a sink last knew of a queued entry's delivery, kept
// beside it (ID.try) for the spool command. It is advice: written without
// sync, lost with the entry.
type Attempt struct {
	Attempts  int       `json:"attempts"`             // failed attempts so far
	LastError string    `json:"last_error,omitempty"` // why the last one failed, without secrets
	Last      time.Time `json:"last"`                 // when it failed
	Next      time.Time `json:"next"`                 // when the next is due
}

type meta struct {
	size     int64
	enqueued time.Time
}

// Queue is one sink's queue and dead letters in a spool. Its methods are
// safe for concurrent use.
type Queue struct {
	sp   *Spool
	name string
	dir  string // SPOOL/name

	mu       sync.Mutex
	queued   map[string]meta
	bytes    int64
	pending  map[string]int64 // Puts in progress and their sizes
	resBytes int64            // their total
	dead     int
}

func openQueue(s *Spool, name string) (*Queue, error) {
	q := &Queue{sp: s, name: name, dir: filepath.Join(s.dir, name), queued: make(map[string]meta), pending: make(map[string]int64)}
	if err := realDir(s.dir, name); err != nil {
		return nil, err
	}
	for _, d := range []string{queueDir, deadDir} {
		if err := realDir(s.dir, name, d); err != nil {
			return nil, err
		}
	}
	return q, nil
}

// Name returns the queue's name, the sink's.
func (q *Queue) Name() string { return q.name }

// Dir returns the queue's directory.
func (q *Queue) Dir() string { return q.dir }

func (q *Queue) path(st State, id string) string {
	d := queueDir
	if st == Dead {
		d = deadDir
	}
	return filepath.Join(q.dir, d, id+ext)
}

// reserve counts a Put in progress against the limits.
func (q *Queue) reserve(id string, n int64) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, dup := q.pending[id]; dup {
		return fmt.Errorf("spool: put %s: already being written", id)
	}
	if len(q.queued)+len(q.pending) >= q.sp.opts.MaxEntries {
		return fmt.Errorf("%w: %s: %d entries", ErrFull, q.name, q.sp.opts.MaxEntries)
	}
	if q.bytes+q.resBytes+n > q.sp.opts.MaxBytes {
		return fmt.Errorf("%w: %s: %d bytes", ErrFull, q.name, q.sp.opts.MaxBytes)
	}
	q.pending[id] = n
	q.resBytes += n
	return nil
}

// unreserve ends a reservation, indexing the entry when it was stored.
func (q *Queue) unreserve(id string, n int64, stored bool, now time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	delete(q.pending, id)
	q.resBytes -= n
	if stored {
		if old, ok := q.queued[id]; ok {
			q.bytes -= old.size
		}
		q.queued[id] = meta{size: n, enqueued: now}
		q.bytes += n
	}
}

// Read returns the data of a queued entry, or an error wrapping ErrNotFound.
func (q *Queue) Read(id string) ([]byte, error) {
	data, _, err := q.readFile(Queued, id)
	return data, err
}

// readFile reads an entry's data and returns its file's information.
func (q *Queue) readFile(st State, id string) ([]byte, fs.FileInfo, error) {
	if !ValidID(id) {
		return nil, nil, fmt.Errorf("%w: %q", ErrBadID, id)
	}
	f, fi, err := openRegular(q.path(st, id))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, fmt.Errorf("%w: %s", ErrNotFound, id)
		}
		return nil, nil, fmt.Errorf("spool: read %s: %w", id, err)
	}
	defer f.Close()
	limit := q.sp.opts.MaxEntryBytes
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, nil, fmt.Errorf("spool: read %s: %w", id, err)
	}
	if int64(len(data)) > limit {
		return nil, nil, fmt.Errorf("spool: read %s: over the %d byte limit", id, limit)
	}
	return data, fi, nil
}

// openRegular opens path for reading if it is a regular file: it does not
// follow a symbolic link (O_NOFOLLOW) and does not wait on a FIFO
// (O_NONBLOCK, which means nothing for a regular file's reads). Anything
// else is refused with ErrNotRegular.
func openRegular(path string) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		if errors.Is(err, syscall.ELOOP) {
			return nil, nil, fmt.Errorf("%w: %s is a symbolic link", ErrNotRegular, filepath.Base(path))
		}
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, nil, fmt.Errorf("%w: %s is a %s", ErrNotRegular, filepath.Base(path), fi.Mode().Type())
	}
	return f, fi, nil
}

// Get returns an entry and its data, from the queue or the dead letters.
func (q *Queue) Get(id string) (Entry, []byte, error) {
	for _, st := range []State{Queued, Dead} {
		data, fi, err := q.readFile(st, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return Entry{}, nil, err
		}
		e := Entry{ID: id, State: st, Size: int64(len(data)), Enqueued: fi.ModTime()}
		if st == Dead {
			e.Reason = q.reason(id)
		}
		return e, data, nil
	}
	return Entry{}, nil, fmt.Errorf("%w: %s", ErrNotFound, id)
}

// readSmall reads a small side file (a reason, an attempt) that must be a
// regular file; "" when there is none.
func readSmall(path string) string {
	f, _, err := openRegular(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 64<<10))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

func (q *Queue) reason(id string) string {
	return readSmall(filepath.Join(q.dir, deadDir, id+reasonEx))
}

// SetAttempt records the outcome of a failed attempt beside a queued
// entry. It is advice for the spool command: a failure to write it is
// returned but changes nothing else.
func (q *Queue) SetAttempt(id string, a Attempt) error {
	if !ValidID(id) {
		return fmt.Errorf("%w: %q", ErrBadID, id)
	}
	data, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("spool: attempt %s: %w", id, err)
	}
	if err := writeFileAtomic(filepath.Join(q.sp.dir, tmpDir), filepath.Join(q.dir, queueDir, id+tryEx), data, false); err != nil {
		return fmt.Errorf("spool: attempt %s: %w", id, err)
	}
	return nil
}

// Attempt returns what SetAttempt last recorded for a queued entry, and
// whether there is anything.
func (q *Queue) Attempt(id string) (Attempt, bool) {
	var a Attempt
	if !ValidID(id) {
		return a, false
	}
	s := readSmall(filepath.Join(q.dir, queueDir, id+tryEx))
	if s == "" || json.Unmarshal([]byte(s), &a) != nil {
		return Attempt{}, false
	}
	return a, true
}

// Attempts returns every recorded attempt of the queue, by entry ID.
func (q *Queue) Attempts() map[string]Attempt {
	out := map[string]Attempt{}
	f, err := os.Open(filepath.Join(q.dir, queueDir))
	if err != nil {
		return out
	}
	names, _ := f.Readdirnames(-1)
	f.Close()
	for _, n := range names {
		if id, ok := strings.CutSuffix(n, tryEx); ok {
			if a, ok := q.Attempt(id); ok {
				out[id] = a
			}
		}
	}
	return out
}

func (q *Queue) dropAttempt(id string) {
	os.Remove(filepath.Join(q.dir, queueDir, id+tryEx))
}

// Remove deletes a queued entry after its delivery. A crash before the
// deletion reaches the disk makes the entry reappear: delivery is at least
// once. When the deletion fails the entry stays indexed, because it is
// still in the queue.
func (q *Queue) Remove(id string) error {
	if !ValidID(id) {
		return fmt.Errorf("%w: %q", ErrBadID, id)
	}
	err := os.Remove(q.path(Queued, id))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("spool: remove %s: %w", id, err)
	}
	q.dropAttempt(id)
	q.forget(id)
	return nil
}

func (q *Queue) forget(id string) {
	q.mu.Lock()
	if m, ok := q.queued[id]; ok {
		q.bytes -= m.size
		delete(q.queued, id)
	}
	q.mu.Unlock()
}

// Bury moves a queued entry to the dead letters with a reason.
func (q *Queue) Bury(id, reason string) error {
	if !ValidID(id) {
		return fmt.Errorf("%w: %q", ErrBadID, id)
	}
	if err := writeFileAtomic(filepath.Join(q.sp.dir, tmpDir), filepath.Join(q.dir, deadDir, id+reasonEx), []byte(reason+"\n"), true); err != nil {
		return fmt.Errorf("spool: bury %s: %w", id, err)
	}
	if err := os.Rename(q.path(Queued, id), q.path(Dead, id)); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			q.forget(id)
			os.Remove(filepath.Join(q.dir, deadDir, id+reasonEx))
			return fmt.Errorf("%w: %s", ErrNotFound, id)
		}
		return fmt.Errorf("spool: bury %s: %w", id, err)
	}
	q.dropAttempt(id)
	q.forget(id)
	q.mu.Lock()
	q.dead++
	q.mu.Unlock()
	if err := syncDir(filepath.Join(q.dir, deadDir)); err != nil {
		return fmt.Errorf("spool: bury %s: %w", id, err)
	}
	return nil
}

// Revive moves a dead letter back into the queue with a fresh enqueue time,
// so that it gets a full delivery age again.
func (q *Queue) Revive(id string) error {
	if !ValidID(id) {
		return fmt.Errorf("%w: %q", ErrBadID, id)
	}
	src, dst := q.path(Dead, id), q.path(Queued, id)
	fi, err := os.Lstat(src)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%w: %s", ErrNotFound, id)
		}
		return fmt.Errorf("spool: revive %s: %w", id, err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("spool: revive %s: %w", id, ErrNotRegular)
	}
	now := time.Now()
	if err := os.Chtimes(src, now, now); err != nil {
		return fmt.Errorf("spool: revive %s: %w", id, err)
	}
	if err := os.Rename(src, dst); err != nil {
		return fmt.Errorf("spool: revive %s: %w", id, err)
	}
	os.Remove(filepath.Join(q.dir, deadDir, id+reasonEx))
	if err := syncDir(filepath.Join(q.dir, queueDir)); err != nil {
		return fmt.Errorf("spool: revive %s: %w", id, err)
	}
	q.mu.Lock()
	q.dead--
	if old, ok := q.queued[id]; ok {
		q.bytes -= old.size
	}
	q.queued[id] = meta{size: fi.Size(), enqueued: now}
	q.bytes += fi.Size()
	q.mu.Unlock()
	return nil
}

// Drop deletes an entry, queued or dead, for good.
func (q *Queue) Drop(id string) error {
	if !ValidID(id) {
		return fmt.Errorf("%w: %q", ErrBadID, id)
	}
	if err := os.Remove(q.path(Queued, id)); err == nil {
		q.dropAttempt(id)
		q.forget(id)
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("spool: drop %s: %w", id, err)
	}
	if err := os.Remove(q.path(Dead, id)); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%w: %s", ErrNotFound, id)
		}
		return fmt.Errorf("spool: drop %s: %w", id, err)
	}
	os.Remove(filepath.Join(q.dir, deadDir, id+reasonEx))
	q.mu.Lock()
	q.dead--
	q.mu.Unlock()
	return nil
}

// Rescan reads the queue directory again and brings the index in line with
// it: entries another process put back (the spool command's retry) are
// returned as added, entries it dropped as removed. It reads the
// directories' names and stats only the files it does not know.
func (q *Queue) Rescan() (added, removed []Entry, err error) {
	names, err := q.names(Queued)
	if err != nil {
		return nil, nil, err
	}
	dead, err := q.names(Dead)
	if err != nil {
		return nil, nil, err
	}
	seen := make(map[string]bool, len(names))
	var unknown []string
	q.mu.Lock()
	for _, id := range names {
		seen[id] = true
		// A Put in progress may have linked its file in already; it
		// indexes the entry itself.
		_, known := q.queued[id]
		_, writing := q.pending[id]
		if !known && !writing {
			unknown = append(unknown, id)
		}
	}
	var gone []string
	for id := range q.queued {
		if !seen[id] {
			gone = append(gone, id)
		}
	}
	q.dead = len(dead)
	q.mu.Unlock()

	for _, id := range unknown {
		fi, err := os.Lstat(q.path(Queued, id))
		if err != nil || !fi.Mode().IsRegular() {
			continue // removed since, or not ours
		}
		e := Entry{ID: id, State: Queued, Size: fi.Size(), Enqueued: fi.ModTime()}
		q.mu.Lock()
		_, known := q.queued[id]
		_, writing := q.pending[id]
		if !known && !writing {
			q.queued[id] = meta{size: e.Size, enqueued: e.Enqueued}
			q.bytes += e.Size
			added = append(added, e)
		}
		q.mu.Unlock()
	}
	for _, id := range gone {
		// A Put racing this scan links its file in after ReadDir: look
		// again before believing it removed.
		if _, err := os.Lstat(q.path(Queued, id)); err == nil {
			continue
		}
		q.mu.Lock()
		if m, ok := q.queued[id]; ok {
			delete(q.queued, id)
			q.bytes -= m.size
			removed = append(removed, Entry{ID: id, State: Queued, Size: m.size, Enqueued: m.enqueued})
		}
		q.mu.Unlock()
	}
	return added, removed, nil
}

// names returns the IDs of the entries in state st's directory.
func (q *Queue) names(st State) ([]string, error) {
	d := queueDir
	if st == Dead {
		d = deadDir
	}
	f, err := os.Open(filepath.Join(q.dir, d))
	if err != nil {
		return nil, fmt.Errorf("spool: scan %s/%s: %w", q.name, d, err)
	}
	defer f.Close()
	all, err := f.Readdirnames(-1)
	if err != nil {
		return nil, fmt.Errorf("spool: scan %s/%s: %w", q.name, d, err)
	}
	out := all[:0]
	for _, name := range all {
		if id, ok := strings.CutSuffix(name, ext); ok && ValidID(id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// List returns the entries in state st, oldest first, read from the
// directory (so it sees what other processes did).
func (q *Queue) List(st State) ([]Entry, error) {
	ids, err := q.names(st)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(ids))
	for _, id := range ids {
		fi, err := os.Lstat(q.path(st, id))
		if err != nil || !fi.Mode().IsRegular() {
			continue // removed since ReadDir, or not an entry
		}
		e := Entry{ID: id, State: st, Size: fi.Size(), Enqueued: fi.ModTime()}
		if st == Dead {
			e.Reason = q.reason(id)
		}
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Enqueued.Equal(out[j].Enqueued) {
			return out[i].Enqueued.Before(out[j].Enqueued)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// Queued returns the indexed queued entries, in no order.
func (q *Queue) Queued() []Entry {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := make([]Entry, 0, len(q.queued))
	for id, m := range q.queued {
		out = append(out, Entry{ID: id, State: Queued, Size: m.size, Enqueued: m.enqueued})
	}
	return out
}

// Stats returns a snapshot of the index. It walks the index, so call it at
// scrape rate, not per entry.
func (q *Queue) Stats() Stats {
	q.mu.Lock()
	defer q.mu.Unlock()
	st := Stats{Queued: len(q.queued), Bytes: q.bytes, Dead: q.dead}
	for _, m := range q.queued {
		if st.Oldest.IsZero() || m.enqueued.Before(st.Oldest) {
			st.Oldest = m.enqueued
		}
	}
	return st
}
