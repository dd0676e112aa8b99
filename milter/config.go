package milter

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/event"
	"github.com/bounce-milter/bounce-milter/verp"
)

// Defaults of Config, applied by New and Reload to fields left zero.
const (
	DefaultHeaderPrefix = "X-Bounce-"
	DefaultMaxBody      = 10 << 20 // bytes of a candidate's body read and classified
	DefaultTimeout      = 5 * time.Second
	DefaultMaxBuffered  = 256 << 20 // bytes of candidate bodies held at once, over all messages
	// DefaultInlineMax is Config.InlineMax's default: the messages of at
	// most 64 KiB (header and body as read) are classified in the
	// connection's own goroutine. The engine's slowest case at that size,
	// measured on hostile shapes (BenchmarkInlineWorstCase), is 9 to 13
	// ms on a loaded 2-core machine, some 400 times below DefaultTimeout;
	// most bounces an MTA writes (a report with the returned header, or
	// with a short returned message) are smaller.
	DefaultInlineMax = 64 << 10
	// maxHeaderBytes bounds the header block kept for the engine.
	maxHeaderBytes = 1 << 20
	// defaultProgressEvery is how often the MTA hears SMFIR_PROGRESS while
	// an end of message takes long: far inside Postfix's and Sendmail's
	// own timeouts for a milter's reply (minutes).
	defaultProgressEvery = time.Second
)

// Bounce is what the OnBounce hook receives for each classified bounce:
// the bounce message's own facts and one Record per recipient, in order.
// The slices belong to the hook; the milter does not touch them again.
type Bounce struct {
	QueueID   string            // the MTA's queue id (macro i), "" if the MTA did not send it
	MessageID string            // the bounce's own Message-ID, without angle brackets
	Subject   string            // the bounce's Subject, decoded
	From      string            // the address in the bounce's From
	Size      int64             // bytes of header and body the milter read (at most the body bound plus the header)
	Kind      event.Kind        // the kind stamped in the kind header: hard-bounce, soft-bounce, ...
	Records   []classify.Record // the recipient facts, as stamped
}

// Config configures a Filter. A zero field takes its default (see the
// Default constants); New checks every field in one place.
type Config struct {
	// HeaderPrefix starts every header the milter adds or removes.
	// Default "X-Bounce-". It must be a valid header-name start.
	HeaderPrefix string
	// MaxBody bounds how much of a candidate's body is read; a longer body
	// is classified from what was read. Default 10 MiB.
	MaxBody int64
	// Timeout bounds the work on one message at its end: classification
	// and the OnBounce hook. Past it the message is accepted unchanged.
	// Default 5 s.
	Timeout time.Duration
	// InlineMax bounds the messages (header and body bytes as read, the
	// header as the engine reads it) classified in the goroutine that
	// serves the MTA connection, without the hand-over to a goroutine of
	// their own that lets Timeout fail the classification open. The
	// engine bounds what it reads, so that classifying a message this
	// small takes a bounded time, far below Timeout (see
	// DefaultInlineMax); a larger message is classified in a goroutine
	// of its own and fails open at Timeout. Default DefaultInlineMax; a
	// negative value classifies every message in a goroutine of its own,
	// and so does a Timeout under 250 ms. The OnBounce hook always runs
	// under Timeout.
	InlineMax int64
	// TrustBounceHeaders keeps incoming headers with HeaderPrefix, for a
	// milter behind a trusted relay that already stamped them: a message
	// that arrives with the kind header is accepted as it is. Off by
	// default, because anyone can forge these headers to steer mailbox
	// rules, so they are removed.
	TrustBounceHeaders bool
	// MaxConcurrent bounds the messages classified at once; more wait up
	// to Timeout, then fail open as overload. Default 4 × GOMAXPROCS.
	MaxConcurrent int
	// MaxBuffered bounds the candidate body bytes held at once over all
	// messages; a message that would pass it fails open as overload.
	// Default 256 MiB.
	MaxBuffered int64
	// MaxConnections bounds the MTA connections served at once. At the
	// limit a new connection closes the one that has waited longest for
	// its next packet, or is refused when all are busy. Default
	// DefaultMaxConnections; New lowers it to the open-file limit less 64.
	// It is read by New only.
	MaxConnections int
	// IdleTimeout closes a connection that sends nothing for so long after
	// the negotiation (before it, a second). Default DefaultIdleTimeout.
	// It is read by New only.
	IdleTimeout time.Duration
	// Logger receives the milter's log lines. Default slog.Default().
	Logger *slog.Logger
	// Registry receives the milter's metrics. Default a new registry; get
	// it with Filter.Registry to register more collectors (the webhook's)
	// and to serve it. It is read by New only.
	Registry *prometheus.Registry
	// OnBounce, when set, is called for every classified bounce at the end
	// of the message, synchronously, before the milter answers the MTA and
	// before the headers are sent. ctx carries the per-message deadline
	// (Timeout from the end of the message); the hook must return by then
	// or the milter stops waiting for it. An error, a panic or a timeout is
	// logged with the queue id and counted (on_bounce_errors_total); the
	// message is stamped and accepted all the same. Calls run concurrently
	// for concurrent messages. Reload replaces it.
	OnBounce func(ctx context.Context, b Bounce) error
	// VERP, when set, are the conventions of the VERP envelope addresses
	// bounces arrive at (package verp). The milter then asks the MTA for
	// the envelope recipients (it opts out of them otherwise), reports the
	// recipient each bounce's envelope address encodes as the facts' verp
	// and, when no decoder finds a recipient in a bounce, reports one fact
	// for that address (ClassifyEnvelope). The MTA sends the recipients
	// to connections that start after VERP is set: Reload takes effect on
	// the MTA's next connection.
	VERP verp.Patterns

	// engine replaces the classification, for tests of the fail-open paths.
	engine func(queueID string, msg []byte) ([]classify.Record, error)
	// engineInline lets a test's engine run inline as the real one does,
	// for the messages up to InlineMax: a test engine's cost is not
	// bounded, so by default it always runs under Timeout.
	engineInline bool
	// progressEvery is how often the MTA is told to keep waiting while an
	// end of message takes long (SMFIR_PROGRESS); tests shorten it.
	// Default defaultProgressEvery.
	progressEvery time.Duration
}

// normalize returns c with defaults applied, or an error for an invalid field.
func (c Config) normalize() (Config, error) {
	if c.HeaderPrefix == "" {
		c.HeaderPrefix = DefaultHeaderPrefix
	}
	if !validHeaderName(c.HeaderPrefix + SuffixReason) {
		return c, fmt.Errorf("milter: header prefix %q: not a valid header name start", c.HeaderPrefix)
	}
	for _, f := range []error{
		positiveOr(&c.MaxBody, DefaultMaxBody, "max body"),
		positiveOr(&c.Timeout, DefaultTimeout, "timeout"),
		positiveOr(&c.progressEvery, defaultProgressEvery, "progress interval"),
		positiveOr(&c.MaxConcurrent, 4*runtime.GOMAXPROCS(0), "max concurrent"),
		positiveOr(&c.MaxBuffered, DefaultMaxBuffered, "max buffered"),
		positiveOr(&c.MaxConnections, DefaultMaxConnections, "max connections"),
		positiveOr(&c.IdleTimeout, DefaultIdleTimeout, "idle timeout"),
	} {
		if f != nil {
			return c, f
		}
	}
	if c.InlineMax == 0 {
		c.InlineMax = DefaultInlineMax
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c, nil
}

// positiveOr sets *v to def when it is zero; a negative *v is an error
// naming the field.
func positiveOr[T int | int64 | time.Duration](v *T, def T, name string) error {
	switch {
	case *v == 0:
		*v = def
	case *v < 0:
		return fmt.Errorf("milter: %s %v: must be positive", name, *v)
	}
	return nil
}

// validHeaderName reports whether s is a header field name (RFC 5322
// section 2.2: printable ASCII but colon).
func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f || s[i] == ':' {
			return false
		}
	}
	return true
}

// ErrClosed is returned by Serve after Shutdown or Close.
var ErrClosed = errors.New("milter: server closed")

// hasPrefixFold reports whether s starts with prefix, ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// discardLogger logs nothing; for tests and benchmarks.
var discardLogger = slog.New(slog.NewTextHandler(io.Discard, nil))
