package main

import (
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/milter"
)

func TestParseServeArgsConfigFile(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "bounce-milter.conf")
	require.NoError(t, os.WriteFile(conf, []byte(`# bounce-milter
listen = unix:/run/bounce-milter/milter.sock
header-prefix = "X-DSN-"
timeout = 2s
trust-bounce-headers
--log-format json
`), 0o600))
	for _, tc := range []struct {
		name    string
		args    []string
		listen  string
		timeout time.Duration
		format  string
	}{
		{"file alone", []string{"--config", conf}, "unix:/run/bounce-milter/milter.sock", 2 * time.Second, "json"},
		{"flags win", []string{"--config", conf, "--listen", "inet:10025@127.0.0.1", "--timeout", "1s"}, "inet:10025@127.0.0.1", time.Second, "json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, _, err := parseServeArgs(tc.args, io.Discard)
			require.NoError(t, err)
			assert.Equal(t, tc.listen, o.listen)
			assert.Equal(t, tc.timeout, o.timeout)
			assert.Equal(t, tc.format, o.logFormat)
			assert.Equal(t, "X-DSN-", o.headerPrefix)
			assert.True(t, o.trust)
		})
	}
}

func TestParseServeArgsErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.conf")
	require.NoError(t, os.WriteFile(bad, []byte("no-such-setting = 1\n"), 0o600))
	for _, args := range [][]string{
		{"--config", bad},
		{"--config", filepath.Join(dir, "missing.conf")},
		{"stray-argument"},
		{"--no-such-flag"},
	} {
		_, _, err := parseServeArgs(args, io.Discard)
		assert.Error(t, err, "%v", args)
	}
}

func TestParseSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		bad  bool
	}{
		{"10MiB", 10 << 20, false},
		{"512KiB", 512 << 10, false},
		{"1G", 1 << 30, false},
		{"4096", 4096, false},
		{"0", 0, true},
		{"-1M", 0, true},
		{"lots", 0, true},
	} {
		got, err := parseSize(tc.in)
		if tc.bad {
			assert.Error(t, err, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
}

func TestMilterConfigFromFlags(t *testing.T) {
	o, _, err := parseServeArgs([]string{"--max-body", "1MiB", "--timeout", "3s", "--max-connections", "50", "--idle-timeout", "90s"}, io.Discard)
	require.NoError(t, err)
	cfg, err := milterConfig(o, nil)
	require.NoError(t, err)
	assert.EqualValues(t, 1<<20, cfg.MaxBody)
	assert.Equal(t, 3*time.Second, cfg.Timeout)
	assert.Equal(t, "X-Bounce-", cfg.HeaderPrefix)
	assert.Equal(t, 50, cfg.MaxConnections)
	assert.Equal(t, 90*time.Second, cfg.IdleTimeout)

	o, _, err = parseServeArgs(nil, io.Discard)
	require.NoError(t, err)
	cfg, err = milterConfig(o, nil)
	require.NoError(t, err)
	assert.Equal(t, milter.DefaultMaxConnections, cfg.MaxConnections)
	assert.Equal(t, milter.DefaultIdleTimeout, cfg.IdleTimeout)
	assert.EqualValues(t, milter.DefaultInlineMax, cfg.InlineMax)

	for _, tc := range []struct {
		in   string
		want int64
	}{{"16KiB", 16 << 10}, {"1MiB", 1 << 20}, {"0", -1}} {
		o, _, err = parseServeArgs([]string{"--inline-max", tc.in}, io.Discard)
		require.NoError(t, err, tc.in)
		cfg, err = milterConfig(o, nil)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, cfg.InlineMax, tc.in)
	}
	_, _, err = parseServeArgs([]string{"--inline-max", "-1"}, io.Discard)
	assert.Error(t, err, "a negative size")
}
