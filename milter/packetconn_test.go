package milter

import (
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"testing"

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
