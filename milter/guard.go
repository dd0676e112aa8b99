package milter

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// The protocol guard. go-milter (v0.10.1, internal/wire and session.go)
// trusts what the MTA sends:
//
//   - wire.ReadPacket allocates whatever length a packet declares, up to
//     512 MiB, before a byte of it arrives, and reads data[0] of a packet
//     of length zero: an index out of range;
//   - processMsg slices past the end of a CONNECT, MAIL or RCPT packet whose
//     first string has no NUL after it, and of a CONNECT packet that stops
//     before its family or port: slice bounds out of range.
//
// Such a panic happens in the goroutine go-milter starts for each
// connection, which has no recover, and no code outside that goroutine can
// recover it: one packet would take the whole milter down, and the MTA
// would fail open for every message after. So packetConn reads every
// packet whole, before go-milter sees a byte of it, and checks it
// (checkPacket). A packet that fails closes its connection: it is counted
// (protocol_errors_total), logged, and go-milter reads an end of file,
// which it takes as the MTA hanging up. The guard also bounds what a
// connection may hold and how long it may wait, and recovers a panic in
// its own code.

// Limits of the connection layer.
const (
	// MaxPacket bounds a packet's length (the 4-byte length field, which
	// counts the command byte and the data). libmilter refuses command
	// data longer than the data size it negotiated, at most MILTER_MDS_1M
	// = 1 MiB - 1 (sendmail include/libmilter/mfdef.h; libmilter/comm.c,
	// mi_rd_cmd), and MTAs send body chunks of 64 KiB (MILTER_CHUNK_SIZE)
	// unless a larger size was negotiated. A longer packet is no MTA's.
	MaxPacket = 1 << 20
	// DefaultMaxConnections bounds the MTA connections served at once
	// (Config.MaxConnections). New lowers it to the open-file limit less
	// fdReserve.
	DefaultMaxConnections = 1000
	// DefaultIdleTimeout closes a connection that has sent nothing for so
	// long after negotiation (Config.IdleTimeout): twice the 5 minutes RFC
	// 5321 (section 4.5.3.2.7) has a server wait for the next command.
	DefaultIdleTimeout = 10 * time.Minute

	// negotiateTimeout is go-milter's: the negotiation packet must arrive
	// within a second of the connection.
	negotiateTimeout = time.Second
	// packetTimeout bounds the time from a packet's length to its last
	// byte: an MTA writes a packet at once, and gives up sending one after
	// 10 s by default (Sendmail's milter timeout T=S:10s).
	packetTimeout = 10 * time.Second
	// smallPacket and smaller packets are read into the connection's own
	// buffer; larger ones take bytes from the packet budget.
	smallPacket = 4 << 10
	// maxNegotiation bounds the first packet: the MTA's SMFIC_OPTNEG is its
	// command byte and 12 bytes (version, actions, protocol steps). Until
	// it came, a connection holds a few dozen bytes of buffers, so that a
	// flood of connections that never negotiate costs little memory.
	maxNegotiation = 64
	// packetBudget bounds the bytes of larger packets held at once over all
	// connections, in two budgets of this size: one for packets up to a
	// 64 KiB body chunk (what MTAs send), one for the larger ones (up to
	// MaxPacket), so that connections sending 1 MiB packets slowly never
	// hold up an MTA's chunks. The connection layer's memory does not grow
	// with the number of connections. A packet holds its room only from its
	// length to its last byte, microseconds for an MTA: 16 MiB are 250 body
	// chunks arriving at the same moment. A packet that finds no room waits
	// (up to packetTimeout) for others to be passed on.
	packetBudget = 16 << 20
	// pooledPacket is the size of the pooled buffers: a 64 KiB body chunk
	// with its length and command byte.
	pooledPacket = 4 + 1 + 64<<10
	// evictMinIdle is how long a connection must have waited for its next
	// packet before it may be closed for a new one: an MTA negotiates and
	// sends its commands at once, so only one that has waited this long
	// is idle.
	evictMinIdle = 10 * time.Millisecond
	// fdReserve are the file descriptors kept for the rest of the process
	// (listener, logs, spool, metrics, webhook) when the open-file limit
	// bounds the connections.
	fdReserve = 64
)

// The reasons a packet is refused, as counted in protocol_errors_total.
const (
	protoEmpty     = "empty"           // a length of zero: not even a command byte
	protoOversized = "oversized"       // longer than MaxPacket (or, before negotiation, than maxNegotiation)
	protoTruncated = "truncated"       // a command without the fields it must carry
	protoMalformed = "malformed"       // fields that are there but wrong (an unknown address family)
	protoOrder     = "order"           // no negotiation first, or a second one
	protoUnknown   = "unknown_command" // a command code the protocol does not have
)

// The reasons the milter closes a connection itself, as counted in
// connections_closed_total.
const (
	closeRefused  = "refused"      // at the connection limit, with none idle to close instead
	closeEvicted  = "evicted"      // the longest idle, closed for a new connection at the limit
	closeIdle     = "idle_timeout" // nothing within the idle timeout (a second before negotiation)
	closeSlow     = "slow_packet"  // a packet's rest did not arrive within packetTimeout
	closeProtocol = "protocol"     // a packet the guard refused
	closeMemory   = "memory"       // no room in the packet budget within packetTimeout
	closePanic    = "panic"        // a panic in the connection layer, recovered
)

var (
	protoReasons = []string{protoEmpty, protoOversized, protoTruncated, protoMalformed, protoOrder, protoUnknown}
	closeReasons = []string{closeRefused, closeEvicted, closeIdle, closeSlow, closeProtocol, closeMemory, closePanic}
)

// checkPacket checks one packet's command and data against what go-milter
// reads from it, and returns why it is refused ("" when it is not) and a
// detail for the log.
func checkPacket(code byte, data []byte, negotiated bool) (reason, detail string) {
	if !negotiated {
		if code != 'O' {
			return protoOrder, fmt.Sprintf("command %q before the negotiation", code)
		}
		if len(data) < 12 {
			return protoTruncated, fmt.Sprintf("negotiation of %d bytes, want 12", len(data))
		}
		return "", ""
	}
	switch code {
	case 'O':
		return protoOrder, "a second negotiation"
	case 'C': // hostname NUL, family, [port, address NUL]
		i := bytes.IndexByte(data, 0)
		if i < 0 {
			return protoTruncated, "CONNECT without the NUL after the host name"
		}
		rest := data[i+1:]
		if len(rest) == 0 {
			return protoTruncated, "CONNECT without an address family"
		}
		switch rest[0] {
		case 'U':
		case 'L', '4', '6':
			if len(rest) < 3 {
				return protoTruncated, "CONNECT without a port"
			}
		default:
			return protoMalformed, fmt.Sprintf("CONNECT with address family %q", rest[0])
		}
	case 'M', 'R': // address NUL, [ESMTP arguments NUL ...]
		if bytes.IndexByte(data, 0) < 0 {
			return protoTruncated, fmt.Sprintf("%s without the NUL after the address", map[byte]string{'M': "MAIL", 'R': "RCPT"}[code])
		}
	case 'H': // HELO name
		if len(data) == 0 {
			return protoTruncated, "HELO without a name"
		}
	case 'D': // the command the macros are for, then names and values
		if len(data) == 0 {
			return protoTruncated, "macros without their command"
		}
		if bytes.IndexByte([]byte("CHMRTNELUAB"), data[0]) < 0 {
			return protoMalformed, fmt.Sprintf("macros for command %q", data[0])
		}
	case 'L': // name NUL value NUL
		if len(data) < 2 || data[0] == 0 || data[len(data)-1] != 0 || bytes.Count(data, []byte{0}) != 2 {
			return protoTruncated, "HEADER is not name NUL value NUL"
		}
	case 'B', 'E', 'N', 'A', 'T', 'Q', 'K', 'U':
	default:
		return protoUnknown, fmt.Sprintf("command %q", code)
	}
	return "", ""
}

// guard is what the connections of one Filter share.
type guard struct {
	idle          time.Duration
	packetTimeout time.Duration // packetTimeout; shorter in tests
	max           int
	metrics       *Metrics
	logger        func() *slog.Logger // the logger in force
	budget        budget              // for packets up to pooledPacket
	bigBudget     budget              // for larger ones
	logs          logLimiter

	mu   sync.Mutex
	live map[*packetConn]struct{}
}

func newGuard(maxConns int, idle time.Duration, m *Metrics, logger func() *slog.Logger) *guard {
	g := &guard{idle: idle, packetTimeout: packetTimeout, max: maxConns, metrics: m, logger: logger, live: make(map[*packetConn]struct{})}
	for _, b := range []*budget{&g.budget, &g.bigBudget} {
		b.free = packetBudget
		b.freed = make(chan struct{})
	}
	return g
}

// admit registers a new connection. At the limit it closes the connection
// that has waited longest for its next packet instead (at least
// evictMinIdle), preferring one that has not negotiated, then one between
// messages; when none is idle, the new one is refused.
func (g *guard) admit(c *packetConn) bool {
	g.mu.Lock()
	var victim *packetConn
	if len(g.live) >= g.max {
		victim = g.oldestIdleLocked()
		if victim == nil {
			g.mu.Unlock()
			return false
		}
		delete(g.live, victim)
	}
	g.live[c] = struct{}{}
	g.mu.Unlock()
	g.metrics.ConnectionsOpen.Inc()
	if victim != nil {
		g.metrics.ConnectionsOpen.Dec()
		victim.closeFor(closeEvicted, "closed the longest idle connection for a new one at the connection limit",
			slog.Int("max_connections", g.max))
	}
	return true
}

// evictOne closes the longest idle connection, to free a file descriptor.
func (g *guard) evictOne(why string) bool {
	g.mu.Lock()
	victim := g.oldestIdleLocked()
	if victim != nil {
		delete(g.live, victim)
	}
	g.mu.Unlock()
	if victim == nil {
		return false
	}
	g.metrics.ConnectionsOpen.Dec()
	victim.closeFor(closeEvicted, why)
	return true
}

// oldestIdleLocked returns the connection to close for a new one, or nil:
// the one that has waited longest for its next packet (at least
// evictMinIdle), preferring one that has not negotiated, then one between
// messages. One whose peer has sent bytes that wait unread is not idle,
// only not yet served (its goroutine has not run since): it is passed
// over. One pass; the socket is asked only about a connection that would
// be the best so far, a few times a pass.
func (g *guard) oldestIdleLocked() *packetConn {
	var best *packetConn
	var bestClass int
	var bestSince int64
	limit := time.Now().Add(-evictMinIdle).UnixNano()
	for c := range g.live {
		since := c.waitingSince.Load()
		if since == 0 || since > limit {
			continue // busy (go-milter or the engine works on its packet), or not idle for long
		}
		class := 2 // idle in a message
		switch {
		case !c.negotiated.Load():
			class = 0
		case !c.inMessage.Load():
			class = 1
		}
		if best != nil && (class > bestClass || class == bestClass && since >= bestSince) {
			continue
		}
		if hasPending(c.Conn) {
			continue
		}
		best, bestClass, bestSince = c, class, since
	}
	return best
}

// forget removes a closed connection (unless an eviction did).
func (g *guard) forget(c *packetConn) {
	g.mu.Lock()
	_, ok := g.live[c]
	delete(g.live, c)
	g.mu.Unlock()
	if ok {
		g.metrics.ConnectionsOpen.Dec()
	}
}

// budget is a count of bytes that goroutines take and give back, waiting
// for room with a deadline.
type budget struct {
	mu    sync.Mutex
	free  int64
	freed chan struct{} // closed and replaced when bytes come back
}

func (b *budget) acquire(n int64, deadline time.Time) bool {
	for {
		b.mu.Lock()
		if b.free >= n {
			b.free -= n
			b.mu.Unlock()
			return true
		}
		ch := b.freed
		b.mu.Unlock()
		wait := time.Until(deadline)
		if wait <= 0 {
			return false
		}
		t := time.NewTimer(wait)
		select {
		case <-ch:
			t.Stop()
		case <-t.C:
			return false
		}
	}
}

func (b *budget) release(n int64) {
	if n == 0 {
		return
	}
	b.mu.Lock()
	b.free += n
	close(b.freed)
	b.freed = make(chan struct{})
	b.mu.Unlock()
}

var packetPool = sync.Pool{New: func() any { b := make([]byte, pooledPacket); return &b }}

// logLimiter lets through at most logBurst guard log lines a second, so
// that a flood of bad connections is counted in full but logged in part;
// the next line let through says how many were left out.
type logLimiter struct {
	mu         sync.Mutex
	second     int64
	n          int
	suppressed int
}

const logBurst = 20

func (l *logLimiter) allow() (ok bool, suppressed int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now().Unix()
	if now != l.second {
		l.second, l.n = now, 0
	}
	if l.n >= logBurst {
		l.suppressed++
		return false, 0
	}
	l.n++
	suppressed, l.suppressed = l.suppressed, 0
	return true, suppressed
}

// log writes one guard line at level, subject to the limiter.
func (g *guard) log(level slog.Level, msg string, attrs ...slog.Attr) {
	ok, suppressed := g.logs.allow()
	if !ok {
		return
	}
	if suppressed > 0 {
		attrs = append(attrs, slog.Int("lines_suppressed", suppressed))
	}
	g.logger().LogAttrs(context.Background(), level, msg, attrs...)
}

// guardListener is the listener go-milter serves: it bounds the
// connections, wraps each in a guarded packetConn, and keeps accepting
// through temporary errors (as net/http's Server does), backing off.
type guardListener struct {
	net.Listener
	g      *guard
	closed chan struct{}
	once   sync.Once
}

func newGuardListener(ln net.Listener, g *guard) *guardListener {
	return &guardListener{Listener: ln, g: g, closed: make(chan struct{})}
}

// Accept waits for the next connection the milter takes.
func (l *guardListener) Accept() (net.Conn, error) {
	var delay time.Duration
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			if !temporaryAccept(err) {
				return nil, err
			}
			l.g.metrics.AcceptErrors.Inc()
			if isFDExhausted(err) && l.g.evictOne("closed the longest idle connection: no file descriptor left for a new one") {
				continue
			}
			delay = min(max(2*delay, 5*time.Millisecond), time.Second)
			l.g.log(slog.LevelError, "milter: accept failed; retrying", slog.Any("err", err), slog.Duration("in", delay))
			select {
			case <-l.closed:
				return nil, net.ErrClosed
			case <-time.After(delay):
			}
			continue
		}
		delay = 0
		pc := &packetConn{Conn: c, r: bufio.NewReaderSize(c, maxNegotiation)}
		pc.g = l.g
		pc.waitingSince.Store(time.Now().UnixNano())
		l.g.metrics.ConnectionsAccepted.Inc()
		if !l.g.admit(pc) {
			l.g.metrics.ConnectionsClosed.WithLabelValues(closeRefused).Inc()
			l.g.log(slog.LevelWarn, "milter: connection refused: at the connection limit and none idle",
				slog.String("remote", remoteOf(c)), slog.Int("max_connections", l.g.max))
			_ = c.Close()
			continue
		}
		return pc, nil
	}
}

// Close stops Accept, also while it backs off.
func (l *guardListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

// temporaryAccept reports whether an accept error is one to wait out:
// no descriptors or buffers left, or a connection that died in the queue.
func temporaryAccept(err error) bool {
	for _, e := range []error{syscall.EMFILE, syscall.ENFILE, syscall.ENOBUFS, syscall.ENOMEM,
		syscall.ECONNABORTED, syscall.ECONNRESET, syscall.EINTR, syscall.EAGAIN, syscall.EPROTO, syscall.EPERM} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

func isFDExhausted(err error) bool {
	return errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE)
}

func remoteOf(c net.Conn) string {
	if a := c.RemoteAddr(); a != nil && a.String() != "" {
		return a.String()
	}
	return "local"
}

// nextPacket reads the next packet whole into c.pkt and checks it. Any
// error it returns is io.EOF: go-milter then ends the connection quietly,
// and the guard has logged and counted what happened.
func (c *packetConn) nextPacket() error {
	g := c.g
	// A read that may wait gets a deadline of its own; one the buffer
	// already holds needs none (a deadline costs a timer's update, twice
	// a packet otherwise). A connection waits, and is idle, only while
	// the next packet's head has not arrived.
	head := c.head[:] // a field: a local array would escape to the heap, once a packet
	if c.r.Buffered() < len(head) {
		now := time.Now()
		if c.negotiated.Load() && g.idle > 0 {
			_ = c.Conn.SetReadDeadline(now.Add(g.idle))
		}
		c.waitingSince.Store(now.UnixNano())
	}
	_, err := io.ReadFull(c.r, head)
	c.waitingSince.Store(0)
	if err != nil {
		return c.readFailed(err, false)
	}
	n := int(head[0])<<24 | int(head[1])<<16 | int(head[2])<<8 | int(head[3])
	switch {
	case n == 0:
		return c.refuse(protoEmpty, "a packet of length 0")
	case n > MaxPacket:
		return c.refuse(protoOversized, fmt.Sprintf("a packet of %d bytes declared; at most %d", n, MaxPacket))
	case n > maxNegotiation && !c.negotiated.Load():
		return c.refuse(protoOversized, fmt.Sprintf("a packet of %d bytes before the negotiation", n))
	}
	if c.negotiated.Load() && c.r.Buffered() < n {
		_ = c.Conn.SetReadDeadline(time.Now().Add(g.packetTimeout))
	}
	buf, ok := c.buffer(4 + n)
	if !ok {
		return c.closeFor(closeMemory, "no room for a packet in the packet budget",
			slog.Int("bytes", n), slog.Int("budget", packetBudget))
	}
	copy(buf, head)
	if _, err := io.ReadFull(c.r, buf[4:]); err != nil {
		c.releasePacket()
		return c.readFailed(err, true)
	}
	code, data := buf[4], buf[5:]
	if reason, detail := checkPacket(code, data, c.negotiated.Load()); reason != "" {
		c.releasePacket()
		return c.refuse(reason, detail)
	}
	switch code {
	case 'O':
		c.negotiated.Store(true)
		if c.r.Buffered() == 0 { // the MTA waits for the answer: nothing is lost
			c.r = bufio.NewReaderSize(c.Conn, readBufferSize)
		}
	case 'M', 'R', 'T', 'L', 'N', 'B':
		c.inMessage.Store(true)
	case 'E', 'A', 'Q', 'K', 'C', 'H':
		c.inMessage.Store(false)
	}
	c.pkt, c.off = buf, 0
	return nil
}

// buffer returns room for a packet of size bytes (length included).
func (c *packetConn) buffer(size int) ([]byte, bool) {
	if size <= len(c.tiny) {
		return c.tiny[:size], true
	}
	if size <= 4+smallPacket {
		if c.small == nil {
			c.small = make([]byte, 4+smallPacket)
		}
		return c.small[:size], true
	}
	b := &c.g.budget
	if size > pooledPacket {
		b = &c.g.bigBudget
	}
	if !b.acquire(int64(size), time.Now().Add(c.g.packetTimeout)) {
		return nil, false
	}
	c.held, c.heldFrom = int64(size), b
	if size <= pooledPacket {
		c.pooled = packetPool.Get().(*[]byte)
		return (*c.pooled)[:size], true
	}
	return make([]byte, size), true
}

// releasePacket gives back what the current packet holds.
func (c *packetConn) releasePacket() {
	if c.pooled != nil {
		packetPool.Put(c.pooled)
		c.pooled = nil
	}
	if c.held > 0 {
		c.heldFrom.release(c.held)
		c.held, c.heldFrom = 0, nil
	}
	c.pkt, c.off = nil, 0
}

// readFailed turns a read error into the end of the connection, counting
// and logging what was not the MTA hanging up.
func (c *packetConn) readFailed(err error, inPacket bool) error {
	if c.evicted.Load() {
		return io.EOF // closed by admit or evictOne, counted there
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		reason, what := closeIdle, "idle connection closed"
		switch {
		case inPacket && c.negotiated.Load():
			reason, what = closeSlow, "closed a connection whose packet did not arrive in time"
		case !c.negotiated.Load():
			what = "closed a connection that did not negotiate within a second"
		}
		return c.closeFor(reason, what, slog.Duration("idle_timeout", c.g.idle))
	}
	if inPacket {
		c.g.logger().Debug("milter: connection ended within a packet", "remote", remoteOf(c.Conn), "err", err)
	}
	return io.EOF
}

// refuse closes the connection for a bad packet.
func (c *packetConn) refuse(reason, detail string) error {
	c.g.metrics.ProtocolErrors.WithLabelValues(reason).Inc()
	return c.closeFor(closeProtocol, "milter: closing connection: bad packet",
		slog.String("reason", reason), slog.String("detail", detail))
}

// closeFor closes the connection itself for reason, counts and logs it,
// and returns io.EOF for go-milter.
func (c *packetConn) closeFor(reason, msg string, attrs ...slog.Attr) error {
	if reason == closeEvicted {
		if !c.evicted.CompareAndSwap(false, true) {
			return io.EOF
		}
	}
	c.g.metrics.ConnectionsClosed.WithLabelValues(reason).Inc()
	level := slog.LevelWarn
	if reason == closeIdle {
		level = slog.LevelInfo
	}
	if reason == closePanic {
		level = slog.LevelError
	}
	c.g.log(level, msg, append([]slog.Attr{slog.String("remote", remoteOf(c.Conn)), slog.String("close", reason)}, attrs...)...)
	_ = c.Conn.Close()
	return io.EOF
}

// recovered turns a panic in the connection layer into the end of the
// connection.
func (c *packetConn) recovered(p any) error {
	if c.g == nil {
		panic(p) // the test MTA's side: not ours to hide
	}
	return c.closeFor(closePanic, "milter: panic in the connection layer, connection closed",
		slog.Any("panic", p), slog.String("stack", string(debug.Stack())))
}

// guardState is the part of packetConn the guard uses.
type guardState struct {
	g            *guard
	head         [4]byte                  // the next packet's length
	tiny         [4 + maxNegotiation]byte // the negotiation and other small packets
	small        []byte                   // up to smallPacket, once needed
	pkt          []byte                   // the packet being passed to go-milter, length first
	off          int                      // how much of pkt go-milter has read
	held         int64                    // bytes of a budget pkt holds
	heldFrom     *budget                  // which one
	pooled       *[]byte
	negotiated   atomic.Bool
	inMessage    atomic.Bool
	waitingSince atomic.Int64 // when it began to wait for its next packet (Unix ns); 0 while busy
	evicted      atomic.Bool
	pmu          sync.Mutex // pkt and what it holds: the reader, and Close
	closeOnce    sync.Once
}
