package milter

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	gomilter "github.com/d--j/go-milter"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/engine"
)

// The protocol the milter asks for (version 6): no events it does not use,
// no replies where it always continues, the header values as they came,
// and the right to skip the body of a message it does not classify.
const (
	wantProtocol = gomilter.OptNoConnect | gomilter.OptNoHelo | gomilter.OptNoRcptTo | gomilter.OptNoData |
		gomilter.OptNoUnknown | gomilter.OptNoMailReply | gomilter.OptNoHeaderReply |
		gomilter.OptHeaderLeadingSpace | gomilter.OptSkip
	wantActions = gomilter.OptAddHeader | gomilter.OptChangeHeader
)

// insertAtEnd is the InsertHeader index that puts a header after all
// others in Postfix and Sendmail alike (AddHeader may reuse a deleted
// header's slot in Sendmail).
const insertAtEnd = 1 << 30

// Filter is the bounce milter: it serves the milter protocol to Postfix
// and Sendmail, classifies bounces with the engine and stamps them.
// Create it with New; it is safe for concurrent use.
type Filter struct {
	cfg      atomic.Pointer[Config]
	reg      *prometheus.Registry
	metrics  *Metrics
	sem      chan struct{} // classification slots
	buffered atomic.Int64  // candidate body bytes held, over all sessions
	guard    *guard        // the connection layer's limits and state
	server   *gomilter.Server
	wg       sync.WaitGroup
}

// New checks cfg, applies its defaults and returns a Filter ready to Serve.
func New(cfg Config) (*Filter, error) {
	c, err := cfg.normalize()
	if err != nil {
		return nil, err
	}
	f := &Filter{reg: c.Registry, sem: make(chan struct{}, c.MaxConcurrent)}
	if f.reg == nil {
		f.reg = prometheus.NewRegistry()
	}
	if f.metrics, err = newMetrics(f.reg); err != nil {
		return nil, fmt.Errorf("milter: register metrics: %w", err)
	}
	if limit, lowered := connectionLimit(c.MaxConnections); lowered {
		c.Logger.Warn("milter: max connections lowered to fit the open-file limit", "max_connections", limit,
			"asked", c.MaxConnections, "reserve", fdReserve)
		c.MaxConnections = limit
	}
	f.cfg.Store(&c)
	f.guard = newGuard(c.MaxConnections, c.IdleTimeout, f.metrics, func() *slog.Logger { return f.cfg.Load().Logger })
	libraryGuard.Store(f.guard)
	f.server = gomilter.NewServer(
		gomilter.WithMilter(func() gomilter.Milter { return &session{f: f} }),
		gomilter.WithProtocols(wantProtocol),
		gomilter.WithActions(wantActions),
		gomilter.WithNegotiationCallback(f.negotiate),
		gomilter.WithMacroRequest(gomilter.StageEOH, []gomilter.MacroName{gomilter.MacroQueueId}),
		gomilter.WithMacroRequest(gomilter.StageEOM, []gomilter.MacroName{gomilter.MacroQueueId}),
	)
	return f, nil
}

// negotiate settles the protocol with the MTA: version 6 or lower, and
// what the milter wants of what the MTA offers. Without the header actions
// the milter still runs, but cannot stamp.
func negotiate(mtaVersion, milterVersion uint32, mtaActions, milterActions gomilter.OptAction,
	mtaProtocol, milterProtocol gomilter.OptProtocol, offered gomilter.DataSize,
) (uint32, gomilter.OptAction, gomilter.OptProtocol, gomilter.DataSize, error) {
	v := min(mtaVersion, milterVersion)
	if v < 2 {
		return 0, 0, 0, 0, fmt.Errorf("milter: negotiate: MTA protocol version %d", mtaVersion)
	}
	return v, milterActions & mtaActions, milterProtocol & mtaProtocol, offered, nil
}

// connectionLimit returns want, or the open-file limit less fdReserve when
// that is lower (and true).
func connectionLimit(want int) (int, bool) {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil || rl.Cur > 1<<30 {
		return want, false
	}
	room := max(int(rl.Cur)-fdReserve, 1)
	if want > room {
		return room, true
	}
	return want, false
}

// Reload replaces the configuration for the messages that start from now
// on. Registry, MaxConcurrent, MaxConnections and IdleTimeout keep their
// values from New.
func (f *Filter) Reload(cfg Config) error {
	c, err := cfg.normalize()
	if err != nil {
		return err
	}
	old := f.cfg.Load()
	c.Registry, c.MaxConcurrent = old.Registry, old.MaxConcurrent
	c.MaxConnections, c.IdleTimeout = old.MaxConnections, old.IdleTimeout
	f.cfg.Store(&c)
	return nil
}

// Config returns the configuration in force, with defaults applied.
func (f *Filter) Config() Config { return *f.cfg.Load() }

// Registry returns the registry holding the milter's metrics, for
// serving /metrics and for other components to register theirs on.
func (f *Filter) Registry() *prometheus.Registry { return f.reg }

// Metrics returns the milter's metrics.
func (f *Filter) Metrics() *Metrics { return f.metrics }

// Serve answers milter connections on ln until Shutdown or Close, and
// then returns ErrClosed. It may be called for several listeners.
func (f *Filter) Serve(ln net.Listener) error {
	f.wg.Add(1)
	defer f.wg.Done()
	err := f.server.Serve(newGuardListener(ln, f.guard))
	if err == nil || errors.Is(err, gomilter.ErrServerClosed) {
		return ErrClosed
	}
	return fmt.Errorf("milter: serve %s: %w", ln.Addr(), err)
}

// Shutdown stops accepting connections and waits for the MTA to end the
// ones open (it does so after each SMTP session), until ctx is done; then
// it closes them. Messages in classification finish first or fail open.
func (f *Filter) Shutdown(ctx context.Context) error {
	err := f.server.Shutdown(ctx)
	f.wg.Wait()
	if err != nil {
		return fmt.Errorf("milter: shutdown: %w", err)
	}
	return nil
}

// Close stops the server and closes every connection at once.
func (f *Filter) Close() error {
	err := f.server.Close()
	f.wg.Wait()
	return err
}

// result is what the worker hands back to the end of message.
type result struct {
	recs  []classify.Record
	err   error
	panic any
	stack []byte
}

// classifyBounded runs the engine on msg in a goroutine of its own, within
// deadline and the concurrency bound. It returns a fail cause, or "" and
// the records. The engine owns msg and gives it back to the pool.
func (f *Filter) classifyBounded(deadline time.Time, cfg *Config, queueID string, msg []byte, env engine.Envelope) ([]classify.Record, FailCause, error) {
	if !f.takeSlot(deadline) {
		putMessageBuffer(msg)
		return nil, FailOverload, noSlot(cfg)
	}
	return f.await(deadline, cfg, f.startClassify(cfg, queueID, msg, env))
}

// takeSlot takes a classification slot, waiting for one until deadline.
func (f *Filter) takeSlot(deadline time.Time) bool {
	select {
	case f.sem <- struct{}{}:
		return true
	default:
	}
	t := time.NewTimer(time.Until(deadline))
	defer t.Stop()
	select {
	case f.sem <- struct{}{}:
		return true
	case <-t.C:
		return false
	}
}

// noSlot is the error of a message that found no classification slot in time.
func noSlot(cfg *Config) error {
	return fmt.Errorf("milter: no classification slot free within %s", cfg.Timeout)
}

// startClassify runs the engine on msg in a goroutine of its own, which
// holds a classification slot (taken by the caller) until it is done, and
// returns where its result comes. The engine owns msg and gives it back
// to the pool.
func (f *Filter) startClassify(cfg *Config, queueID string, msg []byte, env engine.Envelope) <-chan result {
	engine := cfg.engineFor(env)
	done := make(chan result, 1)
	go func() {
		r := f.runEngine(engine, queueID, msg)
		putMessageBuffer(msg) // the engine is done with it, whether or not anyone waits
		done <- r
	}()
	return done
}

// runEngine runs engine on msg under a classification slot the caller
// took, gives the slot back, and recovers a panic into the result.
func (f *Filter) runEngine(engine func(string, []byte) ([]classify.Record, error), queueID string, msg []byte) (r result) {
	f.metrics.InFlight.Inc()
	defer func() {
		<-f.sem
		f.metrics.InFlight.Dec()
		if p := recover(); p != nil {
			r = result{panic: p, stack: debug.Stack()}
		}
	}()
	recs, err := engine(queueID, msg)
	return result{recs: recs, err: err}
}

// outcome returns a finished classification's records, or its fail cause
// and error.
func (r result) outcome() ([]classify.Record, FailCause, error) {
	switch {
	case r.panic != nil:
		return nil, FailPanic, fmt.Errorf("milter: classify panicked: %v\n%s", r.panic, r.stack)
	case r.err != nil:
		return nil, FailParse, fmt.Errorf("milter: classify: %w", r.err)
	}
	return r.recs, "", nil
}

// engineFor returns the classification for a message with envelope env.
func (cfg *Config) engineFor(env engine.Envelope) func(string, []byte) ([]classify.Record, error) {
	if cfg.engine != nil {
		return cfg.engine
	}
	if len(cfg.VERP) > 0 && len(env.Rcpts) > 0 {
		return func(origin string, msg []byte) ([]classify.Record, error) {
			return engine.ClassifyEnvelope(origin, msg, env, cfg.VERP)
		}
	}
	return engine.Classify
}

// inline reports whether a message of n bytes is classified in the
// caller's goroutine (Config.InlineMax): only the real engine, whose cost
// is bounded, runs so, and only under a Timeout of at least
// inlineMinTimeout.
func (cfg *Config) inline(n int) bool {
	if cfg.engine != nil {
		return cfg.engineInline && int64(n) <= cfg.InlineMax
	}
	return int64(n) <= cfg.InlineMax && cfg.Timeout >= inlineMinTimeout
}

// inlineMinTimeout is the shortest Timeout under which messages are
// classified inline: some twenty times the engine's slowest case at
// DefaultInlineMax (BenchmarkInlineWorstCase, about 13 ms on a loaded
// 2-core machine), so that an inline classification ends far within the
// timeout. Under a shorter one every message runs under the timeout.
const inlineMinTimeout = 250 * time.Millisecond

// classifyInline runs the engine on msg in the caller's goroutine, within
// the concurrency bound: when no slot is free at once, it waits for one
// until deadline. msg stays the caller's, rewritten. It returns a fail
// cause, or "" and the records.
func (f *Filter) classifyInline(deadline time.Time, cfg *Config, queueID string, msg []byte, env engine.Envelope) ([]classify.Record, FailCause, error) {
	if !f.takeSlot(deadline) {
		return nil, FailOverload, noSlot(cfg)
	}
	return f.runEngine(cfg.engineFor(env), queueID, msg).outcome()
}

// await waits for a classification's result until deadline.
func (f *Filter) await(deadline time.Time, cfg *Config, done <-chan result) ([]classify.Record, FailCause, error) {
	t := time.NewTimer(time.Until(deadline))
	defer t.Stop()
	select {
	case r := <-done:
		return r.outcome()
	case <-t.C:
		return nil, FailTimeout, fmt.Errorf("milter: classify: %w after %s", context.DeadlineExceeded, cfg.Timeout)
	}
}

// callHook runs OnBounce within the deadline of ctx, recovering a panic.
func callHook(ctx context.Context, hook func(context.Context, Bounce) error, b Bounce) error {
	done := make(chan error, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- fmt.Errorf("milter: OnBounce panicked: %v", p)
			}
		}()
		done <- hook(ctx, b)
	}()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("milter: OnBounce: %w", err)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("milter: OnBounce: %w", ctx.Err())
	}
}

// progress sends progress to the MTA every d while a long end of message
// runs, so that the MTA does not time the milter out. It is a session's,
// and serves its messages one after another: its timer is armed only
// around the work that may take long (see session.EndOfMessage) and fires
// only when that work takes longer than d.
type progress struct {
	mu      sync.Mutex
	m       gomilter.Modifier
	d       time.Duration
	t       *time.Timer
	armed   bool // started and not stopped since
	stopped bool // fire must not write
}

// start arms p for the message whose modifier is m.
func (p *progress) start(m gomilter.Modifier, d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.m, p.d, p.stopped, p.armed = m, d, false, true
	if p.t == nil {
		p.t = time.AfterFunc(d, p.fire)
		return
	}
	p.t.Reset(d)
}

func (p *progress) fire() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	if err := p.m.Progress(); err != nil {
		return
	}
	p.t.Reset(p.d)
}

// stop ends the progress packets; it returns only when none is being
// written, because the connection must not carry two packets at once. It
// may be called more than once, and when p was never started.
func (p *progress) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.armed {
		return
	}
	p.armed, p.stopped = false, true
	p.m = nil
	p.t.Stop()
}

// maxPooledMessage is the largest message buffer kept for the next
// message.
const maxPooledMessage = 1 << 20

var messagePool sync.Pool // of *[]byte

// getMessageBuffer returns an empty buffer of at least size bytes.
func getMessageBuffer(size int) []byte {
	if size <= maxPooledMessage {
		if b, ok := messagePool.Get().(*[]byte); ok {
			if cap(*b) >= size {
				return (*b)[:0]
			}
		}
	}
	return make([]byte, 0, max(size, 4<<10))
}

func putMessageBuffer(b []byte) {
	if cap(b) <= maxPooledMessage {
		messagePool.Put(&b)
	}
}
