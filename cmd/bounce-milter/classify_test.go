package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runClassifyOut(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"classify"}, args...), strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

// An mbox's messages are reported as PATH:1, PATH:2, even when a "From "
// line follows the previous message without a blank line.
func TestClassifyMboxOrigins(t *testing.T) {
	out, stderr, code := runClassifyOut(t, "--format", "json", "../../testdata/corpus/bsd/rhost-cox-01.eml")
	require.Equal(t, 0, code, stderr)
	var origins []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var rec struct{ Origin, Reason string }
		require.NoError(t, json.Unmarshal([]byte(line), &rec))
		origins = append(origins, rec.Origin)
	}
	assert.Equal(t, []string{"../../testdata/corpus/bsd/rhost-cox-01.eml:1", "../../testdata/corpus/bsd/rhost-cox-01.eml:2"}, origins)
}

// An mbox whose lines end in CR alone (classic Mac OS) is split like any
// other once read whole.
func TestClassifyCROnlyMbox(t *testing.T) {
	b, err := os.ReadFile("../../testdata/corpus/bsd/rhost-cox-01.eml")
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "mac.mbox")
	require.NoError(t, os.WriteFile(path, bytes.ReplaceAll(b, []byte("\n"), []byte("\r")), 0o644))
	out, stderr, code := runClassifyOut(t, "--format", "json", path)
	require.Equal(t, 0, code, stderr)
	var origins []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var rec struct{ Origin string }
		require.NoError(t, json.Unmarshal([]byte(line), &rec))
		origins = append(origins, rec.Origin)
	}
	assert.Equal(t, []string{path + ":1", path + ":2"}, origins)
}

// --explain prints each recipient's candidates, the deciding one, the
// sources and the verdict.
func TestClassifyExplain(t *testing.T) {
	out, stderr, code := runClassifyOut(t, "--explain", "../../testdata/corpus/bsd/lhost-postfix-03.eml")
	require.Equal(t, 0, code, stderr)
	for _, want := range []string{
		"lhost-postfix-03.eml: kijitora@example.net",
		"facts: action failed",
		"text     userunknown     decided as filtered text/userunknown/unknown user",
		"matched \"Unknown user\"",
		"source ",
		"command  -               no reason     reply/550",
		"verdict: filtered (text/userunknown/unknown user@not-RCPT, stage text)",
	} {
		assert.Contains(t, out, want)
	}
}

// The output is the same, byte for byte and in input order, whether the
// reader classifies the batches itself, hands every batch to the workers,
// or goes parallel part way through; an input that cannot be read is
// reported in its place.
func TestClassifySerialParallel(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	paths := []string{"../../testdata/corpus/bsd", "missing.eml", "../../testdata/corpus/bsd/rhost-cox-01.eml"}
	classifyWith := func(after int) (string, string) {
		var out, errb bytes.Buffer
		newWriter := func(w io.Writer) recordWriter {
			enc := json.NewEncoder(w)
			enc.SetEscapeHTML(false)
			return &jsonWriter{enc: enc}
		}
		c := newClassifier(newWriter, &out, &errb, nil, false)
		c.parallelAfter = after
		for _, p := range paths {
			c.path(p)
		}
		c.close()
		assert.True(t, c.failed)
		return out.String(), errb.String()
	}
	serialOut, serialErr := classifyWith(1 << 30)
	require.Greater(t, strings.Count(serialOut, "\n"), 400)
	assert.Contains(t, serialErr, "missing.eml")
	for _, after := range []int{0, 100} {
		out, errs := classifyWith(after)
		assert.Equal(t, serialOut, out, "parallel after %d messages", after)
		assert.Equal(t, serialErr, errs, "parallel after %d messages", after)
	}
}

// classify starts with a tight garbage collector target and returns to
// the one it found once parallelAfter messages are read, and on return:
// the target is the process's, and classify may run inside another
// program's (this test's).
func TestClassifyGCTarget(t *testing.T) {
	gcPercent := func() int {
		p := debug.SetGCPercent(100)
		debug.SetGCPercent(p)
		return p
	}
	for _, tc := range []struct {
		name    string
		after   int
		relaxed bool
	}{
		{"relaxed part way", 100, true},
		{"never relaxed on a small input", 1 << 30, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClassifier(func(w io.Writer) recordWriter { return &tsvWriter{w: w} }, io.Discard, io.Discard, nil, false)
			c.parallelAfter = tc.after
			calls, readAt := 0, 0
			c.relaxGC = func() { calls, readAt = calls+1, c.read }
			c.path("../../testdata/corpus/bsd")
			c.close()
			require.Greater(t, c.read, 400)
			if tc.relaxed {
				assert.Equal(t, 1, calls)
				assert.GreaterOrEqual(t, readAt, tc.after)
			} else {
				assert.Zero(t, calls)
			}
		})
	}
	before := gcPercent()
	t.Setenv("GOGC", "") // unset below: the tight target applies only without it
	require.NoError(t, os.Unsetenv("GOGC"))
	_, _, code := runClassifyOut(t, "../../testdata/corpus/bsd/rhost-cox-01.eml")
	assert.Equal(t, exitOK, code)
	assert.Equal(t, before, gcPercent(), "the target is restored on return")
}
