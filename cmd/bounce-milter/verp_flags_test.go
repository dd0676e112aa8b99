package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serve --verp is repeatable, in the config file too, and reaches the
// milter's configuration.
func TestServeVERPFlag(t *testing.T) {
	conf := filepath.Join(t.TempDir(), "bounce-milter.conf")
	require.NoError(t, os.WriteFile(conf, []byte("verp = sympa\n"), 0o600))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, ""},
		{[]string{"--verp", "mailman", "--verp", "bounces-{local}={domain}@example.org"}, "mailman, bounces-{local}={domain}@example.org"},
		{[]string{"--config", conf}, "sympa"},
		{[]string{"--config", conf, "--verp", "postfix:-="}, "postfix:-="}, // the command line wins
	} {
		o, _, err := parseServeArgs(tc.args, io.Discard)
		require.NoError(t, err, "%v", tc.args)
		cfg, err := milterConfig(o, nil)
		require.NoError(t, err)
		stops, err := setupExtensions(context.Background(), &cfg, prometheus.NewRegistry(), slog.New(slog.DiscardHandler))
		require.NoError(t, err)
		runStops(stops)
		assert.Equal(t, tc.want, cfg.VERP.String(), "%v", tc.args)
	}
	for _, bad := range []string{"mailmen", "bounces@example.org", "postfix:++"} {
		_, _, err := parseServeArgs([]string{"--verp", bad}, io.Discard)
		assert.Error(t, err, bad)
	}
}

// unknownBounce is a failure report no decoder reads, to a Mailman VERP
// address.
const unknownBounce = `Delivered-To: list-bounces+user=example.com@lists.example.org
From: Mail Administrator <postmaster@mx.example.com>
To: list-bounces+user=example.com@lists.example.org
Subject: Message status - undeliverable

The message you sent could not be handed over.
Reason: the recipient's mailbox is full.
`

func TestClassifyVERP(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bounce.eml")
	require.NoError(t, os.WriteFile(path, []byte(unknownBounce), 0o600))

	out, stderr, code := runClassifyOut(t, path)
	require.Equal(t, 0, code, stderr)
	assert.Empty(t, out, "without --verp no decoder finds a recipient")

	for _, args := range [][]string{
		{"--verp", "mailman", path}, // the recipient from Delivered-To
		{"--verp", "sympa", "--verp", "mailman", "--envelope-rcpt", "list-bounces+user=example.com@lists.example.org", path},
	} {
		out, stderr, code = runClassifyOut(t, args...)
		require.Equal(t, 0, code, stderr)
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(out), &rec), out)
		assert.Equal(t, "user@example.com", rec["verp"], "%v", args)
		assert.Equal(t, "user@example.com", rec["recipient"])
		assert.Equal(t, "mailboxfull", rec["reason"])
		assert.Equal(t, "VERP", rec["decodedby"])
	}

	// Another envelope recipient than the file's: the one given counts.
	out, _, code = runClassifyOut(t, "--verp", "mailman", "--envelope-rcpt", "someone@example.org", path)
	require.Equal(t, 0, code)
	assert.Empty(t, out)

	// Every key in every line: verp is "" for a bounce without VERP, and
	// is the last TSV column.
	out, stderr, code = runClassifyOut(t, "../../testdata/corpus/bsd/lhost-postfix-01.eml")
	require.Equal(t, 0, code, stderr)
	var rec map[string]any
	require.NoError(t, json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &rec))
	assert.Equal(t, "", rec["verp"])
	assert.Len(t, rec, len(tsvColumns), "the TSV columns are the JSON keys")
	out, _, code = runClassifyOut(t, "--format", "tsv", "--verp", "mailman", path)
	require.Equal(t, 0, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2)
	assert.True(t, strings.HasSuffix(lines[0], "\trule\tverp"))
	assert.True(t, strings.HasSuffix(lines[1], "\tuser@example.com"))
}

func TestClassifyVERPErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--envelope-rcpt", "list-bounces+user=example.com@lists.example.org", "x.eml"}, // no --verp
		{"--verp", "nope", "x.eml"},
	} {
		_, stderr, code := runClassifyOut(t, args...)
		assert.Equal(t, 2, code, "%v", args)
		assert.NotEmpty(t, stderr)
	}
}
