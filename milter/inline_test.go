package milter

import (
	"strings"
	"testing"
	"time"

	gomilter "github.com/d--j/go-milter"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/engine"
)

// slowEngine is the real engine after a pause longer than the tests'
// Timeout: what a message that is slow to classify looks like.
func slowEngine(origin string, msg []byte) ([]classify.Record, error) {
	time.Sleep(200 * time.Millisecond)
	return engine.Classify(origin, msg)
}

// bigDSN is postfixDSN with a returned message that makes it larger than
// limit.
func bigDSN(limit int) string {
	return strings.Replace(postfixDSN, "--B--\n", "--B\nContent-Type: text/plain\n\n"+
		strings.Repeat("filler line of text\n", limit/20+1)+"--B--\n", 1)
}

// A message up to InlineMax is classified in the connection's goroutine,
// without the timeout (its cost is bounded: the test engine, slower than
// Timeout, stands for the real one); a larger one is classified in a
// goroutine of its own and still fails open at Timeout. A negative
// InlineMax sends every message to its own goroutine.
func TestInlineThreshold(t *testing.T) {
	small := postfixDSN
	large := bigDSN(8 << 10)
	for _, tc := range []struct {
		name      string
		inlineMax int64
		raw       string
		stamped   bool
	}{
		{"small, inline", 4 << 10, small, true},
		{"large, own goroutine: fails open", 4 << 10, large, false},
		{"inline turned off: fails open", -1, small, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, c := testServer(t, Config{engine: slowEngine, engineInline: true,
				InlineMax: tc.inlineMax, Timeout: 50 * time.Millisecond})
			fields, body := splitMessage([]byte("X-Bounce-Kind: forged\n" + tc.raw))
			o := sendMessage(t, c, nil, "", "QINLINE", fields, body)
			require.NotNil(t, o.end)
			assert.Equal(t, gomilter.ActionAccept, o.end.Type)
			assert.Equal(t, []string{"X-Bounce-Kind#1"}, o.removed(), "the forged header is removed either way")
			timeouts := testutil.ToFloat64(f.metrics.FailOpen.WithLabelValues(string(FailTimeout)))
			if tc.stamped {
				assert.Equal(t, wantStamps(t, tc.raw), o.added())
				assert.Zero(t, timeouts)
			} else {
				assert.Empty(t, o.added(), "accepted unchanged")
				assert.Equal(t, 1.0, timeouts)
			}
		})
	}
}

// A test engine runs under Timeout even on a small message, unless the
// test says it stands for the real one: only the real engine's cost is
// known to be bounded.
func TestInlineOnlyTheRealEngine(t *testing.T) {
	f, c := testServer(t, Config{engine: slowEngine, Timeout: 50 * time.Millisecond})
	fields, body := splitMessage([]byte(postfixDSN))
	o := sendMessage(t, c, nil, "", "QSLOW", fields, body)
	require.NotNil(t, o.end)
	assert.Empty(t, o.added())
	assert.Equal(t, 1.0, testutil.ToFloat64(f.metrics.FailOpen.WithLabelValues(string(FailTimeout))))
}

// An inline classification takes a slot of MaxConcurrent like the others:
// with every slot held, it waits up to Timeout and fails open as overload.
func TestInlineWaitsForASlot(t *testing.T) {
	f, c := testServer(t, Config{MaxConcurrent: 1, Timeout: inlineMinTimeout})
	f.sem <- struct{}{} // the only slot, held
	defer func() { <-f.sem }()
	fields, body := splitMessage([]byte(postfixDSN))
	o := sendMessage(t, c, nil, "", "QBUSY", fields, body)
	require.NotNil(t, o.end)
	assert.Empty(t, o.added())
	assert.Equal(t, 1.0, testutil.ToFloat64(f.metrics.FailOpen.WithLabelValues(string(FailOverload))))
}

// Which messages are classified inline: the real engine's, up to
// InlineMax, under a Timeout long enough for its slowest case.
func TestConfigInline(t *testing.T) {
	cfgOf := func(max int64, timeout time.Duration) *Config {
		c, err := Config{InlineMax: max, Timeout: timeout}.normalize()
		require.NoError(t, err)
		return &c
	}
	test := cfgOf(0, 0)
	test.engine = slowEngine
	for _, tc := range []struct {
		name string
		cfg  *Config
		n    int
		want bool
	}{
		{"default, small", cfgOf(0, 0), 10 << 10, true},
		{"default, at the bound", cfgOf(0, 0), DefaultInlineMax, true},
		{"default, larger", cfgOf(0, 0), DefaultInlineMax + 1, false},
		{"raised bound", cfgOf(1<<20, 0), 1 << 20, true},
		{"turned off", cfgOf(-1, 0), 1, false},
		{"short timeout", cfgOf(0, inlineMinTimeout-1), 1, false},
		{"test engine", test, 1, false},
	} {
		assert.Equal(t, tc.want, tc.cfg.inline(tc.n), tc.name)
	}
}
