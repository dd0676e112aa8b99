package milter

import (
	"fmt"
	"runtime"
	"strings"
	"sync"

	gomilter "github.com/d--j/go-milter"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/event"
)

// go-milter's header changes (InsertHeader, AddHeader, ChangeHeader) pass
// every value through a chain of x/text transformers (CR LF to LF, NUL to
// space), which allocates some 4.5 KB per header, whatever its length: 13
// KB for the three headers of a one-recipient bounce, more than the rest
// of the milter's work. Our stamps need none of it (cleanValue leaves no
// CR and no NUL in a value), so the session writes its SMFIR_INSHEADER
// packets itself, to the connection it serves, where packetConn holds
// them until the final reply, as it holds go-milter's. The bytes on the
// wire are those InsertHeader would write.
//
// go-milter does not tell a session its connection. It serves each
// connection in one goroutine, which reads the packets (packetConn.Read)
// and calls the session's callbacks; so the guard's packetConn notes the
// goroutine that reads its negotiation, and the session, whose callbacks
// that goroutine calls, finds its connection there at its first bounce
// (connOfGoroutine, once per connection; a connection that never carries
// a bounce never looks). Where it cannot (another listener, a library
// that reads elsewhere), the stamps go through go-milter.

// readers maps the goroutine that read a connection's negotiation to the
// connection, until its session takes it or it closes.
var readers sync.Map // uint64 → *packetConn

// goroutineID returns the current goroutine's id, from the first line of
// its stack trace ("goroutine 123 [running]:"), or 0. Go gives no other
// way to it; it is read once per connection.
func goroutineID() uint64 {
	var buf [32]byte
	b := buf[:runtime.Stack(buf[:], false)]
	const prefix = "goroutine "
	if len(b) <= len(prefix) || string(b[:len(prefix)]) != prefix {
		return 0
	}
	var id uint64
	for _, c := range b[len(prefix):] {
		if c < '0' || c > '9' {
			return id
		}
		id = id*10 + uint64(c-'0')
	}
	return 0 // cut short: no id
}

// noteReader records that the current goroutine reads c.
func (c *packetConn) noteReader() {
	if id := goroutineID(); id != 0 {
		c.reader = id
		readers.Store(id, c)
	}
}

// forgetReader removes c from readers, unless its session took it.
func (c *packetConn) forgetReader() {
	if c.reader != 0 {
		readers.CompareAndDelete(c.reader, c)
	}
}

// connOfGoroutine returns the connection the current goroutine read the
// negotiation of, or nil.
func connOfGoroutine() *packetConn {
	id := goroutineID()
	if id == 0 {
		return nil
	}
	if c, ok := readers.LoadAndDelete(id); ok {
		return c.(*packetConn)
	}
	return nil
}

// stamp adds the stamps of recs at the end of the header, each value
// after lead.
func (s *session) stamp(m gomilter.Modifier, prefix string, recs []classify.Record, kind event.Kind, lead string) error {
	hs := stamps(prefix, recs, kind)
	if !s.connFound {
		s.conn, s.connFound = connOfGoroutine(), true
	}
	if s.conn == nil || m.Actions()&(gomilter.OptAddHeader|gomilter.OptChangeHeader) == 0 {
		for _, h := range hs {
			if err := m.InsertHeader(insertAtEnd, h.Name, lead+h.Value); err != nil {
				return fmt.Errorf("milter: insert %s: %w", h.Name, err)
			}
		}
		return nil
	}
	for _, h := range hs {
		s.scratch = appendInsertHeader(s.scratch[:0], insertAtEnd, h.Name, lead, h.Value)
		if len(s.scratch)-4 > maxModification {
			return fmt.Errorf("milter: insert %s: a packet of %d bytes", h.Name, len(s.scratch)-4)
		}
		if _, err := s.conn.Write(s.scratch); err != nil {
			return fmt.Errorf("milter: insert %s: %w", h.Name, err)
		}
	}
	return nil
}

// maxModification bounds a modification packet's length (command byte
// and data), as go-milter does.
const maxModification = 1 + 64<<10

// appendInsertHeader appends an SMFIR_INSHEADER packet to b: its length,
// 'i', the index (big-endian), the name, NUL, lead and the value with CR
// LF and lone CR turned into LF and NUL into a space (as go-milter's
// CrLfToLf does: Postfix wants LF line ends in header values), NUL.
func appendInsertHeader(b []byte, index uint32, name, lead, value string) []byte {
	start := len(b)
	b = append(b, 0, 0, 0, 0, 'i', byte(index>>24), byte(index>>16), byte(index>>8), byte(index))
	b = append(b, name...)
	b = append(b, 0)
	b = append(b, lead...)
	if !strings.ContainsAny(value, "\r\x00") {
		b = append(b, value...)
	} else {
		for i := 0; i < len(value); i++ {
			switch c := value[i]; c {
			case '\r':
				b = append(b, '\n')
				if i+1 < len(value) && value[i+1] == '\n' {
					i++
				}
			case 0:
				b = append(b, ' ')
			default:
				b = append(b, c)
			}
		}
	}
	b = append(b, 0)
	n := len(b) - start - 4
	b[start], b[start+1], b[start+2], b[start+3] = byte(n>>24), byte(n>>16), byte(n>>8), byte(n)
	return b
}
