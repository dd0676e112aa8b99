// Package webhook posts classified bounces to an HTTP endpoint, signed as
// the Standard Webhooks specification 1.0.0 says
// (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md),
// or in listmonk's generic bounce webhook format
// (https://listmonk.app/docs/bounces/#webhook-api).
//
// Nothing is lost on the way: Sender.Submit writes each event durably to a
// spool (package webhook/spool) before it returns, and the Sender's workers
// deliver spooled events with a bounded number of concurrent requests,
// retrying with exponential backoff and jitter on connection errors,
// timeouts, 5xx, 408 and 429 (honouring Retry-After) until an event is
// older than its maximum age. Other answers and expiry move an event to the
// dead letters. Delivery is at least once; the webhook-id header stays the
// same across retries so that receivers can drop duplicates. Order is not
// promised.
//
// The payload is Event, version 1; docs/webhook.md is its reference.
package webhook

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/binary"
	"strings"
	"time"

	"github.com/bounce-milter/bounce-milter/classify"
)

// Version is the payload version this package writes. A change that
// removes or retypes a field increments it; new fields do not.
const Version = 1

// Message describes the bounce message as the MTA saw it.
type Message struct {
	QueueID   string `json:"queue_id"`   // the MTA's queue id of the bounce
	MessageID string `json:"message_id"` // the bounce's own Message-ID
	Subject   string `json:"subject"`    // the bounce's Subject
	From      string `json:"from"`       // the bounce's From
	Size      int64  `json:"size"`       // the bounce's size in bytes
}

// Event is the webhook payload (version 1): one classified bounce message
// and its per-recipient facts. It is the body of a standard-format request
// and what the spool stores.
type Event struct {
	Version   int               `json:"version"`    // always Version
	Type      string            `json:"type"`       // "bounce." + the kind, e.g. "bounce.hard"
	ID        string            `json:"id"`         // unique; the webhook-id header
	CreatedAt time.Time         `json:"created_at"` // when bounce-milter saw the bounce (RFC 3339, UTC)
	Kind      string            `json:"kind"`       // the message's kind as the milter named it, normalised
	Message   Message           `json:"message"`    // the bounce message
	Facts     []classify.Record `json:"facts"`      // one per recipient, as `classify --format json` prints them
}

// NewEvent builds the event of one bounce with a fresh ID.
func NewEvent(msg Message, kind string, facts []classify.Record, now time.Time) Event {
	k := NormalizeKind(kind)
	if facts == nil {
		facts = []classify.Record{}
	}
	return Event{
		Version:   Version,
		Type:      "bounce." + k,
		ID:        NewID(now),
		CreatedAt: now.UTC().Truncate(time.Millisecond),
		Kind:      k,
		Message:   msg,
		Facts:     facts,
	}
}

// NormalizeKind lower-cases a kind and turns each run of characters other
// than [a-z0-9] into one underscore, so that "Hard bounce" and "hard-bounce"
// are both "hard_bounce" and the event type keeps to the specification's
// [a-zA-Z0-9_] identifiers. An empty kind is "unknown".
func NormalizeKind(kind string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(strings.TrimSpace(kind)) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(r)
			continue
		}
		under = true
	}
	if b.Len() == 0 {
		return "unknown"
	}
	return b.String()
}

var idEncoding = base32.NewEncoding("0123456789abcdefghijklmnopqrstuv").WithPadding(base32.NoPadding)

// NewID returns a fresh event ID: "msg_" and 26 characters of [0-9a-v]
// encoding 48 bits of milliseconds and 80 random bits, so that IDs sort by
// time, never contain a full stop (the specification forbids one in the
// signed content's ID) and make safe file names.
func NewID(now time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(now.UnixMilli())<<16)
	rand.Read(b[6:]) // never fails (crypto/rand)
	return "msg_" + idEncoding.EncodeToString(b[:])
}
