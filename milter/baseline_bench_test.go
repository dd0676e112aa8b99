package milter

import (
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	gomilter "github.com/d--j/go-milter"
	"github.com/stretchr/testify/require"
)

// floorMilter answers every event as the bounce milter does on its fastest
// path and does nothing else: it measures what the protocol and the test
// MTA cost by themselves.
type floorMilter struct {
	gomilter.NoOpMilter
	acceptAtEOH bool
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

func (m *floorMilter) EndOfMessage(gomilter.Modifier) (*gomilter.Response, error) {
	return gomilter.RespAccept, nil
}

// floorClient serves floorMilter like New serves the bounce milter, with
// the same protocol options and connection, and returns a client for it.
func floorClient(b *testing.B, acceptAtEOH bool) *gomilter.Client {
	srv := gomilter.NewServer(
		gomilter.WithMilter(func() gomilter.Milter { return &floorMilter{acceptAtEOH: acceptAtEOH} }),
		gomilter.WithProtocols(wantProtocol),
		gomilter.WithActions(wantActions),
		gomilter.WithNegotiationCallback(negotiate),
		gomilter.WithMacroRequest(gomilter.StageEOH, []gomilter.MacroName{gomilter.MacroQueueId}),
		gomilter.WithMacroRequest(gomilter.StageEOM, []gomilter.MacroName{gomilter.MacroQueueId}),
	)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(b, err)
	go func() { _ = srv.Serve(packetListener{ln}) }()
	b.Cleanup(func() { _ = srv.Close() })
	return testClient(ln.Addr().String())
}

// benchFloor is benchMessages against floorMilter.
func benchFloor(b *testing.B, mailFrom string, raw []byte, acceptAtEOH bool) {
	c := floorClient(b, acceptAtEOH)
	fields, body := splitMessage(raw)
	o := sendMessage(b, c, nil, mailFrom, "QFLOOR", fields, body)
	s := o.sess
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		o = sendMessage(b, c, s, mailFrom, "QFLOOR", fields, body)
		lat = append(lat, time.Since(t0))
	}
	elapsed := time.Since(start)
	b.StopTimer()
	report(b, lat, elapsed)
}

// BenchmarkFloorNonBounce: BenchmarkNonBounce's message against a milter
// that does nothing. The difference between the two is the bounce
// milter's own work.
func BenchmarkFloorNonBounce(b *testing.B) {
	benchFloor(b, "alice@example.org", []byte(ordinary), true)
}

// BenchmarkFloorBounce: BenchmarkBounce's message against a milter that
// does nothing.
func BenchmarkFloorBounce(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join(corpusDir, "bsd", "lhost-postfix-01.eml"))
	require.NoError(b, err)
	benchFloor(b, "", raw, false)
}

func BenchmarkFloorBounceParallel(b *testing.B) {
	files, err := filepath.Glob(filepath.Join(corpusDir, "bsd", "lhost-postfix-*.eml"))
	require.NoError(b, err)
	type msg struct {
		fields [][2]string
		body   []byte
	}
	var msgs []msg
	for _, f := range files {
		raw, err := os.ReadFile(f)
		require.NoError(b, err)
		fields, body := splitMessage(raw)
		msgs = append(msgs, msg{fields, body})
	}
	c := floorClient(b, false)
	var mu sync.Mutex
	var lat []time.Duration
	b.SetParallelism(2)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var s *gomilter.ClientSession
		local := make([]time.Duration, 0, 1024)
		i := 0
		for pb.Next() {
			m := msgs[i%len(msgs)]
			i++
			t0 := time.Now()
			o := sendMessage(b, c, s, "", "QPAR", m.fields, m.body)
			local = append(local, time.Since(t0))
			s = o.sess
		}
		mu.Lock()
		lat = append(lat, local...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	report(b, lat, elapsed)
}
