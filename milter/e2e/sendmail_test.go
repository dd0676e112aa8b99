//go:build e2e

package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/milter"
)

// sendmailOptions change the recipe's defaults.
type sendmailOptions struct {
	// relayPort, if set, sends all mail for other hosts to Postfix on
	// 127.0.0.1:relayPort; otherwise Sendmail has no mailer for it.
	relayPort int
	// maxSize is MaxMessageSize (default 64 MiB).
	maxSize int
}

// startSendmail builds a Sendmail configuration from the recipe in
// MTA-TESTING.md and the contrib INPUT_MAIL_FILTER line, and runs the
// extracted sendmail as a foreground daemon on 127.0.0.1:port. It delivers
// with mail.local to /var/mail/USER and cannot relay anywhere but to the
// Postfix opts name. It returns the daemon and its sendmail.cf.
func startSendmail(t *testing.T, port, milterPort int, opts sendmailOptions) (*process, string) {
	t.Helper()
	run := filepath.Join(base, "sendmail")
	require.NoError(t, os.RemoveAll(run))
	require.NoError(t, os.MkdirAll(filepath.Join(run, "mqueue"), 0o700))
	require.NoError(t, os.Chmod(run, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(run, "service.switch"), []byte("hosts\tfiles\naliases\tfiles\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(run, "aliases"), []byte("postmaster: root\nMAILER-DAEMON: postmaster\n"), 0o644))

	contrib, err := os.ReadFile(filepath.Join(contribDir, "sendmail", "bounce-milter.mc"))
	require.NoError(t, err)
	var filter string
	for _, line := range strings.Split(string(contrib), "\n") {
		if strings.HasPrefix(line, "INPUT_MAIL_FILTER(") {
			filter = strings.Replace(line, "inet:10025@127.0.0.1", fmt.Sprintf("inet:%d@127.0.0.1", milterPort), 1)
		}
	}
	require.NotEmpty(t, filter, "contrib/sendmail has an INPUT_MAIL_FILTER line")
	if opts.maxSize == 0 {
		opts.maxSize = 64 << 20
	}
	mailers := "MAILER(`local')dnl\n"
	if opts.relayPort != 0 {
		// The smart host by address: no DNS; esmtp to Postfix's port,
		// without the loop check (k): Postfix greets with the name that
		// is Sendmail's own here.
		mailers = fmt.Sprintf("define(`SMART_HOST', `esmtp:[127.0.0.1]')dnl\n"+
			"define(`ESMTP_MAILER_ARGS', `TCP $h %d')dnl\n"+
			"MODIFY_MAILER_FLAGS(`ESMTP', `+k')dnl\n", opts.relayPort) + mailers + "MAILER(`smtp')dnl\n"
	}
	mc := fmt.Sprintf(`divert(-1)dnl
divert(0)dnl
VERSIONID(`+"`bounce-milter e2e'"+`)dnl
OSTYPE(`+"`linux'"+`)dnl
define(`+"`confDOMAIN_NAME', `mx.test.localhost'"+`)dnl
define(`+"`confDONT_PROBE_INTERFACES', `True'"+`)dnl
define(`+"`confBIND_OPTS', `-DNSRCH -DEFNAMES'"+`)dnl
define(`+"`confSERVICE_SWITCH_FILE', `%[1]s/service.switch'"+`)dnl
define(`+"`QUEUE_DIR', `%[1]s/mqueue'"+`)dnl
define(`+"`STATUS_FILE', `%[1]s/sendmail.st'"+`)dnl
define(`+"`confPID_FILE', `%[1]s/sendmail.pid'"+`)dnl
define(`+"`confCONTROL_SOCKET_NAME', `%[1]s/smcontrol'"+`)dnl
define(`+"`ALIAS_FILE', `%[1]s/aliases'"+`)dnl
define(`+"`HELP_FILE', `%[1]s/helpfile'"+`)dnl
define(`+"`confDEF_USER_ID', `nobody:nogroup'"+`)dnl
define(`+"`confTO_IDENT', `0s'"+`)dnl
define(`+"`confDELIVERY_MODE', `interactive'"+`)dnl
define(`+"`confMAX_MESSAGE_SIZE', `%[5]d'"+`)dnl
FEATURE(`+"`no_default_msa'"+`)dnl
FEATURE(`+"`nocanonify'"+`)dnl
FEATURE(`+"`accept_unresolvable_domains'"+`)dnl
FEATURE(`+"`accept_unqualified_senders'"+`)dnl
FEATURE(`+"`local_lmtp', `%[2]s/usr/libexec/sendmail/mail.local'"+`)dnl
DAEMON_OPTIONS(`+"`Family=inet, Name=MTA-test, Port=%[3]d, Addr=127.0.0.1'"+`)dnl
dnl --- contrib/sendmail/bounce-milter.mc ---
%[4]s
%[6]s`, run, smRoot, port, filter, opts.maxSize, mailers)
	require.NoError(t, os.WriteFile(filepath.Join(run, "test.mc"), []byte(mc), 0o644))
	cf, err := exec.Command("m4", filepath.Join(smRoot, "usr/share/sendmail/cf/m4/cf.m4"), filepath.Join(run, "test.mc")).Output()
	require.NoError(t, err, "m4")
	require.Contains(t, string(cf), fmt.Sprintf("Xbounce-milter, S=inet:%d@127.0.0.1, F=, T=", milterPort))
	cfPath := filepath.Join(run, "sendmail.cf")
	require.NoError(t, os.WriteFile(cfPath, cf, 0o644))
	sm := filepath.Join(smRoot, "usr/libexec/sendmail/sendmail")
	start := time.Now()
	out, err := exec.Command(sm, "-C"+cfPath, "-bi").CombinedOutput()
	require.NoError(t, err, "newaliases: %s", out)
	require.Less(t, time.Since(start), 20*time.Second, "newaliases slept: is the /etc/hosts fix of install-mta.sh in place?")
	p, err := startProcess("sendmail", exec.Command(sm, "-bD", "-C"+cfPath, "-q1m"))
	require.NoError(t, err)
	t.Cleanup(p.stop)
	require.NoError(t, waitPort(port, 15*time.Second))
	return p, cfPath
}

// mboxMessages splits an mbox into messages by their "From " lines.
func mboxMessages(raw []byte) []delivered {
	var out []delivered
	for _, part := range regexp.MustCompile(`(?m)^From `).Split(string(raw), -1) {
		if strings.TrimSpace(part) == "" {
			continue
		}
		_, msg, _ := strings.Cut(part, "\n") // drop the rest of the From line
		out = append(out, parseDelivered([]byte(msg)))
	}
	return out
}

// TestSendmail: the same checks through a real Sendmail with the contrib
// INPUT_MAIL_FILTER line: bounces stamped, forged headers removed,
// ordinary mail without stamps.
func TestSendmail(t *testing.T) {
	port, err := freePort()
	require.NoError(t, err)
	mbox := filepath.Join("/var/mail", mailUser)
	require.NoError(t, os.RemoveAll(mbox))
	startSendmail(t, port, env.milterPort, sendmailOptions{})

	files := []string{"lhost-postfix-01.eml", "lhost-sendmail-01.eml", "lhost-exim-01.eml", "arf-02.eml", "rfc3464-01.eml"}
	want := map[string][]milter.HeaderField{}
	var ids []string
	for _, f := range files {
		raw, err := os.ReadFile(filepath.Join(corpusDir, "bsd", f))
		if os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
		msg := withID(f, raw)
		want[f] = expected(msg)
		ids = append(ids, f)
		require.NoError(t, smtpSend(port, "", []string{mailUser + "@localhost"}, msg), f)
	}
	require.NotEmpty(t, ids)
	forged := withID("forged", []byte(strings.Replace(ordinaryMessages["plain"], "Subject: lunch\n",
		"X-Bounce-Reason: userunknown\nSubject: lunch\nX-Bounce-Kind: hard-bounce\n", 1)))
	require.NoError(t, smtpSend(port, "mallory@localhost", []string{mailUser + "@localhost"}, forged))
	plain := withID("plain", []byte(ordinaryMessages["multipart"]))
	require.NoError(t, smtpSend(port, "alice@localhost", []string{mailUser + "@localhost"}, plain))
	ids = append(ids, "forged", "plain")

	got := map[string]delivered{}
	err = waitFor(t.Context(), 60*time.Second, func() (bool, error) {
		raw, err := os.ReadFile(mbox)
		if os.IsNotExist(err) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		for _, m := range mboxMessages(raw) {
			if id := m.get("X-E2E-Id"); id != "" {
				got[id] = m
			}
		}
		return len(got) == len(ids), nil
	})
	require.NoError(t, err, "Sendmail delivered %d of %d", len(got), len(ids))
	stamped := 0
	for id, w := range want {
		g := got[id].stamps()
		if !assert.Len(t, g, len(w), "%s: %v", id, g) {
			continue
		}
		for i := range w {
			assert.Equal(t, w[i].Name, g[i].Name, id)
			assert.Equal(t, unfold(w[i].Value), unfold(g[i].Value), id)
		}
		assertStampBytes(t, id, got[id].raw, w)
		if len(w) > 0 {
			stamped++
		}
	}
	assert.Positive(t, stamped)
	// What a procmail or maildrop rule matches, byte for byte.
	assert.Contains(t, string(got["lhost-sendmail-01.eml"].raw), "\nX-Bounce-Reason: userunknown\n")
	assert.Empty(t, got["forged"].stamps(), "forged headers removed by Sendmail on the milter's request")
	assert.Empty(t, got["plain"].stamps())
	wantBody := plain[bytes.Index(plain, []byte("\n\n"))+2:]
	assert.True(t, bytes.HasSuffix(got["plain"].raw, wantBody) || bytes.HasSuffix(got["plain"].raw, append(append([]byte{}, wantBody...), '\n')),
		"the ordinary body arrives unchanged")
	t.Logf("Sendmail: %d messages delivered, %d bounces stamped", len(got), stamped)
}
