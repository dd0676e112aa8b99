package milter

import (
	"bufio"
	"encoding/binary"
	"net"
	"sync"
	"time"
)

// go-milter reads a packet's 4-byte length and its data with one system
// call each, and writes a packet's header and its data with one each. A
// message of twenty header fields thus costs some eighty system calls on
// the milter's side alone. packetConn puts a read buffer under the
// connection, so that the header packets an MTA sends back to back (it
// expects no reply to them) arrive in one read, and it writes whole
// packets: each reply leaves in one write as soon as it is complete, and
// the header changes of the end of a message leave together with the
// final reply that must follow them. What goes over the wire is unchanged.

const (
	readBufferSize = 16 << 10 // per connection
	maxHeld        = 1 << 20  // more is written at once
)

// isModification reports whether a milter reply code is a message
// modification: one the MTA only takes at the end of a message, followed
// by the final reply.
func isModification(code byte) bool {
	switch code {
	case '+', '-', '2', 'b', 'e', 'h', 'i', 'm', 'q':
		return true
	}
	return false
}

// packetConn is a milter connection with buffered reads and one write per
// packet. It is safe for one reader and concurrent writers (a progress
// packet may be written while the session works). On the milter's side
// (guardListener sets g) it reads and checks whole packets before
// go-milter sees them: see guard.go.
type packetConn struct {
	net.Conn
	r       *bufio.Reader
	mu      sync.Mutex
	pending []byte // bytes not yet written
	scanned int    // how much of pending is whole packets
	// The write deadline asked for (SetWriteDeadline) and the one the
	// connection has: the asked one is set just before a write, when
	// they differ (see SetWriteDeadline).
	writeDeadline, appliedDeadline time.Time
	guardState
}

func newPacketConn(c net.Conn) *packetConn {
	return &packetConn{Conn: c, r: bufio.NewReaderSize(c, readBufferSize)}
}

// Read reads from the buffer, filling it from the connection when empty.
// On the milter's side it passes on one checked packet after another.
func (c *packetConn) Read(p []byte) (n int, err error) {
	c.mu.Lock()
	err = c.flushLocked()
	c.mu.Unlock()
	if err != nil {
		return 0, err
	}
	if c.g == nil {
		return c.r.Read(p)
	}
	c.pmu.Lock()
	defer c.pmu.Unlock()
	defer func() {
		if pv := recover(); pv != nil {
			n, err = 0, c.recovered(pv)
		}
	}()
	if c.pkt == nil {
		if err := c.nextPacket(); err != nil {
			return 0, err
		}
	}
	n = copy(p, c.pkt[c.off:])
	c.off += n
	if c.off == len(c.pkt) {
		c.releasePacket() // go-milter has it all
	}
	return n, nil
}

// Write holds the start of a packet until it is complete, and the
// modification packets until the reply after them; then it writes what it
// holds in one call.
func (c *packetConn) Write(p []byte) (n int, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	defer func() {
		if pv := recover(); pv != nil {
			n, err = 0, c.recovered(pv)
		}
	}()
	if n := complete(p); len(c.pending) == 0 && n > 0 && n == len(p) && !isModification(p[4]) {
		c.applyWriteDeadline()
		return c.Conn.Write(p) // a whole reply: the common case
	}
	c.pending = append(c.pending, p...)
	flush := len(c.pending) > maxHeld
	for !flush {
		rest := c.pending[c.scanned:]
		if len(rest) >= 4 && binary.BigEndian.Uint32(rest) == 0 {
			flush = true // not a packet: do not hold it
			break
		}
		n := complete(rest)
		if n == 0 {
			break
		}
		flush = !isModification(c.pending[c.scanned+4])
		c.scanned += n
	}
	if flush {
		if err := c.flushLocked(); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// complete returns the length of the whole packet at the start of b, or 0
// when b holds less than a packet.
func complete(b []byte) int {
	if len(b) < 5 {
		return 0
	}
	need := 4 + int64(binary.BigEndian.Uint32(b))
	if int64(len(b)) < need {
		return 0
	}
	return int(need)
}

// flushLocked writes what is held.
func (c *packetConn) flushLocked() error {
	if len(c.pending) == 0 {
		return nil
	}
	c.applyWriteDeadline()
	_, err := c.Conn.Write(c.pending)
	c.scanned = 0
	if cap(c.pending) > 64<<10 {
		c.pending = nil
	} else {
		c.pending = c.pending[:0]
	}
	return err
}

// SetWriteDeadline records the deadline for the writes that follow; the
// connection gets it just before it writes. go-milter sets a deadline
// before each packet it writes and clears it after, twice a packet, and a
// deadline is a timer update; the packets a write holds (the header
// changes before the final reply) leave in one write, under the deadline
// of the last one.
func (c *packetConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writeDeadline = t
	return nil
}

// SetDeadline sets the read deadline at once and records the write
// deadline as SetWriteDeadline does.
func (c *packetConn) SetDeadline(t time.Time) error {
	if err := c.Conn.SetReadDeadline(t); err != nil {
		return err
	}
	return c.SetWriteDeadline(t)
}

// applyWriteDeadline gives the connection the write deadline asked for,
// if it has another. Called with mu held.
func (c *packetConn) applyWriteDeadline() {
	if c.writeDeadline.Equal(c.appliedDeadline) {
		return
	}
	if err := c.Conn.SetWriteDeadline(c.writeDeadline); err == nil {
		c.appliedDeadline = c.writeDeadline
	}
}

// Close writes what is held and closes the connection.
func (c *packetConn) Close() error {
	c.mu.Lock()
	_ = c.flushLocked()
	c.mu.Unlock()
	err := c.Conn.Close()
	if c.g != nil {
		c.closeOnce.Do(func() {
			c.pmu.Lock() // a reader blocked on the connection has returned
			c.releasePacket()
			c.pmu.Unlock()
			c.g.forget(c)
		})
	}
	return err
}
