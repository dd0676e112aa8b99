// Package spool is the durable queue of bounce events, the one step
// between the milter's answer to the MTA and the sinks that deliver the
// events (the webhook, NATS JetStream, Kafka): a directory of files
// written the way a mail queue writes them (Postfix's maildrop and
// incoming queues, qmail's todo). Each sink has a queue of its own, so
// that a slow sink never holds another back; an event meant for several
// sinks is written once and linked into each sink's queue.
//
// Put writes an event to a temporary file, syncs it, links it into each
// sink's queue directory, syncs those directories and removes the
// temporary name before it returns. A crash at any point (SIGKILL, power
// loss) leaves either the event in every queue it was meant for or in
// none: a temporary file that was linked into some queue was complete and
// synced before its first link, and the next Open links it into the
// queues that miss it; one that was linked nowhere may be half written and
// is removed.
//
// Layout under the spool directory:
//
//	lock            held (flock) by the process that owns the spool
//	tmp/            events being written: ID.QUEUES.RANDOM.tmp
//	SINK/queue/     events waiting for SINK: ID.json, and ID.try, the last
//	                attempt's outcome (for the spool command)
//	SINK/dead/      SINK's dead letters, ID.json, with ID.reason saying why
//
// A spool written by a version before the sinks (queue/ and dead/ at the
// top) is moved into webhook/ by the first Open.
//
// The spool stores opaque bytes; the sinks decide what they mean. Entries
// are kept on disk only; each queue holds an index of their IDs, sizes and
// times in memory, bounded by Options.MaxEntries.
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
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// Errors callers can branch on with errors.Is.
var (
	// ErrFull means a queue is at its configured entry count or size, or
	// the entry is larger than Options.MaxEntryBytes. The entry was not
	// stored there.
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
	// ErrNoQueue means a queue name is not one the spool was opened with.
	ErrNoQueue = errors.New("spool: no such queue")
)

// The defaults of Options.
const (
	DefaultMaxEntries    = 100_000
	DefaultMaxBytes      = 1 << 30 // 1 GiB
	DefaultMaxEntryBytes = 4 << 20 // 4 MiB
	// DefaultQueue is the queue of a spool opened without Options.Queues,
	// and where an old spool's entries go: the webhook's.
	DefaultQueue = "webhook"
)

// Options bound a spool. Zero values take the defaults.
type Options struct {
	// Queues names the sinks' queues, [a-z0-9] each; default
	// {DefaultQueue}. A shared spool also opens every queue it finds.
	Queues        []string
	MaxEntries    int   // queued entries of one queue at most; default DefaultMaxEntries
	MaxBytes      int64 // bytes of one queue's entries at most; default DefaultMaxBytes
	MaxEntryBytes int64 // bytes of one entry at most; default DefaultMaxEntryBytes
	// Shared opens a spool that another process may own (the spool
	// command beside a running serve): no lock is taken, tmp/ is left
	// alone and nothing is moved.
	Shared bool
}

// Spool is a durable queue directory with one queue per sink. Its methods
// are safe for concurrent use.
type Spool struct {
	dir    string
	opts   Options
	lock   *os.File
	queues map[string]*Queue
	names  []string // the queues, in Options.Queues order, then found ones sorted
}

const (
	tmpDir   = "tmp"
	queueDir = "queue"
	deadDir  = "dead"
	ext      = ".json"
	reasonEx = ".reason"
	tryEx    = ".try"
)

// ValidQueueName reports whether name can name a queue: 1 to 32 of
// [a-z0-9], and none of the spool's own directory names.
func ValidQueueName(name string) bool {
	if name == "" || len(name) > 32 || name == tmpDir || name == queueDir || name == deadDir {
		return false
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// Open opens or creates the spool in dir with the queues opts names.
// Unless opts.Shared, it takes an exclusive lock on the directory
// (ErrLocked if another process holds it), moves an old spool's entries
// into the webhook queue, and finishes or removes what a crash left in
// tmp/.
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
	if len(opts.Queues) == 0 {
		opts.Queues = []string{DefaultQueue}
	}
	s := &Spool{dir: dir, opts: opts, queues: make(map[string]*Queue)}
	for _, name := range opts.Queues {
		if !ValidQueueName(name) {
			return nil, fmt.Errorf("spool: open %s: bad queue name %q", dir, name)
		}
		if _, dup := s.queues[name]; dup {
			return nil, fmt.Errorf("spool: open %s: queue %q named twice", dir, name)
		}
		s.queues[name] = nil
		s.names = append(s.names, name)
	}
	if err := realDir(dir, tmpDir); err != nil {
		return nil, err
	}
	if !opts.Shared {
		if err := s.takeLock(); err != nil {
			return nil, err
		}
		if err := s.migrate(); err != nil {
			s.Close()
			return nil, err
		}
	} else {
		found, err := s.found()
		if err != nil {
			return nil, err
		}
		for _, name := range found {
			if _, ok := s.queues[name]; !ok {
				s.queues[name] = nil
				s.names = append(s.names, name)
			}
		}
	}
	for _, name := range s.names {
		q, err := openQueue(s, name)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.queues[name] = q
	}
	if !opts.Shared {
		if err := s.recoverTmp(); err != nil {
			s.Close()
			return nil, err
		}
	}
	for _, name := range s.names {
		if _, _, err := s.queues[name].Rescan(); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// realDir creates dir/part and checks that it is a directory, not a link
// to one: the spool directory itself may be a link an administrator set
// up; its parts must be real directories.
func realDir(dir string, part ...string) error {
	p := filepath.Join(append([]string{dir}, part...)...)
	if err := os.MkdirAll(p, 0o750); err != nil {
		return fmt.Errorf("spool: open %s: %w", dir, err)
	}
	if fi, err := os.Lstat(p); err != nil || !fi.IsDir() {
		return fmt.Errorf("spool: open %s: %s: %w", dir, filepath.Join(part...), ErrNotRegular)
	}
	return nil
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

// found returns the queues on disk: the directories holding a queue/.
func (s *Spool) found() ([]string, error) {
	ents, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, fmt.Errorf("spool: open %s: %w", s.dir, err)
	}
	var out []string
	for _, e := range ents {
		if !e.IsDir() || !ValidQueueName(e.Name()) {
			continue
		}
		if fi, err := os.Lstat(filepath.Join(s.dir, e.Name(), queueDir)); err == nil && fi.IsDir() {
			out = append(out, e.Name())
		}
	}
	slices.Sort(out)
	return out, nil
}

// Unconfigured returns the queues on disk that hold events but are not
// among Options.Queues: a sink that was configured once and is no more,
// whose events nobody delivers.
func (s *Spool) Unconfigured() (map[string]int, error) {
	found, err := s.found()
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, name := range found {
		if slices.Contains(s.opts.Queues, name) {
			continue
		}
		q := &Queue{sp: s, name: name, dir: filepath.Join(s.dir, name)}
		ids, err := q.names(Queued)
		if err == nil && len(ids) > 0 {
			out[name] = len(ids)
		}
	}
	return out, nil
}

// migrate moves the entries of a spool written before the sinks (queue/
// and dead/ at the top) into the webhook queue, one rename each, so that a
// crash in the middle leaves every entry in one place or the other and the
// next Open goes on.
func (s *Spool) migrate() error {
	moved := false
	for _, d := range []string{queueDir, deadDir} {
		old := filepath.Join(s.dir, d)
		fi, err := os.Lstat(old)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil || !fi.IsDir() {
			return fmt.Errorf("spool: open %s: %s: %w", s.dir, d, ErrNotRegular)
		}
		if err := realDir(s.dir, DefaultQueue, d); err != nil {
			return err
		}
		ents, err := os.ReadDir(old)
		if err != nil {
			return fmt.Errorf("spool: move %s: %w", old, err)
		}
		for _, e := range ents {
			if err := os.Rename(filepath.Join(old, e.Name()), filepath.Join(s.dir, DefaultQueue, d, e.Name())); err != nil {
				return fmt.Errorf("spool: move %s: %w", old, err)
			}
			moved = true
		}
		if err := syncDir(filepath.Join(s.dir, DefaultQueue, d)); err != nil {
			return fmt.Errorf("spool: move %s: %w", old, err)
		}
		if err := os.Remove(old); err != nil {
			return fmt.Errorf("spool: move %s: %w", old, err)
		}
	}
	if moved {
		return syncDir(s.dir)
	}
	return nil
}

// recoverTmp finishes the Puts a crash interrupted after their first link
// and removes the rest of tmp/.
func (s *Spool) recoverTmp() error {
	d := filepath.Join(s.dir, tmpDir)
	ents, err := os.ReadDir(d)
	if err != nil {
		return fmt.Errorf("spool: clean tmp: %w", err)
	}
	for _, e := range ents {
		p := filepath.Join(d, e.Name())
		if err := s.finish(p, e.Name()); err != nil {
			return err
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("spool: clean tmp: %w", err)
		}
	}
	return nil
}

// finish links a temporary event file into the queues it names that miss
// it, if it was linked into one already (then it is complete).
func (s *Spool) finish(path, name string) error {
	parts := strings.Split(name, ".")
	if len(parts) != 4 || parts[3] != "tmp" || !ValidID(parts[0]) {
		return nil
	}
	var st syscall.Stat_t
	if err := syscall.Lstat(path, &st); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG || st.Nlink < 2 {
		return nil
	}
	id := parts[0]
	for _, qn := range strings.Split(parts[1], "-") {
		q := s.queues[qn]
		if q == nil {
			continue
		}
		dst := q.path(Queued, id)
		err := os.Link(path, dst)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("spool: finish %s: %w", id, err)
		}
		if err := syncDir(filepath.Join(q.dir, queueDir)); err != nil {
			return fmt.Errorf("spool: finish %s: %w", id, err)
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

// Queue returns the named queue, or nil when the spool has none of that
// name.
func (s *Spool) Queue(name string) *Queue { return s.queues[name] }

// Queues returns the spool's queues: those of Options.Queues in order,
// then (for a shared spool) the others found on disk, sorted.
func (s *Spool) Queues() []*Queue {
	out := make([]*Queue, 0, len(s.names))
	for _, n := range s.names {
		out = append(out, s.queues[n])
	}
	return out
}

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

// Put stores data as entry id durably in the named queues (every queue
// when none is named): when Put returns, the entry survives a crash in
// each queue of stored. A queue at its limits is left out of stored; when
// every queue is, the error wraps ErrFull. Any other error (a full disk
// among them) means nothing was stored.
func (s *Spool) Put(id string, data []byte, queues ...string) (stored []string, err error) {
	if !ValidID(id) {
		return nil, fmt.Errorf("%w: %q", ErrBadID, id)
	}
	if len(queues) == 0 {
		queues = s.opts.Queues
	}
	n := int64(len(data))
	if n > s.opts.MaxEntryBytes {
		return nil, fmt.Errorf("%w: entry of %d bytes over the %d byte limit", ErrFull, n, s.opts.MaxEntryBytes)
	}
	var reserved []*Queue
	var full []error
	for _, name := range queues {
		q := s.queues[name]
		if q == nil {
			s.release(reserved, id, n, false, time.Time{})
			return nil, fmt.Errorf("%w: %q", ErrNoQueue, name)
		}
		if err := q.reserve(id, n); err != nil {
			if !errors.Is(err, ErrFull) {
				s.release(reserved, id, n, false, time.Time{})
				return nil, err
			}
			full = append(full, err)
			continue
		}
		reserved = append(reserved, q)
	}
	if len(reserved) == 0 {
		return nil, errors.Join(full...)
	}
	now, err := s.write(id, data, reserved)
	s.release(reserved, id, n, err == nil, now)
	if err != nil {
		return nil, err
	}
	for _, q := range reserved {
		stored = append(stored, q.name)
	}
	return stored, nil
}

// release ends the reservations of a Put and indexes the entry if it was
// stored.
func (s *Spool) release(qs []*Queue, id string, n int64, stored bool, now time.Time) {
	for _, q := range qs {
		q.unreserve(id, n, stored, now)
	}
}

// write is the mail-queue dance: temporary file, write, fsync, link into
// each queue/, fsync each queue/, remove the temporary name.
func (s *Spool) write(id string, data []byte, qs []*Queue) (time.Time, error) {
	names := make([]string, len(qs))
	for i, q := range qs {
		names[i] = q.name
	}
	f, err := os.CreateTemp(filepath.Join(s.dir, tmpDir), id+"."+strings.Join(names, "-")+".*.tmp")
	if err != nil {
		return time.Time{}, fmt.Errorf("spool: put %s: %w", id, err)
	}
	tmp := f.Name()
	var linked []string
	fail := func(step string, err error) (time.Time, error) {
		f.Close()
		for _, l := range linked {
			os.Remove(l)
		}
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
	for _, q := range qs {
		dst := q.path(Queued, id)
		if err := os.Link(tmp, dst); err != nil {
			return fail("link", err)
		}
		linked = append(linked, dst)
	}
	for _, q := range qs {
		if err := syncDir(filepath.Join(q.dir, queueDir)); err != nil {
			// Not durable: take it back so that the caller's "dropped" is true.
			return fail("sync", err)
		}
	}
	os.Remove(tmp) // a leftover is linked everywhere: Open removes it
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

// writeFileAtomic writes data to dst through a temporary file in tmpdir;
// with sync, durably.
func writeFileAtomic(tmpdir, dst string, data []byte, sync bool) error {
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
	if sync {
		if err := f.Sync(); err != nil {
			f.Close()
			os.Remove(tmp)
			return err
		}
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
