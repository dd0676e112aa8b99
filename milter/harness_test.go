package milter

import (
	"bytes"
	"net"
	"strconv"
	"strings"
	"testing"

	gomilter "github.com/d--j/go-milter"
	"github.com/stretchr/testify/require"
)

// testServer starts a Filter with cfg on a loopback port and returns it
// and a go-milter client that speaks to it as an MTA would.
func testServer(t testing.TB, cfg Config) (*Filter, *gomilter.Client) {
	t.Helper()
	f, addr := startTestServer(t, cfg)
	return f, testClient(addr)
}

// startTestServer starts a Filter with cfg on a loopback port and returns
// it and its address; it is closed when the test ends.
func startTestServer(t testing.TB, cfg Config) (*Filter, string) {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = discardLogger
	}
	f, err := New(cfg)
	require.NoError(t, err)
	ln, err := Listen("inet:127.0.0.1:0", ListenOptions{})
	require.NoError(t, err)
	go func() { _ = f.Serve(ln) }()
	t.Cleanup(func() { _ = f.Close() })
	return f, ln.Addr().String()
}

// testClient returns a go-milter client for the milter at addr.
func testClient(addr string) *gomilter.Client {
	return gomilter.NewClient("tcp", addr,
		gomilter.WithActions(gomilter.AllClientSupportedActionMasks),
		gomilter.WithDialer(packetDialer{}))
}

// packetDialer gives the test MTA what Postfix and Sendmail have: a
// buffered stream that writes each packet in one system call.
type packetDialer struct{}

func (packetDialer) Dial(network, address string) (net.Conn, error) {
	c, err := net.Dial(network, address)
	if err != nil {
		return nil, err
	}
	return newPacketConn(c), nil
}

// outcome is what the MTA got for one message.
type outcome struct {
	eoh  gomilter.ActionType     // the answer at the end of the header
	end  *gomilter.Action        // the answer at the end of the message, nil if accepted earlier
	mods []gomilter.ModifyAction // header changes
	skip bool                    // the milter asked to skip the body
	sess *gomilter.ClientSession // for the next message
}

// splitMessage returns a stored message's header fields and its body with
// CRLF line ends, as an MTA passes them.
func splitMessage(raw []byte) ([][2]string, []byte) {
	raw = bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n"))
	head, body, _ := bytes.Cut(raw, []byte("\n\n"))
	var fields [][2]string
	for _, line := range strings.Split(string(head), "\n") {
		if line == "" {
			continue
		}
		if (line[0] == ' ' || line[0] == '\t') && len(fields) > 0 {
			fields[len(fields)-1][1] += "\n" + line
			continue
		}
		if name, value, ok := strings.Cut(line, ":"); ok {
			fields = append(fields, [2]string{strings.TrimSpace(name), value})
		}
	}
	return fields, bytes.ReplaceAll(body, []byte("\n"), []byte("\r\n"))
}

// sendMessage passes one message through s (new if nil) as an MTA does and
// returns the outcome; the session is left ready for the next message.
func sendMessage(t testing.TB, c *gomilter.Client, s *gomilter.ClientSession, mailFrom, queueID string, fields [][2]string, body []byte) outcome {
	t.Helper()
	return sendMessageTo(t, c, s, mailFrom, []string{"user@example.org"}, queueID, fields, body)
}

// sendMessageTo is sendMessage with the envelope recipients rcpts.
func sendMessageTo(t testing.TB, c *gomilter.Client, s *gomilter.ClientSession, mailFrom string, rcpts []string, queueID string, fields [][2]string, body []byte) outcome {
	t.Helper()
	var err error
	if s == nil {
		macros := gomilter.NewMacroBag()
		macros.Set(gomilter.MacroQueueId, queueID)
		s, err = c.Session(macros)
		require.NoError(t, err)
		_, err = s.Conn("localhost", gomilter.FamilyInet, 25, "127.0.0.1")
		require.NoError(t, err)
		_, err = s.Helo("remote.test")
		require.NoError(t, err)
	}
	o := outcome{sess: s}
	_, err = s.Mail(mailFrom, "")
	require.NoError(t, err)
	for _, r := range rcpts {
		_, err = s.Rcpt(r, "")
		require.NoError(t, err)
	}
	_, err = s.DataStart()
	require.NoError(t, err)
	for _, f := range fields {
		_, err = s.HeaderField(f[0], f[1], nil)
		require.NoError(t, err)
	}
	act, err := s.HeaderEnd()
	require.NoError(t, err)
	o.eoh = act.Type
	if act.Type != gomilter.ActionContinue {
		require.NoError(t, s.Abort(nil))
		return o
	}
	for len(body) > 0 {
		n := min(len(body), 65535)
		act, err := s.BodyChunk(body[:n])
		require.NoError(t, err)
		body = body[n:]
		if s.Skip() {
			o.skip = true
			break
		}
		if act.Type != gomilter.ActionContinue {
			o.end = act
			require.NoError(t, s.Abort(nil))
			return o
		}
	}
	o.mods, o.end, err = s.End()
	require.NoError(t, err)
	return o
}

// added returns the headers the milter inserted or added, in order.
func (o outcome) added() [][2]string {
	var out [][2]string
	for _, m := range o.mods {
		if m.Type == gomilter.ActionInsertHeader || m.Type == gomilter.ActionAddHeader {
			out = append(out, [2]string{m.HeaderName, strings.TrimPrefix(m.HeaderValue, " ")})
		}
	}
	return out
}

// removed returns the headers the milter deleted, as "Name#index".
func (o outcome) removed() []string {
	var out []string
	for _, m := range o.mods {
		if m.Type == gomilter.ActionChangeHeader && m.HeaderValue == "" {
			out = append(out, m.HeaderName+"#"+strconv.Itoa(int(m.HeaderIndex)))
		}
	}
	return out
}
