package milter

import (
	"context"
	"sync"
	"testing"

	gomilter "github.com/d--j/go-milter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/engine"
)

// recordingEngine is the real engine, noting the length of every message
// it is given.
type recordingEngine struct {
	mu   sync.Mutex
	lens []int
}

func (e *recordingEngine) classify(origin string, msg []byte) ([]classify.Record, error) {
	e.mu.Lock()
	e.lens = append(e.lens, len(msg))
	e.mu.Unlock()
	return engine.Classify(origin, msg)
}

func (e *recordingEngine) seen() []int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]int(nil), e.lens...)
}

// A body in one short chunk is classified once, as it arrives; the end of
// the message uses that result, with the queue id in every record.
func TestSpeculationOneChunk(t *testing.T) {
	eng := &recordingEngine{}
	var got []classify.Record
	_, c := testServer(t, Config{engine: eng.classify, OnBounce: func(_ context.Context, b Bounce) error {
		got = b.Records
		return nil
	}})
	fields, body := splitMessage([]byte(postfixDSN))
	o := sendMessage(t, c, nil, "", "QSPEC1", fields, body)
	require.NotNil(t, o.end)
	assert.Equal(t, wantStamps(t, postfixDSN), o.added())
	assert.Len(t, eng.seen(), 1, "classified once")
	require.NotEmpty(t, got)
	for _, r := range got {
		assert.Equal(t, "QSPEC1", r.Origin)
	}
}

// A short chunk followed by another makes the classification started
// after it stale: the end of the message classifies the whole message.
func TestSpeculationStale(t *testing.T) {
	eng := &recordingEngine{}
	_, c := testServer(t, Config{engine: eng.classify})
	fields, body := splitMessage([]byte(postfixDSN))
	s := sessionAtBody(t, c, "QSPEC2", fields)
	defer s.Close()
	var err error
	for _, part := range [][]byte{body[:100], body[100:]} {
		_, err = s.BodyChunk(part)
		require.NoError(t, err)
	}
	mods, end, err := s.End()
	require.NoError(t, err)
	require.Equal(t, gomilter.ActionAccept, end.Type)
	o := outcome{mods: mods, end: end}
	assert.Equal(t, wantStamps(t, postfixDSN), o.added(), "the stamps of the whole message")
	lens := eng.seen()
	require.NotEmpty(t, lens)
	full := lens[len(lens)-1]
	for _, n := range lens[:len(lens)-1] {
		assert.Less(t, n, full, "only a classification of the whole message decides")
	}
}

// A body sent in many short chunks is classified at most twice: once
// ahead, after the first short chunk, and once whole at the end; never
// again at every chunk (which would cost the square of the body's size).
func TestSpeculationOncePerMessage(t *testing.T) {
	eng := &recordingEngine{}
	_, c := testServer(t, Config{engine: eng.classify})
	fields, body := splitMessage([]byte(postfixDSN))
	s := sessionAtBody(t, c, "QSPEC3", fields)
	defer s.Close()
	var err error
	chunks := 0
	for rest := body; len(rest) > 0; chunks++ {
		n := min(len(rest), 16)
		_, err = s.BodyChunk(rest[:n])
		require.NoError(t, err)
		rest = rest[n:]
	}
	require.Greater(t, chunks, 10)
	mods, end, err := s.End()
	require.NoError(t, err)
	require.Equal(t, gomilter.ActionAccept, end.Type)
	assert.Equal(t, wantStamps(t, postfixDSN), outcome{mods: mods, end: end}.added())
	assert.LessOrEqual(t, len(eng.seen()), 2, "classified ahead at most once, then whole")
}

// sessionAtBody opens a session for a bounce (empty MAIL FROM) with queue
// id qid, sends the header fields and the end of the header, and returns
// it ready for the body.
func sessionAtBody(t *testing.T, c *gomilter.Client, qid string, fields [][2]string) *gomilter.ClientSession {
	t.Helper()
	macros := gomilter.NewMacroBag()
	macros.Set(gomilter.MacroQueueId, qid)
	s, err := c.Session(macros)
	require.NoError(t, err)
	_, err = s.Conn("localhost", gomilter.FamilyInet, 25, "127.0.0.1")
	require.NoError(t, err)
	_, err = s.Helo("remote.test")
	require.NoError(t, err)
	_, err = s.Mail("", "")
	require.NoError(t, err)
	_, err = s.Rcpt("user@example.org", "")
	require.NoError(t, err)
	_, err = s.DataStart()
	require.NoError(t, err)
	for _, f := range fields {
		_, err = s.HeaderField(f[0], f[1], nil)
		require.NoError(t, err)
	}
	_, err = s.HeaderEnd()
	require.NoError(t, err)
	return s
}
