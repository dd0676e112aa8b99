package milter

import (
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"testing"

	gomilter "github.com/d--j/go-milter"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
)

// floorMilter answers every event as the bounce milter does on its fastest
// path and does nothing else: it measures what the protocol and the test
// MTA cost by themselves.
type floorMilter struct {
	gomilter.NoOpMilter
	acceptAtEOH bool
	stamps      [][2]string // headers inserted at the end of the message
}

func (m *floorMilter) MailFrom(string, string, gomilter.Modifier) (*gomilter.Response, error) {
	return gomilter.RespContinue, nil
}

func (m *floorMilter) Header(string, string, gomilter.Modifier) (*gomilter.Response, error) {
	return gomilter.RespContinue, nil
}

func (m *floorMilter) Headers(gomilter.Modifier) (*gomilter.Response, error) {
	if m.acceptAtEOH {
		return gomilter.RespAccept, nil
	}
	return gomilter.RespContinue, nil
}

func (m *floorMilter) BodyChunk([]byte, gomilter.Modifier) (*gomilter.Response, error) {
	return gomilter.RespContinue, nil
}

func (m *floorMilter) EndOfMessage(mod gomilter.Modifier) (*gomilter.Response, error) {
	for _, h := range m.stamps {
		if err := mod.InsertHeader(insertAtEnd, h[0], h[1]); err != nil {
			return nil, err
		}
	}
	return gomilter.RespAccept, nil
}

// floorClient serves floorMilter like New serves the bounce milter, with
// the same protocol options and connection, and returns a client for it.
func floorClient(b *testing.B, acceptAtEOH bool, stamps ...[2]string) *gomilter.Client {
	srv := gomilter.NewServer(
		gomilter.WithMilter(func() gomilter.Milter { return &floorMilter{acceptAtEOH: acceptAtEOH, stamps: stamps} }),
		gomilter.WithProtocols(wantProtocol),
		gomilter.WithActions(wantActions),
		gomilter.WithNegotiationCallback(negotiate),
		gomilter.WithMacroRequest(gomilter.StageEOH, []gomilter.MacroName{gomilter.MacroQueueId}),
		gomilter.WithMacroRequest(gomilter.StageEOM, []gomilter.MacroName{gomilter.MacroQueueId}),
	)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(b, err)
	m, err := newMetrics(prometheus.NewRegistry())
	require.NoError(b, err)
	g := newGuard(DefaultMaxConnections, DefaultIdleTimeout, m, func() *slog.Logger { return discardLogger })
	go func() { _ = srv.Serve(newGuardListener(ln, g)) }()
	b.Cleanup(func() { _ = srv.Close() })
	return testClient(ln.Addr().String())
}

// BenchmarkFloorNonBounce: BenchmarkNonBounce's message against a milter
// that does nothing. The difference between the two is the bounce
// milter's own work.
func BenchmarkFloorNonBounce(b *testing.B) {
	benchSerial(b, floorClient(b, true), "alice@example.org", []byte(ordinary), nil)
}

// BenchmarkFloorBounce: BenchmarkBounce's message against a milter that
// does nothing.
func BenchmarkFloorBounce(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join(corpusDir, "bsd", "lhost-postfix-01.eml"))
	require.NoError(b, err)
	benchSerial(b, floorClient(b, false), "", raw, nil)
}

// BenchmarkFloorStampedBounce: BenchmarkBounce's message against a milter
// that does nothing but insert the headers the bounce milter stamps on it
// (taken from one run of the bounce milter): what the protocol and
// go-milter's header insertion cost by themselves. The difference between
// BenchmarkBounce and this is the reading and classifying.
func BenchmarkFloorStampedBounce(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join(corpusDir, "bsd", "lhost-postfix-01.eml"))
	require.NoError(b, err)
	fields, body := splitMessage(raw)
	_, c := testServer(b, Config{})
	stamps := sendMessage(b, c, nil, "", "QSTAMP", fields, body).added()
	require.NotEmpty(b, stamps, "the bounce milter stamps the bounce")
	benchSerial(b, floorClient(b, false, stamps...), "", raw, func(o outcome) {
		require.Equal(b, stamps, o.added(), "the floor stamps what the bounce milter stamps")
	})
}

// BenchmarkFloorBounceParallel: BenchmarkBounceParallel against a milter
// that does nothing.
func BenchmarkFloorBounceParallel(b *testing.B) {
	msgs, err := postfixBounces()
	require.NoError(b, err)
	benchParallel(b, floorClient(b, false), msgs)
}
