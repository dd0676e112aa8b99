package milter

import (
	"io"
	"net"
	"sync"
	"testing"
	"time"

	gomilter "github.com/d--j/go-milter"
)

// fuzzServer is one milter served for the whole fuzz run: a packet that
// crashed go-milter's connection goroutine would crash the process, and
// the fuzzer would report it.
var fuzzServer struct {
	once sync.Once
	addr string
	n    int
}

func fuzzAddr(t *testing.T) string {
	fuzzServer.once.Do(func() {
		// go-milter warns through the log package, on standard error,
		// which a fuzzing worker does not drain: a full pipe would stop it.
		gomilter.LogWarning = func(string, ...any) {}
		f, err := New(Config{Logger: discardLogger, IdleTimeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go func() { _ = f.Serve(ln) }()
		fuzzServer.addr = ln.Addr().String()
	})
	return fuzzServer.addr
}

// conversation is a whole message as an MTA sends it after negotiating.
func conversation() []byte {
	var b []byte
	b = append(b, pkt('D', "Mi\x00QFUZZ\x00")...)
	b = append(b, pkt('M', "<>\x00")...)
	b = append(b, pkt('R', "<alice@example.org>\x00")...)
	fields, body := splitMessage([]byte("X-Bounce-Kind: forged\n" + postfixDSN))
	for _, fl := range fields {
		b = append(b, pkt('L', fl[0]+"\x00"+fl[1]+"\x00")...)
	}
	b = append(b, pkt('N', "")...)
	b = append(b, pkt('B', string(body))...)
	b = append(b, pkt('E', "")...)
	return append(b, pkt('Q', "")...)
}

// FuzzProtocol writes arbitrary bytes into a served milter connection,
// after a negotiation or instead of one. The milter may answer or close
// the connection; it must neither crash nor stop serving.
func FuzzProtocol(f *testing.F) {
	f.Add(true, conversation())
	f.Add(false, append(append([]byte{}, optneg...), conversation()...))
	f.Add(true, []byte{0, 0, 0, 0})
	f.Add(false, []byte{0, 0, 0, 0})
	f.Add(true, []byte{0x17, 0xd7, 0x84, 0x00, 'B'})
	f.Add(true, pkt('M', "<mallory@example.org>"))
	f.Add(true, pkt('R', "<bob@example.org>"))
	f.Add(true, pkt('C', "mx.example.org"))
	f.Add(true, pkt('C', "mx.example.org\x004\x00"))
	f.Add(true, pkt('C', "mx.example.org\x004\x00\x19127.0.0.1\x00"))
	f.Add(true, pkt('L', "Subject"))
	f.Add(true, append(pkt('E', ""), pkt('B', "x")...))
	f.Add(true, append(pkt('N', ""), append(pkt('L', "A\x00b\x00"), pkt('A', "")...)...))
	f.Add(true, optneg)
	f.Fuzz(func(t *testing.T, negotiate bool, data []byte) {
		addr := fuzzAddr(t)
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatalf("the milter does not accept: %v", err)
		}
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(5 * time.Second))
		if negotiate {
			if _, err := c.Write(optneg); err != nil {
				t.Fatal(err)
			}
			var head [4]byte
			if _, err := io.ReadFull(c, head[:]); err != nil {
				t.Fatalf("negotiation: %v", err)
			}
			n := int(head[0])<<24 | int(head[1])<<16 | int(head[2])<<8 | int(head[3])
			if _, err := io.ReadFull(c, make([]byte, n)); err != nil {
				t.Fatalf("negotiation: %v", err)
			}
		}
		_, _ = c.Write(data) // the milter may have closed already
		_ = c.(*net.TCPConn).CloseWrite()
		_, _ = io.Copy(io.Discard, c) // until the milter closes its side
		fuzzServer.n++
		if fuzzServer.n%100 == 0 {
			served(t, addr)
		}
	})
}
