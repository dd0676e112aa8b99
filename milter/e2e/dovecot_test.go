//go:build e2e

package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDovecotSieve: Postfix delivers through dovecot-lda, which runs the
// contrib Sieve script; a stamped bounce lands in the folder for its kind
// and reason, an ordinary message in INBOX.
func TestDovecotSieve(t *testing.T) {
	home := homeOf(t, sieveUser)
	dir := resetMaildir(t, sieveUser)
	script, err := os.ReadFile(filepath.Join(contribDir, "sieve", "bounces.sieve"))
	require.NoError(t, err)
	active := filepath.Join(home, ".dovecot.sieve")
	require.NoError(t, os.WriteFile(active, script, 0o644))
	require.NoError(t, chownUser(active, sieveUser))
	_ = os.Remove(filepath.Join(home, ".dovecot.svbin"))

	raw, err := os.ReadFile(filepath.Join(corpusDir, "bsd", "lhost-postfix-01.eml"))
	require.NoError(t, err)
	bounce := withID("sieve-bounce", raw)
	want := expected(bounce)
	require.NotEmpty(t, want)
	var reason, kind string
	for _, f := range want {
		switch {
		case f.Name == "X-Bounce-Reason" && reason == "":
			reason = f.Value
		case f.Name == "X-Bounce-Kind":
			kind = f.Value
		}
	}
	class := map[string]string{"hard-bounce": "Hard", "soft-bounce": "Soft"}[kind]
	require.NotEmpty(t, class, "the test bounce is a hard or soft bounce, not %q", kind)
	folder := filepath.Join(dir, ".Bounces."+class+"."+reason)

	require.NoError(t, smtpSend(env.postfix.port, "", []string{sieveUser + "@localhost"}, bounce))
	plain := withID("sieve-plain", []byte(strings.Replace(ordinaryMessages["plain"], "bmtest@", sieveUser+"@", 1)))
	require.NoError(t, smtpSend(env.postfix.port, "alice@example.org", []string{sieveUser + "@localhost"}, plain))

	got := byIDWithLog(t, folder, []string{"sieve-bounce"})
	assert.Equal(t, reason, got["sieve-bounce"].get("X-Bounce-Reason"))
	inbox := byIDWithLog(t, dir, []string{"sieve-plain"})
	assert.Empty(t, inbox["sieve-plain"].stamps())
	t.Logf("Sieve filed the bounce into %s", filepath.Base(folder))

	// classify reads the Maildir as Dovecot left it (its index files,
	// uidlist, subscriptions, a folder's maildirfolder mark) as a Maildir:
	// the bounce's recipients, nothing from the ordinary message, no error.
	own, err := filepath.Glob(filepath.Join(dir, "dovecot*"))
	require.NoError(t, err)
	require.NotEmpty(t, own, "Dovecot's own files are in the Maildir")
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(env.bin, "classify", "--format", "tsv", dir)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "classify %s: %s", dir, stderr.String())
	assert.Empty(t, stderr.String())
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	reasons := 0
	for _, f := range want {
		if f.Name == "X-Bounce-Reason" {
			reasons++
		}
	}
	require.Len(t, lines, 1+reasons, "the column names, then one line per recipient of the bounce:\n%s", stdout.String())
	for _, l := range lines[1:] {
		assert.True(t, strings.HasPrefix(l, folder+"/new/") || strings.HasPrefix(l, folder+"/cur/"), "from the bounce's folder: %s", l)
	}
}

// byIDWithLog is byID, with the Dovecot log in the failure.
func byIDWithLog(t *testing.T, dir string, ids []string) map[string]delivered {
	t.Helper()
	t.Cleanup(func() {
		if t.Failed() {
			log, _ := os.ReadFile(filepath.Join(env.postfix.dir, "dovecot", "dovecot.log"))
			t.Logf("dovecot log:\n%s", tail(log, 30))
			entries, _ := os.ReadDir(filepath.Dir(dir))
			for _, e := range entries {
				t.Logf("in %s: %s", filepath.Dir(dir), e.Name())
			}
		}
	})
	return byID(t, dir, ids, 30*time.Second)
}
