package milter

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeRecorder is the connection under packetConn: it keeps each write
// (one system call on a real socket) apart.
type writeRecorder struct {
	net.Conn
	writes [][]byte
}

func (w *writeRecorder) Write(p []byte) (int, error) {
	w.writes = append(w.writes, bytes.Clone(p))
	return len(p), nil
}

func (w *writeRecorder) Close() error { return nil }

// packet returns a milter packet in the two pieces go-milter writes it in:
// length and code, then data.
func packet(code byte, data string) [][]byte {
	head := binary.BigEndian.AppendUint32(nil, uint32(len(data)+1))
	head = append(head, code)
	if data == "" {
		return [][]byte{head}
	}
	return [][]byte{head, []byte(data)}
}

func TestPacketConnWrites(t *testing.T) {
	join := func(ps ...[][]byte) [][]byte {
		var out [][]byte
		for _, p := range ps {
			out = append(out, p...)
		}
		return out
	}
	flat := func(ps ...[][]byte) []byte {
		var out []byte
		for _, p := range ps {
			out = append(out, bytes.Join(p, nil)...)
		}
		return out
	}
	insert := packet('i', "\x00\x00\x00\x05X-Bounce-Reason\x00 userunknown\x00")
	change := packet('m', "\x00\x00\x00\x01X-Bounce-Kind\x00\x00")
	accept := packet('a', "")
	cont := packet('c', "")
	progress := packet('p', "")
	tests := []struct {
		name   string
		pieces [][]byte // the writes go-milter makes
		want   [][]byte // the writes that reach the socket
	}{
		{"a reply without data", accept, [][]byte{flat(accept)}},
		{"a reply with data", packet('y', "550 5.7.1 no\x00"), [][]byte{flat(packet('y', "550 5.7.1 no\x00"))}},
		{"replies one by one", join(cont, cont), [][]byte{flat(cont), flat(cont)}},
		{"changes go with the final reply", join(change, insert, insert, accept), [][]byte{flat(change, insert, insert, accept)}},
		{"progress is not held", join(progress, insert, accept), [][]byte{flat(progress), flat(insert, accept)}},
		{"a zero length is not held", [][]byte{{0, 0, 0, 0}}, [][]byte{{0, 0, 0, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &writeRecorder{}
			c := newPacketConn(rec)
			for _, p := range tt.pieces {
				n, err := c.Write(p)
				require.NoError(t, err)
				assert.Equal(t, len(p), n)
			}
			assert.Equal(t, tt.want, rec.writes)
		})
	}
}

func TestPacketConnFlushes(t *testing.T) {
	insert := bytes.Join(packet('i', "\x00\x00\x00\x01X-Bounce-Kind\x00 hard\x00"), nil)
	t.Run("before a read", func(t *testing.T) {
		a, b := net.Pipe()
		defer a.Close()
		defer b.Close()
		c := newPacketConn(a)
		_, err := c.Write(insert)
		require.NoError(t, err)
		got := make(chan []byte, 1)
		go func() {
			buf := make([]byte, len(insert))
			_, _ = io.ReadFull(b, buf)
			got <- buf
			_, _ = b.Write([]byte("x"))
		}()
		one := make([]byte, 1)
		_, err = c.Read(one)
		require.NoError(t, err)
		assert.Equal(t, insert, <-got)
		assert.Equal(t, "x", string(one))
	})
	t.Run("on close", func(t *testing.T) {
		rec := &writeRecorder{}
		c := newPacketConn(rec)
		_, err := c.Write(insert)
		require.NoError(t, err)
		assert.Empty(t, rec.writes)
		require.NoError(t, c.Close())
		assert.Equal(t, [][]byte{insert}, rec.writes)
	})
	t.Run("past the bound", func(t *testing.T) {
		rec := &writeRecorder{}
		c := newPacketConn(rec)
		n := 0
		for n <= maxHeld {
			_, err := c.Write(insert)
			require.NoError(t, err)
			n += len(insert)
		}
		require.Len(t, rec.writes, 1)
		assert.Len(t, rec.writes[0], n)
	})
}

// deadlineRecorder is writeRecorder that also logs the write deadlines the
// connection gets, in order with the writes.
type deadlineRecorder struct {
	writeRecorder
	events []string
}

func (d *deadlineRecorder) Write(p []byte) (int, error) {
	d.events = append(d.events, fmt.Sprintf("write %d", len(p)))
	return d.writeRecorder.Write(p)
}

func (d *deadlineRecorder) SetWriteDeadline(t time.Time) error {
	d.events = append(d.events, "deadline "+t.Format("15:04:05"))
	return nil
}

// go-milter sets a write deadline before each packet and clears it after;
// the connection gets the deadline only before a write, the last one asked
// for, and not again while it is unchanged.
func TestPacketConnWriteDeadlines(t *testing.T) {
	rec := &deadlineRecorder{}
	c := newPacketConn(rec)
	at := func(s int) time.Time { return time.Date(2026, 12, 2, 10, 0, s, 0, time.UTC) }
	send := func(deadline time.Time, code byte, data string) {
		require.NoError(t, c.SetWriteDeadline(deadline))
		for _, p := range packet(code, data) {
			_, err := c.Write(p)
			require.NoError(t, err)
		}
		require.NoError(t, c.SetWriteDeadline(time.Time{}))
	}
	send(at(1), 'i', "\x00\x00\x00\x01X-A\x00v\x00") // held: a header change
	send(at(2), 'i', "\x00\x00\x00\x01X-B\x00v\x00")
	send(at(3), 'a', "") // the final reply: all leave in one write
	send(at(4), 'c', "")
	require.NoError(t, c.SetWriteDeadline(at(4)))
	_, err := c.Write(packet('c', "")[0]) // a whole reply in one piece, same deadline
	require.NoError(t, err)
	assert.Equal(t, []string{
		"deadline 10:00:03", "write 35",
		"deadline 10:00:04", "write 5",
		"write 5",
	}, rec.events)
}

// A write deadline still bounds the write: past it, a write to a peer
// that reads nothing fails with a timeout.
func TestPacketConnWriteDeadlineHolds(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	go func() {
		peer, err := ln.Accept()
		if err == nil {
			defer peer.Close()
			time.Sleep(2 * time.Second) // reads nothing
		}
	}()
	raw, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	c := newPacketConn(raw)
	defer c.Close()
	require.NoError(t, c.SetWriteDeadline(time.Now().Add(100*time.Millisecond)))
	big := packet('b', strings.Repeat("x", 8<<20))
	var werr error
	for _, p := range big {
		if _, werr = c.Write(p); werr != nil {
			break
		}
	}
	var ne net.Error
	require.ErrorAs(t, werr, &ne)
	assert.True(t, ne.Timeout())
}
