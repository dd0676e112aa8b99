package lhost

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// nonBounces are ordinary messages: a short note, a newsletter-like
// message with a Received trail and several parts, and the corpus's two
// non-bounces.
func nonBounces(b *testing.B) [][]byte {
	msgs := [][]byte{
		[]byte("From: Alice <alice@example.org>\nTo: bob@example.com\nSubject: lunch\nMessage-Id: <lunch@example.org>\n\nShall we?\n"),
		[]byte("Received: from mx.example.org by mail.example.com\nReceived: from client by mx.example.org\n" +
			"From: News <news@example.org>\nTo: bob@example.com\nSubject: November news: delivery of the new catalogue\n" +
			"MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=B\nList-Id: <news.example.org>\n\n" +
			"--B\nContent-Type: text/plain\n\nThe catalogue's delivery to you@example.com is on its way.\n" +
			"--B\nContent-Type: text/html\n\n<p>The catalogue's delivery is on its way.</p>\n--B--\n"),
	}
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "corpus", "not", "*.eml"))
	require.NoError(b, err)
	for _, f := range files {
		raw, err := os.ReadFile(f)
		require.NoError(b, err)
		msgs = append(msgs, raw)
	}
	return msgs
}

// BenchmarkParseNonBounce reads an ordinary message and runs the whole
// registry over it: every decoder's Match, and the Decode of those whose
// marks it happens to have. The registry's own cost is this benchmark's
// time less BenchmarkReadNonBounce's (a message read once cannot be
// decoded again at no cost: its header's answers are remembered).
func BenchmarkParseNonBounce(b *testing.B) {
	msgs := nonBounces(b)
	for _, raw := range msgs {
		r, err := dsn.ParseBytes(raw, Registry())
		require.NoError(b, err)
		require.Equal(b, dsn.NotBounce, r.Kind)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := dsn.ParseBytes(msgs[i%len(msgs)], Registry()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRegistryNonBounce is the registry's cost alone: each message is
// read afresh with the timer stopped, then decoded.
func BenchmarkRegistryNonBounce(b *testing.B) {
	msgs := nonBounces(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		m, err := dsn.ReadMessage(msgs[i%len(msgs)])
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		dsn.Decode(m, Registry())
	}
}

// BenchmarkReadNonBounce is the cost of reading an ordinary message for
// the decoders (dsn.ReadMessage), without decoding it.
func BenchmarkReadNonBounce(b *testing.B) {
	msgs := nonBounces(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := dsn.ReadMessage(msgs[i%len(msgs)]); err != nil {
			b.Fatal(err)
		}
	}
}
