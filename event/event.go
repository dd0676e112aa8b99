// Package event defines the one event bounce-milter emits for each
// classified bounce: the JSON payload every sink sends (the webhook's
// body, a NATS JetStream message, a Kafka record), its version, its ID and
// the message's Kind. docs/event.schema.json is generated from these types
// (go test ./event -update) and docs/webhook.md describes them; tests fail
// when either differs from what is sent.
//
// The ID is a Standard Webhooks message id
// (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md):
// the webhook-id header, the NATS Nats-Msg-Id header and the Kafka id
// header all carry it, so that a consumer drops the duplicates that
// at-least-once delivery brings on any sink.
package event

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/binary"
	"strings"
	"sync"
	"time"

	"github.com/bounce-milter/bounce-milter/classify"
)

// Version is the payload version this package writes. A change that
// removes or retypes a field increments it; new fields do not.
const Version = 1

// Message describes the bounce message as the MTA saw it.
type Message struct {
	QueueID   string `json:"queue_id"`   // the MTA's queue id of the bounce, "" if the MTA sent none
	MessageID string `json:"message_id"` // the bounce's own Message-ID, without angle brackets
	Subject   string `json:"subject"`    // the bounce's Subject, decoded
	From      string `json:"from"`       // the address in the bounce's From
	Size      int64  `json:"size"`       // bytes of header and body the milter read
}

// Event is the payload (version 1): one classified bounce message and its
// per-recipient facts.
type Event struct {
	Version   int               `json:"version"`    // always Version
	Type      string            `json:"type"`       // Kind.Type(): "bounce.hard_bounce", ...
	ID        string            `json:"id"`         // unique, sorts by time; see NewID
	CreatedAt time.Time         `json:"created_at"` // when bounce-milter saw the bounce (RFC 3339, UTC, milliseconds)
	Kind      Kind              `json:"kind"`       // the message's kind, event spelling: "hard_bounce", ...
	Message   Message           `json:"message"`    // the bounce message
	Facts     []classify.Record `json:"facts"`      // one per recipient, as `classify --format json` prints them
}

// New builds the event of one bounce with a fresh ID. A kind that is not
// one of Kinds is replaced by the kind of the facts (KindOf), and by
// SoftBounce when there are none.
func New(msg Message, kind Kind, facts []classify.Record, now time.Time) Event {
	if !kind.Valid() {
		kind = KindOf(facts)
	}
	if !kind.Valid() {
		kind = SoftBounce
	}
	if facts == nil {
		facts = []classify.Record{}
	}
	return Event{
		Version:   Version,
		Type:      kind.Type(),
		ID:        NewID(now),
		CreatedAt: now.UTC().Truncate(time.Millisecond),
		Kind:      kind,
		Message:   msg,
		Facts:     facts,
	}
}

// Recipient returns the first fact's recipient, "" when there is none:
// the Kafka key and the domain of the NATS subject. A bounce reporting
// several recipients is one event, filed under its first.
func (e *Event) Recipient() string {
	if len(e.Facts) == 0 {
		return ""
	}
	return e.Facts[0].Recipient
}

// RecipientDomain returns the domain of Recipient, lower-cased, "" when
// there is none.
func (e *Event) RecipientDomain() string {
	r := e.Recipient()
	at := strings.LastIndexByte(r, '@')
	if at < 0 {
		return ""
	}
	return strings.ToLower(r[at+1:])
}

var idEncoding = base32.NewEncoding("0123456789abcdefghijklmnopqrstuv").WithPadding(base32.NoPadding)

// ids makes IDs increase within the process: two IDs made in the same
// millisecond differ by one in their random part, as ULIDs' monotonic
// mode does, so that the order of the IDs is the order in which the
// events were made (the order the stream sinks publish in).
var ids struct {
	sync.Mutex
	last [16]byte
}

// NewID returns a fresh event ID: "msg_" and 26 characters of [0-9a-v]
// encoding 48 bits of milliseconds and 80 random bits, so that IDs sort by
// time (and within a process by creation), never contain a full stop (the
// Standard Webhooks specification forbids one in the signed content's ID)
// and make safe file names.
func NewID(now time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(now.UnixMilli())<<16)
	rand.Read(b[6:]) // never fails (crypto/rand)
	ids.Lock()
	if string(b[:6]) <= string(ids.last[:6]) {
		// Same millisecond (or the clock stepped back): the last ID plus one.
		b = ids.last
		for i := 15; i >= 0; i-- {
			b[i]++
			if b[i] != 0 {
				break
			}
		}
	}
	ids.last = b
	ids.Unlock()
	return "msg_" + idEncoding.EncodeToString(b[:])
}
