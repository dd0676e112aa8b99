package webhook

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
	attempts int       // attempts made in this process
	lastErr  string    // the last attempt's failure
	index    int       // in the heap; -1 while a worker holds it
	// back is set when the event came back into the queue while a worker
	// held it (a dead letter revived as it was being buried): done
	// schedules it again instead of forgetting it.
	back         bool
	backEnqueued time.Time
}

// schedule orders the spooled events by their next attempt. It holds IDs
// and times only, never payloads, so its memory is bounded by the spool's
// entry limit. A Sender that replaces another on the same spool (SIGHUP)
// shares its schedule: an event the old one holds in flight is known by
// ID, so the new one does not post it a second time.
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

func newSchedule() *schedule {
	return &schedule{byID: make(map[string]*item), wake: make(chan struct{}, 1), undeleted: make(map[string]*item)}
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

// next pops the earliest item if it is due at now; otherwise it returns
// how long until the earliest is due (or a long wait when none is).
func (q *schedule) next(now time.Time) (*item, time.Duration) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.h) == 0 {
		return nil, time.Hour
	}
	it := q.h[0]
	if d := it.due.Sub(now); d > 0 {
		return nil, d
	}
	heap.Pop(&q.h)
	if len(q.h) > 0 {
		q.signal() // more may be due: pass the token on to another worker
	}
	return it, 0
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

type itemHeap []*item

func (h itemHeap) Len() int { return len(h) }
func (h itemHeap) Less(i, j int) bool {
	if !h[i].due.Equal(h[j].due) {
		return h[i].due.Before(h[j].due)
	}
	return h[i].id < h[j].id
}
func (h itemHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}
func (h *itemHeap) Push(x any) {
	it := x.(*item)
	it.index = len(*h)
	*h = append(*h, it)
}
func (h *itemHeap) Pop() any {
	old := *h
	n := len(old)
	it := old[n-1]
	old[n-1] = nil
	it.index = -1
	*h = old[:n-1]
	return it
}
