package milter

import (
	"encoding/binary"
	"errors"
	"io"
	"net"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	gomilter "github.com/d--j/go-milter"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
)

// pkt returns a milter packet: its length, its command and its data.
func pkt(code byte, data string) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(data)+1))
	return append(append(b, code), data...)
}

// optneg is the negotiation Postfix sends: version 6, every action and
// every protocol step offered.
var optneg = pkt('O', "\x00\x00\x00\x06\x00\x00\x01\xff\x00\x1f\xff\xff")

// rawDial connects to the milter as a client that writes raw bytes; with
// negotiate it negotiates first and reads the answer.
func rawDial(t testing.TB, addr string, negotiate bool) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	if negotiate {
		_, err = c.Write(optneg)
		require.NoError(t, err)
		require.NoError(t, c.SetReadDeadline(time.Now().Add(5*time.Second)))
		var head [4]byte
		_, err = io.ReadFull(c, head[:])
		require.NoError(t, err, "negotiation answer")
		_, err = io.ReadFull(c, make([]byte, binary.BigEndian.Uint32(head[:])))
		require.NoError(t, err)
		require.NoError(t, c.SetReadDeadline(time.Time{}))
	}
	return c
}

// closedBy waits until the milter closes c, draining what it wrote, and
// fails the test if it does not within d.
func closedBy(t testing.TB, c net.Conn, d time.Duration) {
	t.Helper()
	require.NoError(t, c.SetReadDeadline(time.Now().Add(d)))
	_, err := io.Copy(io.Discard, c)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the milter did not close the connection within %s", d)
	}
}

// served checks that a fresh client gets an ordinary message through.
func served(t testing.TB, addr string) {
	t.Helper()
	fields, body := splitMessage([]byte(ordinary))
	o := sendMessage(t, testClient(addr), nil, "alice@example.org", "QOK", fields, body)
	require.Equal(t, gomilter.ActionAccept, o.eoh, "a fresh client is served")
	require.NoError(t, o.sess.Close())
}

func TestGuardRefusesBadPackets(t *testing.T) {
	f, addr := startTestServer(t, Config{})
	for _, tc := range []struct {
		name      string
		negotiate bool
		raw       []byte
		reason    string
	}{
		{"zero length first", false, []byte{0, 0, 0, 0}, protoEmpty},
		{"zero length", true, []byte{0, 0, 0, 0}, protoEmpty},
		{"400 MB declared", true, []byte{0x17, 0xd7, 0x84, 0x00, 'B'}, protoOversized},
		{"one byte past the cap", true, binary.BigEndian.AppendUint32(nil, MaxPacket+1), protoOversized},
		{"a large first packet", false, binary.BigEndian.AppendUint32(nil, 64<<10), protoOversized},
		{"MAIL without NUL", true, pkt('M', "<mallory@example.org>"), protoTruncated},
		{"RCPT without NUL", true, pkt('R', "<bob@example.org>"), protoTruncated},
		{"CONNECT without NUL", true, pkt('C', "mx.example.org"), protoTruncated},
		{"CONNECT without family", true, pkt('C', "mx.example.org\x00"), protoTruncated},
		{"CONNECT without port", true, pkt('C', "mx.example.org\x004\x00"), protoTruncated},
		{"CONNECT bad family", true, pkt('C', "mx.example.org\x00X\x00\x19127.0.0.1\x00"), protoMalformed},
		{"HELO empty", true, pkt('H', ""), protoTruncated},
		{"macro empty", true, pkt('D', ""), protoTruncated},
		{"macro for no command", true, pkt('D', "Zi\x00Q1\x00"), protoMalformed},
		{"header without value", true, pkt('L', "Subject"), protoTruncated},
		{"header without name", true, pkt('L', "\x00value\x00"), protoTruncated},
		{"unknown command", true, pkt('Z', "x"), protoUnknown},
		{"MAIL before negotiation", false, pkt('M', "<a@b>\x00"), protoOrder},
		{"second negotiation", true, optneg, protoOrder},
		{"short negotiation", false, pkt('O', "\x00\x00\x00\x06"), protoTruncated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := testutil.ToFloat64(f.metrics.ProtocolErrors.WithLabelValues(tc.reason))
			c := rawDial(t, addr, tc.negotiate)
			_, err := c.Write(tc.raw)
			require.NoError(t, err)
			closedBy(t, c, 5*time.Second)
			assert.Equal(t, before+1, testutil.ToFloat64(f.metrics.ProtocolErrors.WithLabelValues(tc.reason)))
			served(t, addr)
		})
	}
	assert.Equal(t, 20.0, testutil.ToFloat64(f.metrics.ConnectionsClosed.WithLabelValues(closeProtocol)))
}

func TestGuardDeclaredSizeAllocatesNothing(t *testing.T) {
	_, addr := startTestServer(t, Config{})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range 20 {
		c := rawDial(t, addr, true)
		_, err := c.Write([]byte{0x17, 0xd7, 0x84, 0x00, 'B', 'x'}) // 400 MB declared
		require.NoError(t, err)
		closedBy(t, c, 5*time.Second)
	}
	runtime.ReadMemStats(&after)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(16<<20), "twenty 400 MB packets declared")
}

func TestGuardIdleTimeout(t *testing.T) {
	f, addr := startTestServer(t, Config{IdleTimeout: 200 * time.Millisecond})
	start := time.Now()
	c := rawDial(t, addr, true)
	closedBy(t, c, 5*time.Second)
	assert.GreaterOrEqual(t, time.Since(start), 200*time.Millisecond)
	assert.Equal(t, 1.0, testutil.ToFloat64(f.metrics.ConnectionsClosed.WithLabelValues(closeIdle)))

	// Before the negotiation, go-milter's second.
	c = rawDial(t, addr, false)
	closedBy(t, c, 5*time.Second)
	assert.Equal(t, 2.0, testutil.ToFloat64(f.metrics.ConnectionsClosed.WithLabelValues(closeIdle)))

	// A packet whose rest does not come.
	f.guard.packetTimeout = 200 * time.Millisecond
	c = rawDial(t, addr, true)
	_, err := c.Write(pkt('M', "<a@example.org>\x00")[:8])
	require.NoError(t, err)
	closedBy(t, c, 5*time.Second)
	assert.Equal(t, 1.0, testutil.ToFloat64(f.metrics.ConnectionsClosed.WithLabelValues(closeSlow)))
	served(t, addr)
}

func TestGuardConnectionLimit(t *testing.T) {
	gate := make(chan struct{})
	f, addr := startTestServer(t, Config{MaxConnections: 3, Timeout: 10 * time.Second,
		engine: func(string, []byte) ([]classify.Record, error) { <-gate; return nil, nil }})
	var idle []net.Conn
	for i := range 3 {
		idle = append(idle, rawDial(t, addr, true))
		// The client has the negotiation's answer before the milter waits
		// for the next packet: wait until it does, so that the connections
		// begin to idle in the order they were dialled.
		require.Eventually(t, func() bool { return waitingConns(f) == i+1 }, 5*time.Second, time.Millisecond)
		time.Sleep(2 * time.Millisecond)
	}
	require.Eventually(t, func() bool { return testutil.ToFloat64(f.metrics.ConnectionsOpen) == 3 }, 5*time.Second, 5*time.Millisecond)
	time.Sleep(2 * evictMinIdle) // idle long enough to be closed for a new one

	// A fourth closes the longest idle one and is served.
	served(t, addr)
	closedBy(t, idle[0], 5*time.Second)
	assert.Equal(t, 1.0, testutil.ToFloat64(f.metrics.ConnectionsClosed.WithLabelValues(closeEvicted)))

	// With every connection busy, a new one is refused.
	for _, c := range idle[1:] {
		c.Close()
	}
	require.Eventually(t, func() bool { return testutil.ToFloat64(f.metrics.ConnectionsOpen) == 0 }, 5*time.Second, 5*time.Millisecond)
	busy := make(chan error, 3)
	fields, body := splitMessage([]byte(postfixDSN))
	for range 3 {
		go func() {
			s, err := testClient(addr).Session(gomilter.NewMacroBag())
			if err != nil {
				busy <- err
				return
			}
			defer s.Close()
			steps := []func() error{
				func() error { _, err := s.Conn("localhost", gomilter.FamilyInet, 25, "127.0.0.1"); return err },
				func() error { _, err := s.Helo("remote.test"); return err },
				func() error { _, err := s.Mail("", ""); return err },
				func() error { _, err := s.Rcpt("user@example.org", ""); return err },
				func() error { _, err := s.DataStart(); return err },
			}
			for _, fl := range fields {
				steps = append(steps, func() error { _, err := s.HeaderField(fl[0], fl[1], nil); return err })
			}
			steps = append(steps,
				func() error { _, err := s.HeaderEnd(); return err },
				func() error { _, err := s.BodyChunk(body); return err })
			for _, step := range steps {
				if err := step(); err != nil {
					busy <- err
					return
				}
			}
			busy <- nil
			_, _, _ = s.End() // waits on the gate
		}()
	}
	for range 3 {
		require.NoError(t, <-busy)
	}
	require.Eventually(t, func() bool { return testutil.ToFloat64(f.metrics.InFlight) == 3 }, 5*time.Second, 5*time.Millisecond)
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c.Close()
	closedBy(t, c, 5*time.Second)
	assert.Equal(t, 1.0, testutil.ToFloat64(f.metrics.ConnectionsClosed.WithLabelValues(closeRefused)))
	close(gate)
}

func TestGuardPacketBudget(t *testing.T) {
	f, addr := startTestServer(t, Config{})
	f.guard.packetTimeout = 300 * time.Millisecond
	f.guard.budget.mu.Lock()
	f.guard.budget.free = 100 << 10
	f.guard.budget.mu.Unlock()
	free := func() int64 {
		f.guard.budget.mu.Lock()
		defer f.guard.budget.mu.Unlock()
		return f.guard.budget.free
	}

	chunk := pkt('B', strings.Repeat("x", 64<<10))
	a := rawDial(t, addr, true)
	_, err := a.Write(chunk[:32<<10]) // takes 64 KiB of the budget, sends half
	require.NoError(t, err)
	require.Eventually(t, func() bool { return free() < 64<<10 }, 5*time.Second, time.Millisecond, "a holds its packet's room")
	f.guard.budget.mu.Lock()
	f.guard.budget.free -= 40 << 10 // so that a's room alone is not enough when it comes back
	f.guard.budget.mu.Unlock()
	b := rawDial(t, addr, true)
	_, err = b.Write(chunk) // finds no room while a holds it
	require.NoError(t, err)
	closedBy(t, a, 5*time.Second) // its rest never came
	assert.Equal(t, 1.0, testutil.ToFloat64(f.metrics.ConnectionsClosed.WithLabelValues(closeSlow)))
	closedBy(t, b, 5*time.Second)
	assert.Equal(t, 1.0, testutil.ToFloat64(f.metrics.ConnectionsClosed.WithLabelValues(closeMemory)))
	require.Eventually(t, func() bool { return free() == 60<<10 }, 5*time.Second, time.Millisecond, "every byte given back")
	served(t, addr)
}

// flakyListener is a listener whose first accepts fail as a process out
// of file descriptors sees them fail.
type flakyListener struct {
	net.Listener
	fails atomic.Int32
}

func (l *flakyListener) Accept() (net.Conn, error) {
	if l.fails.Add(-1) >= 0 {
		return nil, &net.OpError{Op: "accept", Net: "tcp", Err: os.NewSyscallError("accept4", syscall.EMFILE)}
	}
	return l.Listener.Accept()
}

func TestGuardAcceptBacksOff(t *testing.T) {
	f, err := New(Config{Logger: discardLogger})
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	fl := &flakyListener{Listener: ln}
	fl.fails.Store(5)
	go func() { _ = f.Serve(fl) }()
	t.Cleanup(func() { _ = f.Close() })
	served(t, ln.Addr().String())
	assert.Equal(t, 5.0, testutil.ToFloat64(f.metrics.AcceptErrors), "five EMFILE waited out; the server kept serving")

	// Out of descriptors with an idle connection open: it is closed for
	// the next one, without waiting.
	idle := rawDial(t, ln.Addr().String(), true)
	require.Eventually(t, func() bool { return testutil.ToFloat64(f.metrics.ConnectionsOpen) == 1 }, 5*time.Second, 5*time.Millisecond)
	time.Sleep(2 * evictMinIdle)
	fl.fails.Store(1)
	served(t, ln.Addr().String())
	closedBy(t, idle, 5*time.Second)
	assert.Equal(t, 1.0, testutil.ToFloat64(f.metrics.ConnectionsClosed.WithLabelValues(closeEvicted)))
}

// panicListener's connections panic in Read, as a bug in the connection
// layer would.
type panicListener struct{ net.Listener }

func (l panicListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	return panicConn{c}, err
}

type panicConn struct{ net.Conn }

func (panicConn) Read([]byte) (int, error) { panic("bug under the connection layer") }

func TestGuardRecoversPanic(t *testing.T) {
	f, err := New(Config{Logger: discardLogger})
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = f.Serve(panicListener{ln}) }()
	t.Cleanup(func() { _ = f.Close() })
	for range 3 {
		c := rawDial(t, ln.Addr().String(), false)
		closedBy(t, c, 5*time.Second)
	}
	assert.Equal(t, 3.0, testutil.ToFloat64(f.metrics.ConnectionsClosed.WithLabelValues(closePanic)), "three panics, the process lives")
}

// TestGuardLargePacketsDoNotHoldChunks: connections that send packets
// over 64 KiB slowly fill their own budget, not the one an MTA's body
// chunks take room from.
func TestGuardLargePacketsDoNotHoldChunks(t *testing.T) {
	f, addr := startTestServer(t, Config{})
	f.guard.packetTimeout = time.Hour // the large packets hold their room for the whole test
	f.guard.bigBudget.mu.Lock()
	f.guard.bigBudget.free = 2 << 20 // room for two large packets
	f.guard.bigBudget.mu.Unlock()
	big := pkt('B', strings.Repeat("z", 1<<20-1))
	for range 3 {
		c := rawDial(t, addr, true)
		_, err := c.Write(big[:1<<19]) // half of it, and no more
		require.NoError(t, err)
	}
	require.Eventually(t, func() bool {
		f.guard.bigBudget.mu.Lock()
		defer f.guard.bigBudget.mu.Unlock()
		return f.guard.bigBudget.free < 1<<20
	}, 5*time.Second, time.Millisecond, "the large packets hold their budget")
	// A body chunk over 4 KiB: had it to wait for the large packets' room,
	// the client would time out (10 s) and sendMessage fail.
	fields, body := splitMessage([]byte(postfixDSN + strings.Repeat("filler line\n", 2000)))
	o := sendMessage(t, testClient(addr), nil, "", "QCHUNK", fields, body)
	require.NotNil(t, o.end)
	assert.NotEmpty(t, o.added(), "the bounce is stamped")
	require.NoError(t, o.sess.Close())
}

// waitingConns counts the connections f's guard sees waiting for their
// next packet.
func waitingConns(f *Filter) int {
	f.guard.mu.Lock()
	defer f.guard.mu.Unlock()
	n := 0
	for c := range f.guard.live {
		if c.waitingSince.Load() != 0 {
			n++
		}
	}
	return n
}
