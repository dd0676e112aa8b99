//go:build e2e

package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/event"
	"github.com/bounce-milter/bounce-milter/milter"
)

// folderFor is where the contrib recipes (Sieve, procmail, maildrop) file
// a message with these stamps, as their comments say: "" is the inbox.
func folderFor(stamps []milter.HeaderField) string {
	var kind, reason string
	for _, f := range stamps {
		switch {
		case f.Name == "X-Bounce-Kind":
			kind = f.Value
		case f.Name == "X-Bounce-Reason" && reason == "":
			reason = f.Value
		}
	}
	switch event.Kind(kind) {
	case event.AutoReply:
		return ".Bounces.Auto-Replies"
	case event.Feedback:
		return ".Bounces.Complaints"
	case event.DeliveryNotice, event.ReadReceipt:
		return ".Bounces.Delivered"
	case event.HardBounce:
		return ".Bounces.Hard." + reason
	case event.SoftBounce:
		return ".Bounces.Soft." + reason
	}
	return ""
}

// TestProcmailMaildrop: messages Postfix delivered through the milter, a
// bounce of every kind the corpus has, Postfix's own bounce and an
// ordinary message, each piped as delivered into the real procmail and
// maildrop with the contrib recipes, run as the mailbox's user: each lands
// in the folder its stamps name, the ordinary one in the inbox.
func TestProcmailMaildrop(t *testing.T) {
	dir := resetMaildir(t, mailUser)
	ids := []string{"recipe-own", "recipe-plain"}
	require.NoError(t, smtpSend(env.postfix.port, mailUser+"@localhost", []string{"nosuchuser@localhost"},
		withID("recipe-own", []byte("From: "+mailUser+"@localhost\nTo: nosuchuser@localhost\nSubject: to nobody\n"+
			"Date: Mon, 01 Jan 2024 12:00:00 +0000\nMessage-ID: <recipe-own@example.org>\n\nhello\n"))))
	require.NoError(t, smtpSend(env.postfix.port, "alice@example.org", []string{mailUser + "@localhost"},
		withID("recipe-plain", []byte(ordinaryMessages["plain"]))))
	files, err := filepath.Glob(filepath.Join(corpusDir, "bsd", "*.eml"))
	require.NoError(t, err)
	seen := map[event.Kind]bool{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		id := "recipe-" + filepath.Base(f)
		msg := withID(id, raw)
		var kind event.Kind
		if st := expected(msg); len(st) > 0 {
			kind = event.Kind(st[len(st)-1].Value)
		}
		if kind == "" || seen[kind] {
			continue
		}
		seen[kind] = true
		ids = append(ids, id)
		require.NoError(t, smtpSend(env.postfix.port, "", []string{mailUser + "@localhost"}, msg), id)
	}
	t.Logf("kinds in the corpus: %v", seen)
	require.GreaterOrEqual(t, len(seen), 4, "hard, soft, feedback and auto-reply at least")

	// Postfix's own bounce comes with its own Message-ID: find it by its
	// null Return-Path and the original's id in its body.
	var arrived map[string]delivered
	err = waitFor(t.Context(), 60*time.Second, func() (bool, error) {
		msgs, err := maildir(dir)
		if err != nil {
			return false, err
		}
		arrived = map[string]delivered{}
		for _, m := range msgs {
			id := m.get("X-E2E-Id")
			if id == "" && m.get("Return-Path") == "<>" && bytes.Contains(m.raw, []byte("X-E2E-Id: recipe-own")) {
				id = "recipe-own"
			}
			if id != "" {
				arrived[id] = m
			}
		}
		return len(arrived) == len(ids), nil
	})
	require.NoError(t, err, "delivered: %d of %d", len(arrived), len(ids))

	u, err := user.Lookup(mailUser)
	require.NoError(t, err)
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	work := filepath.Join(homeOf(t, mailUser), "recipes")
	require.NoError(t, os.RemoveAll(work))
	for _, d := range []string{work, filepath.Join(work, "pm"), filepath.Join(work, "md", "cur"), filepath.Join(work, "md", "new"), filepath.Join(work, "md", "tmp")} {
		require.NoError(t, os.MkdirAll(d, 0o700))
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(work, name)
		require.NoError(t, os.WriteFile(p, b, 0o600))
		return p
	}
	procmailrc, err := os.ReadFile(filepath.Join(contribDir, "procmail", "bounces.procmailrc"))
	require.NoError(t, err)
	mailfilter, err := os.ReadFile(filepath.Join(contribDir, "maildrop", "bounces.mailfilter"))
	require.NoError(t, err)
	// The users' own files, as the recipes' comments say to write them.
	pmInclude := write("bounces.procmailrc", procmailrc)
	mdInclude := write("bounces.mailfilter", mailfilter)
	pmRC := write("procmailrc", []byte("MAILDIR="+work+"/pm/\nDEFAULT=$MAILDIR\nLOGFILE="+work+"/procmail.log\nINCLUDERC="+pmInclude+"\n"))
	mdRC := write("mailfilter", []byte("DEFAULT=\""+work+"/md\"\ninclude \""+mdInclude+"\"\n"))
	require.NoError(t, filepath.Walk(work, func(p string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Chown(p, uid, gid)
	}))

	deliver := func(name string, args []string, raw []byte) {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = work
		// As local(8) runs a mailbox command: the user's login shell in SHELL
		// (the test users' is nologin), a minimal PATH.
		cmd.Env = []string{"HOME=" + homeOf(t, mailUser), "USER=" + mailUser, "LOGNAME=" + mailUser, "SHELL=/usr/sbin/nologin", "PATH=/usr/bin:/bin"}
		cmd.Stdin = bytes.NewReader(raw)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s: %s", name, out)
	}
	want := map[string]string{}
	for _, id := range ids {
		d := arrived[id]
		want[id] = folderFor(d.stamps())
		deliver("procmail "+id, []string{"/usr/bin/procmail", "-m", pmRC}, d.raw)
		deliver("maildrop "+id, []string{"/usr/bin/maildrop", mdRC}, d.raw)
	}
	assert.Equal(t, "", want["recipe-plain"], "the ordinary message carries no stamp")
	assert.Equal(t, ".Bounces.Hard.userunknown", want["recipe-own"], "Postfix's own bounce is a hard userunknown")
	for _, tool := range []string{"pm", "md"} {
		got := filedByID(t, filepath.Join(work, tool))
		assert.Equal(t, want, got, "%s: each message in the folder its stamps name", map[string]string{"pm": "procmail", "md": "maildrop"}[tool])
	}
	var folders []string
	for _, f := range want {
		folders = append(folders, f)
	}
	sort.Strings(folders)
	t.Logf("procmail and maildrop filed %d delivered messages into %v", len(want), folders)
}

// filedByID reads a Maildir and its Maildir++ folders: the folder (""
// for the inbox) of each message, by its X-E2E-Id (Postfix's own bounce by
// the id quoted in it).
func filedByID(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	folders := []string{""}
	entries, err := os.ReadDir(root)
	require.NoError(t, err)
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), ".") {
			folders = append(folders, e.Name())
		}
	}
	for _, f := range folders {
		msgs, err := maildir(filepath.Join(root, f))
		require.NoError(t, err)
		for _, m := range msgs {
			id := m.get("X-E2E-Id")
			if id == "" && bytes.Contains(m.raw, []byte("X-E2E-Id: recipe-own")) {
				id = "recipe-own"
			}
			_, dup := out[id]
			assert.False(t, dup, "%s filed twice", id)
			out[id] = f
		}
	}
	return out
}
