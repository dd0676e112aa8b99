package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// copyMaildir copies testdata/dovecot-maildir to a new directory and
// restores what git cannot keep (see testdata/README.md).
func copyMaildir(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "Maildir")
	src := filepath.Join("testdata", "dovecot-maildir")
	require.NoError(t, filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, strings.ReplaceAll(rel, "!2,", ":2,"))
		if d.IsDir() {
			return os.MkdirAll(to, 0o700)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o600)
	}))
	for _, sub := range []string{"cur", "new", "tmp"} {
		require.NoError(t, os.MkdirAll(filepath.Join(dst, ".Bounces.Hard", sub), 0o700))
	}
	return dst
}

// addCourierFolder adds what Courier-IMAP keeps beside the messages, and a
// folder of its own with one bounce in cur/.
func addCourierFolder(t *testing.T, maildir string) {
	t.Helper()
	write := func(rel, text string) {
		p := filepath.Join(maildir, rel)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o700))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o600))
	}
	write("courierimapuiddb", "1 1796169631 2\n1796169631.M449413P25582.vm 1\n")
	write("courierimapkeywords/:list", "$Bounce\n\n1796169631.M449413P25582.vm:0\n")
	write("courierimapacl", "owner aceilrstwx\n")
	write("courierpop3dsizelist", "/1 1\n")
	write("maildirsize", "1000000S\n2277 1\n")
	write(".Sent/maildirfolder", "")
	write(".Sent/courierimapuiddb", "1 1796169700 1\n")
	raw, err := os.ReadFile("../../testdata/corpus/bsd/lhost-sendmail-01.eml")
	require.NoError(t, err)
	write(".Sent/cur/1796169700.M2P2.vm:2,S", string(raw))
	for _, sub := range []string{".Sent/new", ".Sent/tmp"} {
		require.NoError(t, os.MkdirAll(filepath.Join(maildir, sub), 0o700))
	}
}

// In a Maildir only the messages in cur/ and new/ are read: not tmp/, not
// Dovecot's or Courier's own files; folders are Maildirs in turn.
func TestMessageFilesMaildir(t *testing.T) {
	dir := copyMaildir(t)
	addCourierFolder(t, dir)
	var errs []string
	got := messageFiles(dir, func(p string, err error) { errs = append(errs, p+": "+err.Error()) })
	for i := range got {
		got[i] = strings.TrimPrefix(got[i], dir+"/")
	}
	assert.Empty(t, errs)
	assert.Equal(t, []string{
		".Bounces.Hard/new/1796169631.M337343P25578.vm,S=2277,W=2337",
		".Sent/cur/1796169700.M2P2.vm:2,S",
		"cur/1796169631.M449413P25582.vm,S=57,W=62:2,S",
		"new/1796169705.M113979P28043.vm,S=1905,W=1951",
	}, got)
}

// A directory that is no Maildir is read whole, recursively; a Maildir
// below it is read as a Maildir.
func TestMessageFilesPlainDirectory(t *testing.T) {
	top := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(top, "a.eml"), []byte("x"), 0o600))
	require.NoError(t, os.MkdirAll(filepath.Join(top, "sub", "new"), 0o700)) // no cur/: not a Maildir
	require.NoError(t, os.WriteFile(filepath.Join(top, "sub", "b.eml"), []byte("x"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(top, "sub", "new", "c.eml"), []byte("x"), 0o600))
	md := filepath.Join(top, "home", "Maildir")
	for _, d := range []string{"cur", "new", "tmp"} {
		require.NoError(t, os.MkdirAll(filepath.Join(md, d), 0o700))
	}
	require.NoError(t, os.WriteFile(filepath.Join(md, "dovecot-uidlist"), []byte("3 V1 N1\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(md, "new", "d"), []byte("x"), 0o600))
	got := messageFiles(top, func(p string, err error) { t.Errorf("%s: %v", p, err) })
	for i := range got {
		got[i] = strings.TrimPrefix(got[i], top+"/")
	}
	assert.Equal(t, []string{"a.eml", "home/Maildir/new/d", "sub/b.eml", "sub/new/c.eml"}, got)
}

// classify over a Maildir as Dovecot and Courier leave it: every bounce in
// cur/ and new/ of every folder, nothing else, exit 0.
func TestClassifyMaildir(t *testing.T) {
	dir := copyMaildir(t)
	addCourierFolder(t, dir)
	out, stderr, code := runClassifyOut(t, "--format", "tsv", dir)
	require.Equal(t, 0, code, stderr)
	assert.Empty(t, stderr)
	var origins, recipients []string
	for i, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if i == 0 {
			continue // the column names
		}
		cols := strings.Split(line, "\t")
		origins = append(origins, strings.TrimPrefix(cols[0], dir+"/"))
		recipients = append(recipients, cols[17])
	}
	assert.Equal(t, []string{
		".Bounces.Hard/new/1796169631.M337343P25578.vm,S=2277,W=2337",
		".Sent/cur/1796169700.M2P2.vm:2,S",
		"new/1796169705.M113979P28043.vm,S=1905,W=1951",
	}, origins)
	assert.NotContains(t, recipients, "kijitora@example.net", "tmp/'s message is not read")
}

// What classify prints of bad input reaches the terminal quoted: no
// control character, no byte that is not UTF-8, one line per input.
func TestClassifyQuotesBadInput(t *testing.T) {
	dir := t.TempDir()
	binary, err := os.ReadFile("testdata/dovecot-maildir/dovecot.index.cache")
	require.NoError(t, err)
	files := map[string][]byte{
		"index.cache":           binary,
		"cr\rname\x1b[2J.eml":   []byte("\x1b]0;owned\a: x\n\n"),
		"header-line.eml":       []byte("Bad\x1b[31m header\r\nline\x7f\n\n"),
		"ok.eml":                []byte("From: a@example.org\nTo: b@example.org\n\nhello\n"),
		"headers-only-\xff.eml": []byte("\x00\x01\x02: \x03\n"),
	}
	for name, b := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o600))
	}
	_, stderr, code := runClassifyOut(t, dir)
	assert.Equal(t, 1, code)
	require.NotEmpty(t, stderr)
	assert.True(t, utf8.ValidString(stderr), "stderr is UTF-8: %q", stderr)
	for _, line := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		assert.True(t, strings.HasPrefix(line, "bounce-milter classify: "), "one line per input: %q", line)
		assert.Less(t, len(line), 2*maxQuoted, "cut: %q", line)
		for _, c := range []byte(line) {
			assert.False(t, c < 0x20 || c == 0x7f, "control byte %#x in %q", c, line)
		}
	}
	assert.Contains(t, stderr, `/cr\rname\x1b[2J.eml": "`, "a file name with control characters is quoted")
	assert.Contains(t, stderr, "index.cache: \"", "an error quoting binary input is quoted")
	assert.Contains(t, stderr, " more bytes)", "a long error is cut, and says so")
	assert.NotContains(t, stderr, "ok.eml", "a good message reports nothing")
}

func TestTerminalSafe(t *testing.T) {
	long := strings.Repeat("é", maxQuoted) // 2 bytes each: cut between characters
	for _, tc := range []struct{ in, want string }{
		{"plain text: ok", "plain text: ok"},
		{"Grüße, 日本語", "Grüße, 日本語"},
		{"line\r\n", `"line\r\n"`},
		{"\x1b[2Jclear", `"\x1b[2Jclear"`},
		{"tab\there", `"tab\there"`},
		{"bad \xff byte", `"bad \xff byte"`},
		{"bidi \u202e override", `"bidi \u202e override"`},
		{long, strings.Repeat("é", maxQuoted/2) + " (400 more bytes)"},
		{"\x00" + long, `"\x00` + strings.Repeat("é", (maxQuoted-6)/2) + `" (406 more bytes)`},
		{`quote " and ' and \`, `quote " and ' and \`},
		{"quote \" and ' and \\\r", `"quote \" and ' and \\\r"`},
	} {
		assert.Equal(t, tc.want, terminalSafe(tc.in), "%q", tc.in)
	}
}

func TestTSVField(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"550 5.1.1 user unknown", "550 5.1.1 user unknown"},
		{"Grüße\u00a0日本", "Grüße\u00a0日本"},
		{`back\slash`, `back\\slash`},
		{"a\tb\nc\rd", `a\tb\nc\rd`},
		{"esc\x1b[31m", `esc\x1b[31m`},
		{"nul\x00del\x7f", `nul\x00del\x7f`},
		{"c1\u0085", `c1\u0085`},
		{"bad\xffbyte", `bad\xffbyte`},
	} {
		got := tsvField(tc.in)
		assert.Equal(t, tc.want, got, "%q", tc.in)
		assert.False(t, bytes.ContainsAny([]byte(got), "\t\n\r\x1b\x00"), "%q", got)
	}
}
