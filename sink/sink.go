// Package sink drains the spool to the destinations of bounce events: the
// webhook (package webhook), NATS JetStream (package sink/natssink) and
// Kafka (package sink/kafkasink).
//
// The milter hands each classified bounce to a Hub before it answers the
// MTA. The Hub builds the event (package event), asks each sink which
// events it wants (a filter may leave an event out or narrow it), and
// writes each event once, durably, into the queue of every sink that wants
// it (package webhook/spool). Each sink has a Drainer that delivers its
// own queue through a Publisher, so that a slow or dead sink never holds
// another back: it retries with exponential backoff and jitter until the
// destination acknowledges an event or the event is older than its
// maximum age, and moves what is refused for good, or too old, to its dead
// letters. An event leaves a sink's queue only once its destination
// acknowledged it: delivery is at least once, and every sink carries the
// event's ID so that consumers drop duplicates.
//
// A Drainer is unordered (the webhook: up to Concurrency requests at once,
// each event on its own schedule) or ordered (the streams: batches in the
// order the events were made, each waiting for the oldest, so that one
// recipient's events reach the stream in order).
//
// A Drainer logs one warning when its destination starts failing and one
// when it recovers, not one per retry; a Publisher's errors are passed
// through its Secrets before they are logged or written beside an event,
// so that tokens and passwords stay out of logs and dead letters.
package sink

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/bounce-milter/bounce-milter/event"
)

// Message is one event as a Publisher receives it.
type Message struct {
	Event *event.Event // decoded
	Data  []byte       // the JSON the spool holds: the payload every sink sends
}

// Publisher delivers events to one destination.
type Publisher interface {
	// Publish delivers msgs in their order and returns one error per
	// message: nil for each the destination acknowledged. An error
	// wrapping ErrNotAttempted means the message was not tried (an earlier
	// one failed); one from Permanent means it must not be tried again;
	// one from RetryAfter says when to try again. Publish returns when
	// each message is acknowledged or failed, or ctx is done.
	Publish(ctx context.Context, msgs []Message) []error
	// Close releases the publisher's connections.
	Close() error
}

// ErrNotAttempted marks a message a Publisher left untried, keeping the
// order of those behind one that failed. The Drainer tries it again with
// the failed one, without counting an attempt.
var ErrNotAttempted = errors.New("sink: not attempted")

type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent marks err as a refusal that no retry will change (a webhook
// 400, a record too large for the broker): the event goes to the dead
// letters at once.
func Permanent(err error) error { return &permanentError{err} }

// IsPermanent reports whether err was marked by Permanent.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

type retryAfterError struct {
	err   error
	after time.Duration
}

func (e *retryAfterError) Error() string { return e.err.Error() }
func (e *retryAfterError) Unwrap() error { return e.err }

// RetryAfter marks err as a refusal the destination asked to retry after d
// (an HTTP 429 with Retry-After): the next attempt waits d instead of the
// backoff.
func RetryAfter(err error, d time.Duration) error { return &retryAfterError{err, d} }

// retryAfterOf returns the delay RetryAfter put on err, or 0.
func retryAfterOf(err error) time.Duration {
	var r *retryAfterError
	if errors.As(err, &r) {
		return r.after
	}
	return 0
}

// Secrets are the strings a sink must never log nor write beside an
// event: passwords, tokens, the parts of a URL that carry credentials.
type Secrets []string

// redactedMark replaces a secret.
const redactedMark = "[redacted]"

// Add adds secret s (ignored when shorter than 4 bytes, which would
// redact ordinary words).
func (s *Secrets) Add(secret string) {
	secret = strings.TrimSpace(secret)
	if len(secret) >= 4 {
		*s = append(*s, secret)
	}
}

// AddURL adds a URL's user information and query values, and the URL as
// written.
func (s *Secrets) AddURL(raw string) {
	u, err := url.Parse(raw)
	if err != nil {
		s.Add(raw)
		return
	}
	if u.User == nil && u.RawQuery == "" {
		return
	}
	s.Add(raw)
	if u.User != nil {
		s.Add(u.User.String())
		if p, ok := u.User.Password(); ok {
			s.Add(p)
		}
		s.Add(u.User.Username())
	}
	for _, vs := range u.Query() {
		for _, v := range vs {
			s.Add(v)
			s.Add(url.QueryEscape(v))
		}
	}
}

// Redact replaces every secret in text; URLs it still finds are shown by
// RedactURL.
func (s Secrets) Redact(text string) string {
	for _, sec := range s {
		if strings.Contains(text, sec) {
			text = strings.ReplaceAll(text, sec, redactedMark)
		}
	}
	return text
}

// RedactURL returns raw without credentials: user information and every
// query value are replaced by "[redacted]" ("https://[redacted]@host/p?token=[redacted]").
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return redactedMark
	}
	var b strings.Builder
	if u.Scheme != "" {
		b.WriteString(u.Scheme)
		b.WriteString("://")
	}
	if u.User != nil {
		b.WriteString(redactedMark)
		b.WriteByte('@')
	}
	b.WriteString(u.Host)
	b.WriteString(u.EscapedPath())
	if u.RawQuery != "" {
		var parts []string
		for _, kv := range strings.Split(u.RawQuery, "&") {
			k, _, _ := strings.Cut(kv, "=")
			parts = append(parts, k+"="+redactedMark)
		}
		b.WriteByte('?')
		b.WriteString(strings.Join(parts, "&"))
	}
	return b.String()
}

// plural returns "1 attempt", "2 attempts".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
