package event

import (
	"fmt"
	"strings"

	"github.com/bounce-milter/bounce-milter/classify"
)

// Kind is the kind of a classified message: what the milter stamps in the
// X-Bounce-Kind header, and what the event's kind and type fields carry.
// A kind has two spellings, both fixed since version 1: the header's, with
// hyphens (String, "hard-bounce"), and the event's, with underscores
// (Name, "hard_bounce"), because a Standard Webhooks event type is made of
// [a-zA-Z0-9_] identifiers joined by full stops.
type Kind string

// The kinds, from the most to the least severe. A message with several
// recipients takes the most severe kind any of them has.
const (
	HardBounce     Kind = "hard-bounce"     // some recipient's address will never work
	SoftBounce     Kind = "soft-bounce"     // a failure that may pass later, or a delay notice (action delayed)
	Feedback       Kind = "feedback"        // an ARF complaint (RFC 5965)
	AutoReply      Kind = "auto-reply"      // a vacation or out-of-office reply (RFC 3834)
	DeliveryNotice Kind = "delivery-notice" // a DSN reporting delivery (RFC 3464 action delivered, relayed, expanded)
	ReadReceipt    Kind = "read-receipt"    // a message disposition notification (RFC 8098)
)

// Kinds lists every kind, most severe first.
var Kinds = []Kind{HardBounce, SoftBounce, Feedback, AutoReply, DeliveryNotice, ReadReceipt}

// String returns the kind's header spelling, e.g. "hard-bounce".
func (k Kind) String() string { return string(k) }

// Name returns the kind's event spelling, e.g. "hard_bounce": the kind
// field of an event and the last part of its type.
func (k Kind) Name() string { return strings.ReplaceAll(string(k), "-", "_") }

// Type returns the event type of the kind, e.g. "bounce.hard_bounce".
func (k Kind) Type() string { return TypePrefix + k.Name() }

// TypePrefix starts every event type.
const TypePrefix = "bounce."

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool {
	for _, kk := range Kinds {
		if k == kk {
			return true
		}
	}
	return false
}

// MarshalText writes the event spelling.
func (k Kind) MarshalText() ([]byte, error) {
	if !k.Valid() {
		return nil, fmt.Errorf("event: unknown kind %q", string(k))
	}
	return []byte(k.Name()), nil
}

// UnmarshalText reads either spelling.
func (k *Kind) UnmarshalText(b []byte) error {
	kk, ok := ParseKind(string(b))
	if !ok {
		return fmt.Errorf("event: unknown kind %q", b)
	}
	*k = kk
	return nil
}

// ParseKind returns the kind spelled s in either spelling, in any case.
func ParseKind(s string) (Kind, bool) {
	k := Kind(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-"))
	return k, k.Valid()
}

// MatchKind reports whether k is selected by filter f: f names the kind
// in either spelling (any run of characters other than letters and digits
// counts as one hyphen), or its first words ("hard" selects hard-bounce,
// "delivery" delivery-notice), as --webhook-kinds has taken it since
// version 1.
func MatchKind(k Kind, f string) bool {
	f = strings.Join(strings.FieldsFunc(strings.ToLower(f), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}), "-")
	return f != "" && (string(k) == f || strings.HasPrefix(string(k), f+"-"))
}

// KindOf returns the kind of a message from its records: hard bounce when
// any record is a hard bounce, soft bounce for any other failure (delays
// included), then feedback, auto-reply, delivery notice and read receipt.
// It returns "" for no records.
func KindOf(recs []classify.Record) Kind {
	best := -1
	for i := range recs {
		k := recordKind(&recs[i])
		for j, kk := range Kinds {
			if kk == k && (best < 0 || j < best) {
				best = j
			}
		}
	}
	if best < 0 {
		return ""
	}
	return Kinds[best]
}

// recordKind is the kind of one recipient fact.
func recordKind(r *classify.Record) Kind {
	switch {
	case r.HardBounce:
		return HardBounce
	case r.Reason == classify.Feedback:
		return Feedback
	case r.Reason == classify.Vacation:
		return AutoReply
	case r.Rule == classify.RuleReadReceipt:
		return ReadReceipt
	case r.Reason == classify.Delivered:
		return DeliveryNotice
	}
	return SoftBounce
}
