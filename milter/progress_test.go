package milter

import (
	"context"
	"encoding/binary"
	"net"
	"sync"
	"testing"
	"time"

	gomilter "github.com/d--j/go-milter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// smfirProgress is the reply code of SMFIR_PROGRESS in the milter
// protocol: the milter asks the MTA to keep waiting.
const smfirProgress = 'p'

// replyLog records the codes of the milter's replies as the MTA reads
// them off the connection: go-milter's client takes progress packets in
// and does not report them.
type replyLog struct {
	mu    sync.Mutex
	codes []byte
	head  []byte // the current packet's length and code, as far as read
	left  int    // bytes of the current packet's data still to skip
}

func (l *replyLog) feed(p []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for len(p) > 0 {
		if l.left > 0 {
			n := min(l.left, len(p))
			l.left -= n
			p = p[n:]
			continue
		}
		n := min(5-len(l.head), len(p))
		l.head = append(l.head, p[:n]...)
		p = p[n:]
		if len(l.head) == 5 {
			l.codes = append(l.codes, l.head[4])
			l.left = int(binary.BigEndian.Uint32(l.head[:4])) - 1
			l.head = l.head[:0]
		}
	}
}

// count returns how many replies of code the MTA has read.
func (l *replyLog) count(code byte) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, c := range l.codes {
		if c == code {
			n++
		}
	}
	return n
}

// loggedConn is a connection whose reads feed a replyLog.
type loggedConn struct {
	net.Conn
	log *replyLog
}

func (c loggedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.log.feed(p[:n])
	return n, err
}

// loggingDialer is packetDialer with the milter's replies logged.
type loggingDialer struct{ log *replyLog }

func (d loggingDialer) Dial(network, address string) (net.Conn, error) {
	c, err := packetDialer{}.Dial(network, address)
	if err != nil {
		return nil, err
	}
	return loggedConn{Conn: c, log: d.log}, nil
}

// The MTA hears SMFIR_PROGRESS while the end of a message may take long
// (a classification in a goroutine of its own, the OnBounce hook), and
// not while an inline classification runs: it takes a bounded time far
// below the interval.
func TestProgressWhileWorkTakesLong(t *testing.T) {
	slowHook := func(context.Context, Bounce) error {
		time.Sleep(200 * time.Millisecond)
		return nil
	}
	for _, tc := range []struct {
		name     string
		cfg      Config
		progress bool
	}{
		{"classified in a goroutine of its own", Config{engine: slowEngine, Timeout: time.Second}, true},
		{"a slow OnBounce hook", Config{OnBounce: slowHook, Timeout: time.Second}, true},
		{"classified inline", Config{Timeout: time.Second}, false},
		{"timeout shorter than the interval", Config{engine: slowEngine, Timeout: 900 * time.Millisecond, progressEvery: time.Second}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.cfg.progressEvery == 0 {
				tc.cfg.progressEvery = 40 * time.Millisecond
			}
			_, addr := startTestServer(t, tc.cfg)
			log := &replyLog{}
			c := gomilter.NewClient("tcp", addr,
				gomilter.WithActions(gomilter.AllClientSupportedActionMasks),
				gomilter.WithDialer(loggingDialer{log}))
			fields, body := splitMessage([]byte(postfixDSN))
			o := sendMessage(t, c, nil, "", "QPROGRESS", fields, body)
			require.NotNil(t, o.end)
			assert.Equal(t, gomilter.ActionAccept, o.end.Type)
			assert.Equal(t, wantStamps(t, postfixDSN), o.added(), "stamped after the wait")
			if tc.progress {
				// 200 ms of work at one packet per 40 ms: about five;
				// at least two on a loaded machine.
				assert.GreaterOrEqual(t, log.count(smfirProgress), 2)
			} else {
				assert.Zero(t, log.count(smfirProgress))
			}
		})
	}
}
