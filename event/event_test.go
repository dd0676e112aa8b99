package event

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
)

func TestNewIDUniqueAndSorted(t *testing.T) {
	seen := map[string]bool{}
	prev := ""
	now := time.Now()
	for i := range 3000 {
		// A thousand IDs a millisecond, then the clock stepping back:
		// still in the order they were made.
		at := now.Add(time.Duration(i/1000) * time.Millisecond)
		if i == 2500 {
			at = now
		}
		id := NewID(at)
		assert.Regexp(t, `^msg_[0-9a-v]{26}$`, id)
		assert.False(t, seen[id])
		seen[id] = true
		assert.Greater(t, id, prev)
		prev = id
	}
}

func TestNewFillsKindAndType(t *testing.T) {
	now := time.Date(2026, 11, 24, 4, 12, 31, 123456789, time.FixedZone("x", 3600))
	ev := New(Message{QueueID: "Q1"}, "", []classify.Record{{Recipient: "Bob@Example.ORG", HardBounce: true}}, now)
	assert.Equal(t, HardBounce, ev.Kind, "from the facts when the kind is not given")
	assert.Equal(t, "bounce.hard_bounce", ev.Type)
	assert.Equal(t, "2026-11-24T03:12:31.123Z", ev.CreatedAt.Format(time.RFC3339Nano))
	assert.Equal(t, "example.org", ev.RecipientDomain())
	assert.True(t, strings.HasPrefix(ev.ID, "msg_"))

	none := New(Message{}, "", nil, now)
	assert.Equal(t, SoftBounce, none.Kind)
	assert.NotNil(t, none.Facts, "facts is [] in JSON, never null")
	assert.Empty(t, none.RecipientDomain())
}
