package sink

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScheduleEventBackWhileHeld: a rescan that finds an event a worker
// still holds (it was buried, and revived before the worker was done)
// schedules it again once the worker is done; a second sender's start,
// which adds every queued event, does not (the event is in flight).
func TestScheduleEventBackWhileHeld(t *testing.T) {
	for _, tc := range []struct {
		name  string
		again func(q *schedule, id string, enqueued, due time.Time)
		want  bool
	}{
		{"revived while held: scheduled again", (*schedule).readd, true},
		{"a successor's start while held: not again", (*schedule).add, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := newSchedule(false)
			now := time.Now()
			q.add("e1", now, now)
			it, _ := q.next(now)
			require.NotNil(t, it, "held by a worker")
			tc.again(q, "e1", now.Add(time.Second), now.Add(time.Second))
			q.done(it)
			next, _ := q.next(time.Now().Add(time.Second))
			assert.Equal(t, tc.want, next != nil)
			if tc.want {
				assert.Equal(t, "e1", next.id)
				assert.Equal(t, now.Add(time.Second), next.enqueued, "its age counts from its revival")
			} else {
				assert.Zero(t, q.len())
			}
		})
	}
}
