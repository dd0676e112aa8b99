package lhost

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// markExempt are the decoders that declare no marks: their reports are
// never bounces (they tell automatic mail that is not a bounce from one),
// so the pre-filter need not let their messages through.
var markExempt = map[dsn.DecoderName]bool{NotBounce: true}

// TestRegistryDeclaresMarks checks that every decoder of the registry
// declares its marks, so that the milter's pre-filter learns them.
func TestRegistryDeclaresMarks(t *testing.T) {
	for _, d := range Registry() {
		mk, ok := d.(dsn.Marker)
		if !assert.True(t, ok, "%s declares no marks (dsn.Marker)", d.Name()) {
			continue
		}
		if markExempt[d.Name()] {
			assert.Empty(t, mk.Marks(), "%s is exempt and declares marks", d.Name())
			continue
		}
		assert.NotEmpty(t, mk.Marks(), "%s has no marks", d.Name())
		for _, m := range mk.Marks() {
			assert.NotEmpty(t, m.Field, "%s: a mark without a field", d.Name())
			if m.Test == dsn.MarkContains {
				assert.NotEmpty(t, m.Value, "%s: %s contains nothing", d.Name(), m.Field)
			}
		}
	}
}

// markSamples returns every message the tests hold: the corpus (with its
// CR and CRLF copies), and the synthetic samples of the decoders' tests.
func markSamples(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, dir := range []string{"bsd", "mac", "dos", "not"} {
		files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "corpus", dir, "*.eml"))
		require.NoError(t, err)
		for _, f := range files {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			out[dir+"/"+filepath.Base(f)] = b
		}
	}
	require.NotEmpty(t, out, "the corpus is missing")
	for _, s := range providerSamples {
		out["provider/"+s.name] = []byte(s.msg)
	}
	for _, s := range genericSamples {
		out["generic/"+s.name] = []byte(s.msg)
	}
	for _, s := range legacySamples {
		out["legacy/"+s.name] = []byte(s.msg)
	}
	for _, s := range microsoftSamples {
		out["microsoft/"+s.name] = []byte(s.msg)
	}
	// The samples the decoders' tests keep as files (testdata/<format>/).
	files, err := filepath.Glob(filepath.Join("testdata", "*", "*.eml"))
	require.NoError(t, err)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		out[filepath.Base(filepath.Dir(f))+"/"+filepath.Base(f)] = b
	}
	return out
}

// TestMarksCoverDecodes checks what the milter's pre-filter needs: every
// sample the registry reads as a bounce has a mark of some decoder.
func TestMarksCoverDecodes(t *testing.T) {
	var all []dsn.Mark
	for _, d := range Registry() {
		if mk, ok := d.(dsn.Marker); ok {
			all = append(all, mk.Marks()...)
		}
	}
	for name, raw := range markSamples(t) {
		r, err := dsn.ParseBytes(raw, Registry())
		if err != nil || !r.IsBounce() {
			continue
		}
		m, err := dsn.ReadMessage(raw)
		require.NoError(t, err)
		assert.True(t, m.HasAnyMark(all), "%s read %s and no decoder's mark is there", r.Decoder, name)
	}
}

// TestDecoderMarksHold checks each decoder's marks against every sample:
// whenever a decoder reads a message, the message has one of its own
// marks, so that the marks are its header test as data. A standard
// report found nested in another message (a list server's forward, whose
// delivery-status part the reader recovers) shows nothing of it in the
// header; the forward's own decoder marks it.
func TestDecoderMarksHold(t *testing.T) {
	for name, raw := range markSamples(t) {
		m, err := dsn.ReadMessage(raw)
		if err != nil {
			continue
		}
		for _, d := range Registry() {
			mk, ok := d.(dsn.Marker)
			if !ok || markExempt[d.Name()] || !d.Match(m) {
				continue
			}
			r := d.Decode(m)
			if r == nil || !r.IsBounce() {
				continue
			}
			if nested(d, m) {
				continue
			}
			assert.True(t, m.HasAnyMark(mk.Marks()), "%s reads %s without any of its marks", d.Name(), name)
		}
	}
}

// nested reports whether d is a standard decoder reading a report that
// is not m's own top-level report.
func nested(d dsn.Decoder, m *dsn.Message) bool {
	switch d.Name() {
	case dsn.RFC3464, dsn.ARF, dsn.RFC8098:
		return m.MediaType() != "multipart/report"
	}
	return false
}
