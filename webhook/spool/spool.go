// Package spool is the durable queue of webhook events: a directory of
// files written the way a mail queue writes them (Postfix's maildrop and
// incoming queues, qmail's todo): each entry is written to a temporary file,
// synced, renamed into place and its directory synced before Put returns. A
// crash at any point (SIGKILL, power loss) leaves either the whole entry or
// nothing in the queue; a half-written temporary file is never read back and
// is removed by the next Open.
//
// Layout under the spool directory:
//
//	lock    held (flock) by the process that owns the spool
//	tmp/    entries being written; emptied by Open
//	queue/  entries waiting for delivery, one file per entry: ID.json
//	dead/   dead letters, ID.json, with ID.reason saying why they died
//
// The spool stores opaque bytes; package webhook decides what they mean.
// Entries are kept on disk only; the spool holds an index of their IDs,
// sizes and times in memory, bounded by Options.MaxEntries.
//
// Only regular files are entries: the spool opens its files without
// following symbolic links (O_NOFOLLOW) and skips anything else it finds
// in queue/ and dead/, so a link planted there (queue/x.json ->
// /etc/passwd) is never read, listed or posted. The index counts a file
// as queued until its deletion succeeded: a spool that cannot delete (a
// read-only file system) keeps reporting what is still there.
package spool

import (
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

// Errors callers can branch on with errors.Is.
var (
	// ErrFull means the spool is at its configured entry count or size, or
	// the entry is larger than Options.MaxEntryBytes. The entry was not
	// stored.
	ErrFull = errors.New("spool: full")
	// ErrNotFound means no entry has the ID in the queue or dead letters.
	ErrNotFound = errors.New("spool: no such entry")
	// ErrBadID means an ID has characters outside [A-Za-z0-9_-] or is
	// longer than 128 bytes: IDs become file names.
	ErrBadID = errors.New("spool: bad entry id")
	// ErrLocked means another process owns the spool directory.
	ErrLocked = errors.New("spool: directory in use by another process")
	// ErrNotRegular means an entry's name is taken by something other than
	// a regular file (a symbolic link, a directory, a FIFO): it is not read.
	ErrNotRegular = errors.New("spool: not a regular file")
)

// The defaults of Options.
const (
	DefaultMaxEntries    = 100_000
	DefaultMaxBytes      = 1 << 30 // 1 GiB
	DefaultMaxEntryBytes = 4 << 20 // 4 MiB
)

// Options bound a spool. Zero values take the defaults.
type Options struct {
	MaxEntries    int   // queued entries at most; default DefaultMaxEntries
	MaxBytes      int64 // bytes of queued entries at most; default DefaultMaxBytes
	MaxEntryBytes int64 // bytes of one entry at most; default DefaultMaxEntryBytes
	// Shared opens a spool that another process may own (the spool
	// command beside a running serve): no lock is taken and tmp/ is left
	// alone.
	Shared bool
}

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

// Stats is a snapshot of the queue.
type Stats struct {
	Queued int       // entries waiting
	Bytes  int64     // their total size
	Oldest time.Time // the oldest waiting entry's enqueue time; zero if none
	Dead   int       // dead letters
}

type meta struct {
	size     int64
	enqueued time.Time
}

// Spool is a durable queue directory. Its methods are safe for concurrent
// use.
type Spool struct {
	dir  string
	opts Options
	lock *os.File

	mu       sync.Mutex
	queued   map[string]meta
	bytes    int64
	pending  map[string]int64 // Puts in progress and their sizes
	resBytes int64            // their total
	dead     int
}

const (
	tmpDir   = "tmp"
	queueDir = "queue"
	deadDir  = "dead"
	ext      = ".json"
	reasonEx = ".reason"
)

// Open opens or creates the spool in dir. Unless opts.Shared, it takes an
// exclusive lock on the directory (ErrLocked if another process holds it)
// and removes what a crash left in tmp/.
func Open(dir string, opts Options) (*Spool, error) {
	if opts.MaxEntries <= 0 {
		opts.MaxEntries = DefaultMaxEntries
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.MaxEntryBytes <= 0 {
		opts.MaxEntryBytes = DefaultMaxEntryBytes
	}
	s := &Spool{dir: dir, opts: opts, queued: make(map[string]meta), pending: make(map[string]int64)}
	for _, d := range []string{tmpDir, queueDir, deadDir} {
		p := filepath.Join(dir, d)
		if err := os.MkdirAll(p, 0o750); err != nil {
			return nil, fmt.Errorf("spool: open %s: %w", dir, err)
		}
		// The spool directory itself may be a link an administrator set
		// up; its parts must be real directories.
		if fi, err := os.Lstat(p); err != nil || !fi.IsDir() {
			return nil, fmt.Errorf("spool: open %s: %s: %w", dir, d, ErrNotRegular)
		}
	}
	if !opts.Shared {
		if err := s.takeLock(); err != nil {
			return nil, err
		}
		if err := s.cleanTmp(); err != nil {
			s.Close()
			return nil, err
		}
	}
	if _, _, err := s.Rescan(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func (s *Spool) takeLock() error {
	f, err := os.OpenFile(filepath.Join(s.dir, "lock"), os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW, 0o640)
	if err != nil {
		return fmt.Errorf("spool: lock %s: %w", s.dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return fmt.Errorf("%w: %s", ErrLocked, s.dir)
		}
		return fmt.Errorf("spool: lock %s: %w", s.dir, err)
	}
	s.lock = f
	return nil
}

// cleanTmp removes every file a crash left half written.
func (s *Spool) cleanTmp() error {
	d := filepath.Join(s.dir, tmpDir)
	ents, err := os.ReadDir(d)
	if err != nil {
		return fmt.Errorf("spool: clean tmp: %w", err)
	}
	for _, e := range ents {
		if err := os.Remove(filepath.Join(d, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("spool: clean tmp: %w", err)
		}
	}
	return nil
}

// Close releases the directory lock. The spool must not be used after.
func (s *Spool) Close() error {
	if s.lock == nil {
		return nil
	}
	err := s.lock.Close() // closing the descriptor drops the flock
	s.lock = nil
	if err != nil {
		return fmt.Errorf("spool: close: %w", err)
	}
	return nil
}

// Dir returns the spool directory.
func (s *Spool) Dir() string { return s.dir }

// ValidID reports whether id can name an entry.
func ValidID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

func (s *Spool) path(st State, id string) string {
	d := queueDir
	if st == Dead {
		d = deadDir
	}
	return filepath.Join(s.dir, d, id+ext)
}

// Put stores data as entry id durably: when Put returns nil the entry
// survives a crash. It returns an error wrapping ErrFull when the spool is
// at its limits, and other errors (a full disk among them) wrapped with
// context; in every error case nothing is stored.
func (s *Spool) Put(id string, data []byte) error {
	if !ValidID(id) {
		return fmt.Errorf("%w: %q", ErrBadID, id)
	}
	n := int64(len(data))
	if n > s.opts.MaxEntryBytes {
		return fmt.Errorf("%w: entry of %d bytes over the %d byte limit", ErrFull, n, s.opts.MaxEntryBytes)
	}
	s.mu.Lock()
	if _, dup := s.pending[id]; dup {
		s.mu.Unlock()
		return fmt.Errorf("spool: put %s: already being written", id)
	}
	if len(s.queued)+len(s.pending) >= s.opts.MaxEntries {
		s.mu.Unlock()
		return fmt.Errorf("%w: %d entries", ErrFull, s.opts.MaxEntries)
	}
	if s.bytes+s.resBytes+n > s.opts.MaxBytes {
		s.mu.Unlock()
		return fmt.Errorf("%w: %d bytes", ErrFull, s.opts.MaxBytes)
	}
	s.pending[id] = n
	s.resBytes += n
	s.mu.Unlock()

	now, err := s.write(id, data)

	s.mu.Lock()
	delete(s.pending, id)
	s.resBytes -= n
	if err == nil {
		if old, ok := s.queued[id]; ok {
			s.bytes -= old.size
		}
		s.queued[id] = meta{size: n, enqueued: now}
		s.bytes += n
	}
	s.mu.Unlock()
	return err
}

// write is the mail-queue dance: temporary file, write, fsync, rename into
// queue/, fsync queue/.
func (s *Spool) write(id string, data []byte) (time.Time, error) {
	f, err := os.CreateTemp(filepath.Join(s.dir, tmpDir), id+".*.tmp")
	if err != nil {
		return time.Time{}, fmt.Errorf("spool: put %s: %w", id, err)
	}
	tmp := f.Name()
	fail := func(step string, err error) (time.Time, error) {
		f.Close()
		os.Remove(tmp)
		return time.Time{}, fmt.Errorf("spool: put %s: %s: %w", id, step, err)
	}
	if _, err := f.Write(data); err != nil {
		return fail("write", err)
	}
	if err := f.Sync(); err != nil {
		return fail("sync", err)
	}
	fi, err := f.Stat()
	if err != nil {
		return fail("stat", err)
	}
	if err := f.Close(); err != nil {
		return fail("close", err)
	}
	dst := s.path(Queued, id)
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return time.Time{}, fmt.Errorf("spool: put %s: rename: %w", id, err)
	}
	if err := syncDir(filepath.Join(s.dir, queueDir)); err != nil {
		// Not durable: take it back so that the caller's "dropped" is true.
		os.Remove(dst)
		return time.Time{}, fmt.Errorf("spool: put %s: %w", id, err)
	}
	return fi.ModTime(), nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync dir: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync dir %s: %w", dir, err)
	}
	return nil
}

// Read returns the data of a queued entry, or an error wrapping ErrNotFound.
func (s *Spool) Read(id string) ([]byte, error) {
	return s.read(Queued, id)
}

func (s *Spool) read(st State, id string) ([]byte, error) {
	data, _, err := s.readFile(st, id)
	return data, err
}

// readFile reads an entry's data and returns its file's information.
func (s *Spool) readFile(st State, id string) ([]byte, fs.FileInfo, error) {
	if !ValidID(id) {
		return nil, nil, fmt.Errorf("%w: %q", ErrBadID, id)
	}
	f, fi, err := openRegular(s.path(st, id))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, fmt.Errorf("%w: %s", ErrNotFound, id)
		}
		return nil, nil, fmt.Errorf("spool: read %s: %w", id, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, s.opts.MaxEntryBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("spool: read %s: %w", id, err)
	}
	if int64(len(data)) > s.opts.MaxEntryBytes {
		return nil, nil, fmt.Errorf("spool: read %s: over the %d byte limit", id, s.opts.MaxEntryBytes)
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
func (s *Spool) Get(id string) (Entry, []byte, error) {
	for _, st := range []State{Queued, Dead} {
		data, fi, err := s.readFile(st, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return Entry{}, nil, err
		}
		e := Entry{ID: id, State: st, Size: int64(len(data)), Enqueued: fi.ModTime()}
		if st == Dead {
			e.Reason = s.reason(id)
		}
		return e, data, nil
	}
	return Entry{}, nil, fmt.Errorf("%w: %s", ErrNotFound, id)
}

func (s *Spool) reason(id string) string {
	f, _, err := openRegular(filepath.Join(s.dir, deadDir, id+reasonEx))
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

// Remove deletes a queued entry after its delivery. A crash before the
// deletion reaches the disk makes the entry reappear: delivery is at least
// once. When the deletion fails the entry stays indexed, because it is
// still in the queue.
func (s *Spool) Remove(id string) error {
	if !ValidID(id) {
		return fmt.Errorf("%w: %q", ErrBadID, id)
	}
	err := os.Remove(s.path(Queued, id))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("spool: remove %s: %w", id, err)
	}
	s.forget(id)
	return nil
}

func (s *Spool) forget(id string) {
	s.mu.Lock()
	if m, ok := s.queued[id]; ok {
		s.bytes -= m.size
		delete(s.queued, id)
	}
	s.mu.Unlock()
}

// Bury moves a queued entry to the dead letters with a reason.
func (s *Spool) Bury(id, reason string) error {
	if !ValidID(id) {
		return fmt.Errorf("%w: %q", ErrBadID, id)
	}
	if err := writeFileAtomic(filepath.Join(s.dir, tmpDir), filepath.Join(s.dir, deadDir, id+reasonEx), []byte(reason+"\n")); err != nil {
		return fmt.Errorf("spool: bury %s: %w", id, err)
	}
	if err := os.Rename(s.path(Queued, id), s.path(Dead, id)); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			s.forget(id)
			os.Remove(filepath.Join(s.dir, deadDir, id+reasonEx))
			return fmt.Errorf("%w: %s", ErrNotFound, id)
		}
		return fmt.Errorf("spool: bury %s: %w", id, err)
	}
	s.forget(id)
	s.mu.Lock()
	s.dead++
	s.mu.Unlock()
	if err := syncDir(filepath.Join(s.dir, deadDir)); err != nil {
		return fmt.Errorf("spool: bury %s: %w", id, err)
	}
	return nil
}

// Revive moves a dead letter back into the queue with a fresh enqueue time,
// so that it gets a full delivery age again.
func (s *Spool) Revive(id string) error {
	if !ValidID(id) {
		return fmt.Errorf("%w: %q", ErrBadID, id)
	}
	src, dst := s.path(Dead, id), s.path(Queued, id)
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
	os.Remove(filepath.Join(s.dir, deadDir, id+reasonEx))
	if err := syncDir(filepath.Join(s.dir, queueDir)); err != nil {
		return fmt.Errorf("spool: revive %s: %w", id, err)
	}
	s.mu.Lock()
	s.dead--
	if old, ok := s.queued[id]; ok {
		s.bytes -= old.size
	}
	s.queued[id] = meta{size: fi.Size(), enqueued: now}
	s.bytes += fi.Size()
	s.mu.Unlock()
	return nil
}

// Drop deletes an entry, queued or dead, for good.
func (s *Spool) Drop(id string) error {
	if !ValidID(id) {
		return fmt.Errorf("%w: %q", ErrBadID, id)
	}
	if err := os.Remove(s.path(Queued, id)); err == nil {
		s.forget(id)
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("spool: drop %s: %w", id, err)
	}
	if err := os.Remove(s.path(Dead, id)); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%w: %s", ErrNotFound, id)
		}
		return fmt.Errorf("spool: drop %s: %w", id, err)
	}
	os.Remove(filepath.Join(s.dir, deadDir, id+reasonEx))
	s.mu.Lock()
	s.dead--
	s.mu.Unlock()
	return nil
}

// Rescan reads the queue directory again and brings the index in line with
// it: entries another process put back (the spool command's retry) are
// returned as added, entries it dropped as removed. It reads the
// directories' names and stats only the files it does not know.
func (s *Spool) Rescan() (added, removed []Entry, err error) {
	names, err := s.names(Queued)
	if err != nil {
		return nil, nil, err
	}
	dead, err := s.names(Dead)
	if err != nil {
		return nil, nil, err
	}
	seen := make(map[string]bool, len(names))
	var unknown []string
	s.mu.Lock()
	for _, id := range names {
		seen[id] = true
		// A Put in progress may have renamed its file in already; it
		// indexes the entry itself.
		_, known := s.queued[id]
		_, writing := s.pending[id]
		if !known && !writing {
			unknown = append(unknown, id)
		}
	}
	var gone []string
	for id := range s.queued {
		if !seen[id] {
			gone = append(gone, id)
		}
	}
	s.dead = len(dead)
	s.mu.Unlock()

	for _, id := range unknown {
		fi, err := os.Lstat(s.path(Queued, id))
		if err != nil || !fi.Mode().IsRegular() {
			continue // removed since, or not ours
		}
		e := Entry{ID: id, State: Queued, Size: fi.Size(), Enqueued: fi.ModTime()}
		s.mu.Lock()
		_, known := s.queued[id]
		_, writing := s.pending[id]
		if !known && !writing {
			s.queued[id] = meta{size: e.Size, enqueued: e.Enqueued}
			s.bytes += e.Size
			added = append(added, e)
		}
		s.mu.Unlock()
	}
	for _, id := range gone {
		// A Put racing this scan renames its file in after ReadDir: look
		// again before believing it removed.
		if _, err := os.Lstat(s.path(Queued, id)); err == nil {
			continue
		}
		s.mu.Lock()
		if m, ok := s.queued[id]; ok {
			delete(s.queued, id)
			s.bytes -= m.size
			removed = append(removed, Entry{ID: id, State: Queued, Size: m.size, Enqueued: m.enqueued})
		}
		s.mu.Unlock()
	}
	return added, removed, nil
}

// names returns the IDs of the entries in state st's directory.
func (s *Spool) names(st State) ([]string, error) {
	d := queueDir
	if st == Dead {
		d = deadDir
	}
	f, err := os.Open(filepath.Join(s.dir, d))
	if err != nil {
		return nil, fmt.Errorf("spool: scan %s: %w", d, err)
	}
	defer f.Close()
	all, err := f.Readdirnames(-1)
	if err != nil {
		return nil, fmt.Errorf("spool: scan %s: %w", d, err)
	}
	out := all[:0]
	for _, name := range all {
		if id, ok := strings.CutSuffix(name, ext); ok && ValidID(id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// scan returns the entries in state st's directory with their sizes and
// times.
func (s *Spool) scan(st State) ([]Entry, error) {
	ids, err := s.names(st)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(ids))
	for _, id := range ids {
		fi, err := os.Lstat(s.path(st, id))
		if err != nil || !fi.Mode().IsRegular() {
			continue // removed since ReadDir, or not an entry
		}
		out = append(out, Entry{ID: id, State: st, Size: fi.Size(), Enqueued: fi.ModTime()})
	}
	return out, nil
}

// List returns the entries in state st, oldest first, read from the
// directory (so it sees what other processes did).
func (s *Spool) List(st State) ([]Entry, error) {
	out, err := s.scan(st)
	if err != nil {
		return nil, err
	}
	if st == Dead {
		for i := range out {
			out[i].Reason = s.reason(out[i].ID)
		}
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
func (s *Spool) Queued() []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Entry, 0, len(s.queued))
	for id, m := range s.queued {
		out = append(out, Entry{ID: id, State: Queued, Size: m.size, Enqueued: m.enqueued})
	}
	return out
}

// Stats returns a snapshot of the index. It walks the index, so call it at
// scrape rate, not per entry.
func (s *Spool) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := Stats{Queued: len(s.queued), Bytes: s.bytes, Dead: s.dead}
	for _, m := range s.queued {
		if st.Oldest.IsZero() || m.enqueued.Before(st.Oldest) {
			st.Oldest = m.enqueued
		}
	}
	return st
}

// writeFileAtomic writes data to dst through a temporary file in tmpdir.
func writeFileAtomic(tmpdir, dst string, data []byte) error {
	f, err := os.CreateTemp(tmpdir, filepath.Base(dst)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
