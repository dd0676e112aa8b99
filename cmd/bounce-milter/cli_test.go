package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// --help, -h and "help NAME" print the command's own usage on standard
// output, with every flag it takes, and exit 0.
func TestHelp(t *testing.T) {
	for _, c := range allCommandsInOrder() {
		words := strings.Fields(c.name)
		for _, args := range [][]string{
			append(append([]string{}, words...), "--help"),
			append(append([]string{}, words...), "-h"),
			append([]string{"help"}, words...),
		} {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				code, out, errs := runCmd(args...)
				assert.Equal(t, exitOK, code)
				assert.Empty(t, errs)
				assert.True(t, strings.HasPrefix(out, "usage: bounce-milter "+c.name), "%q", out)
				assert.Contains(t, out, upperFirst(c.summary))
				fl, _ := c.flagSet()
				fl.VisitAll(func(f *flag.Flag) { assert.Contains(t, out, "--"+f.Name) })
				for _, s := range c.subs {
					assert.Contains(t, out, strings.TrimPrefix(s.name, c.name+" "))
				}
			})
		}
	}
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		code, out, errs := runCmd(args...)
		assert.Equal(t, exitOK, code, "%v", args)
		assert.Empty(t, errs)
		for _, c := range allCommandsInOrder() {
			assert.Contains(t, out, c.synopsis(), "%v", args)
		}
	}
}

// A wrong command line exits 2 and says what was expected, once; a command
// that fails exits 1; no message repeats a prefix ("webhook: webhook:").
func TestCommandLineErrors(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret")
	require.NoError(t, os.WriteFile(secret, []byte(flagsTestSecret+"\n"), 0o600))
	conf := filepath.Join(dir, "bad.conf")
	require.NoError(t, os.WriteFile(conf, []byte("listen = inet:10025@127.0.0.1\nmax-body = 10XB\n"), 0o600))
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, exitUsage, "usage: bounce-milter COMMAND"},
		{[]string{"bogus"}, exitUsage, `unknown command "bogus": want serve, classify, spool or version`},
		{[]string{"help", "bogus"}, exitUsage, `unknown command "bogus"`},
		{[]string{"help", "spool", "bogus"}, exitUsage, `unknown command "spool bogus"`},
		{[]string{"version", "x"}, exitUsage, `unexpected argument "x"`},
		{[]string{"serve", "extra"}, exitUsage, `unexpected argument "extra"`},
		{[]string{"serve", "--nope"}, exitUsage, "flag provided but not defined: --nope"},
		{[]string{"serve", "--listen", "tcp:1.2.3.4"}, exitUsage, `--listen: no port in "1.2.3.4": want tcp:PORT@HOST or tcp:HOST:PORT`},
		{[]string{"serve", "--listen", "smtp:25"}, exitUsage, `--listen: unknown socket type "smtp": want unix:/PATH, inet:PORT@HOST or inet:HOST:PORT`},
		{[]string{"serve", "--listen", "unix:rel.sock"}, exitUsage, "--listen: the socket path must be absolute"},
		{[]string{"serve", "--max-body", "10XB"}, exitUsage, `invalid value "10XB" for flag --max-body: want a whole number of bytes`},
		{[]string{"serve", "--socket-mode", "999"}, exitUsage, "--socket-mode: want permission bits in octal"},
		{[]string{"serve", "--log-level", "loud"}, exitUsage, "--log-level: want info, debug, warn or error"},
		{[]string{"serve", "--log-format", "xml"}, exitUsage, "--log-format: want text or json"},
		{[]string{"serve", "--timeout", "5"}, exitUsage, "--timeout: want a duration"},
		{[]string{"serve", "--max-connections", "lots"}, exitUsage, "--max-connections: want a whole number"},
		{[]string{"serve", "--trust-bounce-headers=maybe"}, exitUsage, "--trust-bounce-headers: want true or false"},
		{[]string{"serve", "--timeout"}, exitUsage, "flag needs an argument: --timeout"},
		{[]string{"serve", "--config", conf}, exitUsage, `bad.conf:2: max-body "10XB": want a whole number of bytes`},
		{[]string{"serve", "--config", filepath.Join(dir, "missing.conf")}, exitUsage, "config: open "},
		{[]string{"serve", "--listen", "inet:0@127.0.0.1", "--webhook-secret-file", secret}, exitFail,
			"bounce-milter serve: webhook: --webhook-secret-file without --webhook-url"},
		{[]string{"serve", "--listen", "inet:0@127.0.0.1", "--webhook-url", "http://127.0.0.1:9/", "--webhook-secret-file", filepath.Join(dir, "none")}, exitFail,
			"bounce-milter serve: webhook: secret: open "},
		{[]string{"serve", "--listen", "inet:0@127.0.0.1", "--webhook-url", "http://127.0.0.1:9/", "--webhook-secret-file", secret, "--webhook-format", "xml"}, exitFail,
			`bounce-milter serve: webhook: unknown format "xml"`},
		{[]string{"classify"}, exitUsage, "want at least one PATH"},
		{[]string{"classify", "--format", "xml", "x"}, exitUsage, "--format: want json or tsv"},
		{[]string{"classify", filepath.Join(dir, "missing.eml")}, exitFail, "missing.eml: stat "},
		{[]string{"spool"}, exitUsage, "want a command: list, show, retry or drop"},
		{[]string{"spool", "bogus"}, exitUsage, `bounce-milter spool: unknown command "bogus": want list, show, retry or drop`},
		{[]string{"spool", "--spool-dir", dir, "list", "extra"}, exitUsage, `unexpected argument "extra"`},
		{[]string{"spool", "--spool-dir", filepath.Join(dir, "none"), "list"}, exitFail, "bounce-milter spool list: no spool at "},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, out, errs := runCmd(tc.args...)
			assert.Equal(t, tc.code, code, errs)
			assert.Empty(t, out)
			assert.Contains(t, errs, tc.want)
			if tc.code == exitUsage && len(tc.args) > 0 {
				assert.Contains(t, errs, "--help\" for usage.", "a usage error says where the usage is")
			}
			for _, line := range strings.Split(strings.TrimSpace(errs), "\n") {
				segs := strings.Split(line, ": ")
				for i := 1; i < len(segs); i++ {
					assert.NotEqual(t, segs[i-1], segs[i], "a repeated prefix in %q", line)
				}
			}
		})
	}
}

// A flag given before a spool command applies to it; given after, too.
func TestSpoolDirBeforeOrAfter(t *testing.T) {
	dir := t.TempDir()
	q, _ := spoolWith(t, dir)
	for _, args := range [][]string{
		{"spool", "--spool-dir", dir, "list"},
		{"spool", "list", "--spool-dir", dir},
		{"spool", "--spool-dir", "/nonexistent", "list", "--spool-dir", dir},
	} {
		code, out, errs := runCmd(args...)
		assert.Equal(t, exitOK, code, "%v: %s", args, errs)
		assert.Contains(t, out, q, "%v", args)
	}
}

func TestSizeValue(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		text string
	}{
		{"10MiB", 10 << 20, "10MiB"},
		{"512KiB", 512 << 10, "512KiB"},
		{"1G", 1 << 30, "1GiB"},
		{"4096", 4096, "4KiB"},
		{"1000", 1000, "1000"},
		{"100B", 100, "100"},
		{" 2 M ", 2 << 20, "2MiB"},
	} {
		var n int64
		require.NoError(t, sizeValue{&n}.Set(tc.in), tc.in)
		assert.Equal(t, tc.want, n, tc.in)
		assert.Equal(t, tc.text, sizeValue{&n}.String(), tc.in)
	}
	for _, bad := range []string{"0", "-1M", "lots", "10XB", "1.5M", "", "9999999999G"} {
		var n int64
		assert.ErrorIs(t, sizeValue{&n}.Set(bad), errSize, bad)
	}
}
