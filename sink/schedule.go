package sink

import (
	"container/heap"
	"sync"
	"time"
)

// item is one spooled event waiting for its next attempt.
type item struct {
	id       string
	due      time.Time // next attempt
	enqueued time.Time // when it entered the spool; its age counts from here
	attempts int       // failed attempts so far (kept beside the entry across restarts)
	lastErr  string    // the last attempt's failure
	index    int       // in the heap; -1 while a worker holds it
	// back is set when the event came back into the queue while a worker
	// held it (a dead letter revived as it was being buried): done
	// schedules it again instead of forgetting it.
	back         bool
	backEnqueued time.Time
}

// schedule orders the spooled events of one sink. Unordered (the
// webhook), the earliest due comes first; ordered (the streams), the
// smallest ID, which is the oldest event, comes first and everything waits
// until it is due: one failing event holds the ones behind it, so that a
// stream receives each recipient's events in the order they were made. It
// holds IDs and times only, never payloads, so its memory is bounded by
// the spool's entry limit. A Drainer that replaces another on the same
// queue (SIGHUP) shares its schedule: an event the old one holds in flight
// is known by ID, so the new one does not send it a second time.
type schedule struct {
	mu   sync.Mutex
	h    itemHeap
	byID map[string]*item // in the heap, held by a worker, or undeleted
	wake chan struct{}    // a token when an item may be due
	// undeleted are delivered events the spool could not delete. While
	// there are any, posting stops: every further delivery would stay in
	// the spool too, to be posted again after a restart.
	undeleted map[string]*item
}

func newSchedule(ordered bool) *schedule {
	return &schedule{h: itemHeap{ordered: ordered}, byID: make(map[string]*item), wake: make(chan struct{}, 1), undeleted: make(map[string]*item)}
}

// stuck records a delivered event whose deletion failed; it stays known
// (so that no rescan or restart of the sender schedules it again) until
// unstuck. It reports whether this is the first one.
func (q *schedule) stuck(it *item) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.undeleted[it.id] = it
	return len(q.undeleted) == 1
}

// stalled reports whether posting is stopped for undeleted events.
func (q *schedule) stalled() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.undeleted) > 0
}

// stuckItems returns the undeleted events.
func (q *schedule) stuckItems() []*item {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := make([]*item, 0, len(q.undeleted))
	for _, it := range q.undeleted {
		out = append(out, it)
	}
	return out
}

// unstuck forgets an undeleted event once it is deleted; it reports
// whether none is left, and then wakes the workers.
func (q *schedule) unstuck(it *item) bool {
	q.mu.Lock()
	delete(q.undeleted, it.id)
	delete(q.byID, it.id)
	left := len(q.undeleted)
	q.mu.Unlock()
	if left == 0 {
		q.signal()
	}
	return left == 0
}

// add schedules a new event; an ID already known is left as it is.
func (q *schedule) add(id string, enqueued, due time.Time) {
	q.mu.Lock()
	if _, ok := q.byID[id]; ok {
		q.mu.Unlock()
		return
	}
	q.pushLocked(id, enqueued, due)
	q.mu.Unlock()
	q.signal()
}

// restore sets the attempts an event had before a restart.
func (q *schedule) restore(id string, attempts int, lastErr string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if it, ok := q.byID[id]; ok {
		it.attempts, it.lastErr = attempts, lastErr
	}
}

// readd schedules an event that a rescan found newly in the queue. One a
// worker still holds is scheduled again when the worker is done with it:
// it went out of the queue (buried) and came back (revived) meanwhile.
func (q *schedule) readd(id string, enqueued, due time.Time) {
	q.mu.Lock()
	if it, ok := q.byID[id]; ok {
		if _, stuck := q.undeleted[id]; it.index < 0 && !stuck {
			it.back, it.backEnqueued = true, enqueued
		}
		q.mu.Unlock()
		return
	}
	q.pushLocked(id, enqueued, due)
	q.mu.Unlock()
	q.signal()
}

func (q *schedule) pushLocked(id string, enqueued, due time.Time) {
	it := &item{id: id, due: due, enqueued: enqueued}
	q.byID[id] = it
	heap.Push(&q.h, it)
}

func (q *schedule) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// next pops the first item if it is due at now; otherwise it returns
// how long until it is due (or a long wait when there is none).
func (q *schedule) next(now time.Time) (*item, time.Duration) {
	its, wait := q.nextBatch(now, 1)
	if len(its) == 0 {
		return nil, wait
	}
	return its[0], 0
}

// nextBatch pops up to n items in order while the first is due at now;
// with none due it returns how long until the first is.
func (q *schedule) nextBatch(now time.Time, n int) ([]*item, time.Duration) {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []*item
	for len(out) < n && len(q.h.items) > 0 {
		it := q.h.items[0]
		if d := it.due.Sub(now); d > 0 {
			if len(out) == 0 {
				return nil, d
			}
			break
		}
		heap.Pop(&q.h)
		out = append(out, it)
	}
	if len(out) == 0 {
		return nil, time.Hour
	}
	if len(q.h.items) > 0 {
		q.signal() // more may be due: pass the token on to another worker
	}
	return out, 0
}

// retry puts an item a worker held back with a new due time.
func (q *schedule) retry(it *item, due time.Time) {
	q.mu.Lock()
	it.back = false
	it.due = due
	heap.Push(&q.h, it)
	q.mu.Unlock()
	q.signal()
}

// done forgets an item a worker held, or schedules it again at once if it
// came back into the queue meanwhile.
func (q *schedule) done(it *item) {
	q.mu.Lock()
	if it.back {
		*it = item{id: it.id, due: time.Now(), enqueued: it.backEnqueued}
		heap.Push(&q.h, it)
		q.mu.Unlock()
		q.signal()
		return
	}
	delete(q.byID, it.id)
	q.mu.Unlock()
}

// remove forgets an ID wherever it is; a worker holding it finds the
// entry gone from the spool.
func (q *schedule) remove(id string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	it, ok := q.byID[id]
	if !ok {
		return
	}
	delete(q.byID, id)
	if _, ok := q.undeleted[id]; ok {
		delete(q.undeleted, id) // deleted by someone else: not in the heap
		if len(q.undeleted) == 0 {
			q.signal()
		}
		return
	}
	if it.index >= 0 {
		heap.Remove(&q.h, it.index)
	}
}

func (q *schedule) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.byID)
}

// itemHeap orders by due time, then ID; ordered, by ID alone (IDs sort by
// the time the events were made).
type itemHeap struct {
	items   []*item
	ordered bool
}

func (h *itemHeap) Len() int { return len(h.items) }
func (h *itemHeap) Less(i, j int) bool {
	a, b := h.items[i], h.items[j]
	if !h.ordered && !a.due.Equal(b.due) {
		return a.due.Before(b.due)
	}
	return a.id < b.id
}
func (h *itemHeap) Swap(i, j int) {
	h.items[i], h.items[j] = h.items[j], h.items[i]
	h.items[i].index = i
	h.items[j].index = j
}
func (h *itemHeap) Push(x any) {
	it := x.(*item)
	it.index = len(h.items)
	h.items = append(h.items, it)
}
func (h *itemHeap) Pop() any {
	old := h.items
	n := len(old)
	it := old[n-1]
	old[n-1] = nil
	it.index = -1
	h.items = old[:n-1]
	return it
}
