package lhost

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// readSample returns testdata/<format>/<file>, a sample a decoder's test
// keeps as a file.
func readSample(t *testing.T, format, file string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", format, file))
	require.NoError(t, err)
	return raw
}

// parseSample reads testdata/<format>/<file> with the registry and checks
// that the decoder named by reads it as a delivery report of n recipients.
func parseSample(t *testing.T, format, file string, by dsn.DecoderName, n int) *dsn.Report {
	t.Helper()
	r, err := dsn.ParseBytes(readSample(t, format, file), Registry())
	require.NoError(t, err)
	require.Equal(t, dsn.DeliveryReport, r.Kind)
	assert.Equal(t, string(by), r.Decoder)
	require.Len(t, r.Recipients, n)
	return r
}

// assertNearMiss checks that d does not read testdata/<format>/<file> and
// that the registry reads no bounce in it.
func assertNearMiss(t *testing.T, d dsn.Decoder, format, file string) {
	t.Helper()
	raw := readSample(t, format, file)
	m, err := dsn.ReadMessage(raw)
	require.NoError(t, err)
	assert.Nil(t, d.Decode(m), "%s read %s", d.Name(), file)
	r, err := dsn.ParseBytes(raw, Registry())
	require.NoError(t, err)
	assert.False(t, r.IsBounce(), "%s read as a bounce by %s", file, r.Decoder)
}
