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
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/milter"
)

// saveEnv names a directory where TestOwnBounces saves each bounce as it
// was delivered, without the milter's stamps, to measure the classifier
// on them outside the tests.
const saveEnv = "BM_E2E_SAVE"

// ownCase is one failure a real MTA turns into its own bounce (or delay
// notice), which comes back to the sender's Maildir through the milter.
type ownCase struct {
	id        string // the X-E2E-Id of the message that fails
	mta       string // who fails it and writes the report
	failure   string
	delay     bool   // the delay notice, not the final bounce
	recipient string // the address the report names (domain as the MTA writes it)
	// What the MTA's text and status mean, decided from the MTA's sources
	// (Postfix 3.7.11, Sendmail 8.17.1.9, Exim 4.96, OpenSMTPD 6.8.0p2),
	// not from the classifier.
	reason, kind, status string
	// The decoder that reads the report's format: RFC3464 for a
	// multipart/report, the MTA's own for its text reports.
	decoder string
}

// TestOwnBounces makes the installed Postfix and Sendmail fail real
// messages in several ways and checks that their own bounces, delivered
// back to the sender through the milter, are stamped with the reason their
// text names, hard or soft, the status and the recipient.
//
// The main Postfix instance is the sender's: it delivers locally, and for
// the test domains (etc/transport) it relays to a second Postfix, the
// "remote", which refuses some recipients at RCPT, has a 10 KB
// message_size_limit (announced by SIZE on one port, not on the other), a
// full mailbox, and relays one domain to a loopback port that refuses
// connections, with a lifetime of seconds. The remote's own bounces go
// back to the main instance by SMTP. Sendmail, fed on its command line,
// sends its bounces to the main instance as its smart host.
//
// It runs in parallel with TestEximOwnBounces and TestOpenSMTPDOwnBounces,
// after the other tests (go test holds parallel tests until the serial
// ones are done): they share only the main instance and the sender's
// Maildir, where each finds its reports by the X-E2E-Ids they quote.
func TestOwnBounces(t *testing.T) {
	t.Parallel()
	sender := mailUser + "@localhost"
	remote, ports := startRemote(t)

	// Messages for these domains leave the main instance for the remote.
	transport := fmt.Sprintf("remote.test.localhost smtp:[127.0.0.1]:%[1]d\nother.test.localhost smtp:[127.0.0.1]:%[1]d\n"+
		"nosize.test.localhost smtp:[127.0.0.1]:%[2]d\n", ports.smtp, ports.noSize)
	require.NoError(t, os.WriteFile(filepath.Join(env.postfix.conf, "transport"), []byte(transport), 0o644))
	reloadPostfix(t, env.postfix)
	t.Cleanup(func() {
		_ = os.WriteFile(filepath.Join(env.postfix.conf, "transport"), nil, 0o644)
		reloadPostfix(t, env.postfix)
	})

	// sieveUser's mbox at the remote is 100 bytes short of its limit.
	mbox := filepath.Join("/var/mail", sieveUser)
	require.NoError(t, os.WriteFile(mbox, bytes.Repeat([]byte("x"), remoteMailboxLimit-100), 0o600))
	require.NoError(t, chownUser(mbox, sieveUser))
	t.Cleanup(func() { _ = os.Remove(mbox) })

	full := sieveUser + "@remote.test.localhost"
	cases := []ownCase{
		{id: "own-local-unknown", mta: "Postfix", failure: "local(8): unknown user",
			recipient: "nosuchuser@localhost", reason: "userunknown", kind: "hard-bounce", status: "5.1.1", decoder: "RFC3464"},
		{id: "own-rcpt-unknown", mta: "Postfix", failure: "remote smtpd: unknown user at RCPT",
			recipient: "nosuchuser@remote.test.localhost", reason: "userunknown", kind: "hard-bounce", status: "5.1.1", decoder: "RFC3464"},
		{id: "own-relay-denied", mta: "Postfix", failure: "remote smtpd: relaying refused at RCPT",
			recipient: "someone@other.test.localhost", reason: "norelaying", kind: "soft-bounce", status: "5.7.1", decoder: "RFC3464"},
		{id: "own-size-announced", mta: "Postfix", failure: "smtp(8): bigger than the remote's SIZE",
			recipient: full, reason: "emailtoolarge", kind: "soft-bounce", status: "5.3.4", decoder: "RFC3464"},
		{id: "own-size-reply", mta: "Postfix", failure: "remote smtpd: 552 after DATA",
			recipient: sieveUser + "@nosize.test.localhost", reason: "emailtoolarge", kind: "soft-bounce", status: "5.3.4", decoder: "RFC3464"},
		{id: "own-mailbox-full", mta: "Postfix", failure: "remote local(8): mbox over mailbox_size_limit",
			recipient: full, reason: "mailboxfull", kind: "soft-bounce", status: "5.2.2", decoder: "RFC3464"},
		{id: "own-lda-quota", mta: "Postfix", failure: "remote local(8): dovecot-lda -e over its quota, exit 77",
			// local(8) maps the exit status (EX_NOPERM) to 5.7.0; Dovecot's words name the reason.
			recipient: mailUser + "@remote.test.localhost", reason: "mailboxfull", kind: "soft-bounce", status: "5.7.0", decoder: "RFC3464"},
		{id: "own-refused", mta: "Postfix", failure: "remote smtp(8): connection refused, delay notice",
			delay: true, recipient: "someone@closed.test.localhost", reason: "networkerror", kind: "soft-bounce", status: "4.4.1", decoder: "RFC3464"},
		// Returned when maximal_queue_lifetime ran out (qmgr logs
		// "status=expired"), but the report says only what failed: action
		// failed, the last deferral's 4.4.1 and "Connection refused". The
		// text names the reason, as for Postfix's other expired reports
		// whose last deferral names one (mailbox full, lost connection).
		{id: "own-refused", mta: "Postfix", failure: "remote smtp(8): connection refused until maximal_queue_lifetime",
			recipient: "someone@closed.test.localhost", reason: "networkerror", kind: "soft-bounce", status: "4.4.1", decoder: "RFC3464"},
		{id: "own-sm-unknown", mta: "Sendmail", failure: "unknown local user",
			recipient: "nosuchuser@", reason: "userunknown", kind: "hard-bounce", status: "5.1.1", decoder: "RFC3464"},
		{id: "own-sm-size", mta: "Sendmail", failure: "over MaxMessageSize",
			// The report's status is 5.0.0; the transcript's 552 5.2.3, of the
			// same class and more specific, is the one reported.
			recipient: mailUser + "@", reason: "emailtoolarge", kind: "soft-bounce", status: "5.2.3", decoder: "RFC3464"},
	}

	msg := func(id, to string, size int) []byte { return ownMessage(id, sender, to, size) }
	// The slowest first: the refused message is retried for seconds.
	require.NoError(t, smtpSend(remote.port, sender, []string{"someone@closed.test.localhost"}, msg("own-refused", "someone@closed.test.localhost", 0)))
	require.NoError(t, smtpSend(remote.port, sender, []string{full}, msg("own-mailbox-full", full, 0)))
	quota := mailUser + "@remote.test.localhost"
	require.NoError(t, smtpSend(remote.port, sender, []string{quota}, msg("own-lda-quota", quota, 2*remoteQuota)))
	for _, c := range cases[:5] {
		size := 0
		if strings.HasPrefix(c.id, "own-size") {
			size = 2 * remoteSizeLimit
		}
		require.NoError(t, smtpSend(env.postfix.port, sender, []string{c.recipient}, msg(c.id, c.recipient, size)), c.id)
	}

	// Sendmail takes messages on its command line and mails its bounces to
	// the sender at Postfix, a host it does not take for itself.
	smPort, err := freePort()
	require.NoError(t, err)
	_, cf := startSendmail(t, smPort, env.milterPort, sendmailOptions{relayPort: env.postfix.port, maxSize: remoteSizeLimit})
	smSender := mailUser + "@pf.test.localhost"
	for _, m := range []struct {
		id   string
		size int
		to   string
	}{{"own-sm-unknown", 0, "nosuchuser"}, {"own-sm-size", 2 * remoteSizeLimit, mailUser}} {
		cmd := exec.Command(filepath.Join(smRoot, "usr/libexec/sendmail/sendmail"), "-C"+cf, "-oem", "-odi", "-f", smSender, m.to)
		cmd.Stdin = bytes.NewReader(msg(m.id, m.to, m.size))
		out, err := cmd.CombinedOutput()
		// -oem: the error is mailed back; sendmail may still exit non-zero.
		t.Logf("sendmail %s: %v %s", m.id, err, out)
	}

	got := ownBounces(t, cases)
	for _, c := range cases {
		assertOwnReport(t, c, got)
	}
}

// The remote's limits: message_size_limit, mailbox_size_limit, and the
// Dovecot quota of mailUser's mailbox there.
const (
	remoteSizeLimit    = 10240
	remoteMailboxLimit = 51200
	remoteQuota        = 1024
)

// remotePorts are the remote instance's ports, and the one that refuses.
type remotePorts struct{ smtp, noSize, closed int }

// startRemote starts the second Postfix instance (see TestOwnBounces) and
// reserves a loopback port that refuses connections (closedPort).
func startRemote(t *testing.T) (*postfix, remotePorts) {
	t.Helper()
	ports := remotePorts{closed: closedPort(t, [4]byte{})}
	var err error
	ports.smtp, err = freePort()
	require.NoError(t, err)
	ports.noSize, err = freePort()
	require.NoError(t, err)

	dir := filepath.Join(base, "remote")
	// mailUser's mail at the remote goes through dovecot-lda -e (errors to
	// stderr, exit status for local(8)) into a folder of its own with a quota.
	quotaDir := filepath.Join(dir, "dovecot-quota")
	require.NoError(t, os.MkdirAll(quotaDir, 0o755))
	quotaLog := filepath.Join(quotaDir, "dovecot.log")
	require.NoError(t, os.WriteFile(quotaLog, nil, 0o666))
	require.NoError(t, os.Chmod(quotaLog, 0o666))
	quotaConf := filepath.Join(quotaDir, "dovecot.conf")
	require.NoError(t, os.WriteFile(quotaConf, []byte(fmt.Sprintf(`ssl = no
base_dir = %[1]s/run
mail_location = maildir:~/quota-test
first_valid_uid = 1000
userdb {
  driver = passwd
}
passdb {
  driver = passwd
}
mail_plugins = $mail_plugins quota
plugin {
  quota = maildir:User quota
  quota_rule = *:storage=%[2]dB
}
log_path = %[3]s
`, quotaDir, remoteQuota, quotaLog)), 0o644))
	lda := fmt.Sprintf(`/usr/lib/dovecot/dovecot-lda -e -c %s -f "$SENDER" -a "$RECIPIENT"`, quotaConf)
	main := fmt.Sprintf(`compatibility_level = 3.6
queue_directory = %[1]s/spool
data_directory = %[1]s/data
myhostname = remote.test.localhost
mydomain = test.localhost
mydestination = $myhostname, nosize.test.localhost
relay_domains = closed.test.localhost
transport_maps = inline:{closed.test.localhost=smtp:[127.0.0.1]:%[2]d}
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
# the main instance is not a trusted client: relaying to others is denied
mynetworks = 192.0.2.1/32
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
# everything else, its bounces included, goes back to the main instance
relayhost = [127.0.0.1]:%[3]d
alias_maps =
alias_database =
home_mailbox =
mail_spool_directory = /var/mail
mailbox_command_maps = texthash:%[1]s/etc/mailbox_commands
message_size_limit = %[4]d
mailbox_size_limit = %[5]d
biff = no
maillog_file = %[1]s/postfix.log
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
# the first deferral already sends the delay notice (qmgr_active.c warns
# from warn_time - 1); the lifetime leaves room for it on a loaded machine
delay_warning_time = 1s
maximal_queue_lifetime = 8s
`, dir, ports.closed, env.postfix.port, remoteSizeLimit, remoteMailboxLimit)
	pf, err := runPostfix(dir, ports.smtp, main, map[string]string{"mailbox_commands": mailUser + " " + lda + "\n"},
		fmt.Sprintf("127.0.0.1:%d inet n - n - - smtpd -o smtpd_discard_ehlo_keywords=size", ports.noSize))
	require.NoError(t, err, "the remote Postfix")
	t.Cleanup(pf.stop)
	return pf, ports
}

// reloadPostfix makes an instance read its configuration again.
func reloadPostfix(t *testing.T, pf *postfix) {
	t.Helper()
	out, err := exec.Command("postfix", "-c", pf.conf, "reload").CombinedOutput()
	require.NoError(t, err, "postfix reload: %s", out)
}

func ownKey(id string, delay bool) string {
	if delay {
		return id + "/delay"
	}
	return id
}

// returnedID finds the X-E2E-Id a report quotes from the returned message.
var returnedID = regexp.MustCompile(`(?m)^X-E2E-Id: (\S+)\r?$`)

// ownBounces waits for the reports of TestOwnBounces: Postfix names its
// delay notices "Delayed Mail" in the subject (bounce(8) templates).
func ownBounces(t *testing.T, cases []ownCase) map[string]delivered {
	t.Helper()
	isDelay := func(d delivered) bool { return strings.HasPrefix(d.get("Subject"), "Delayed Mail") }
	return ownReports(t, cases, 90*time.Second, isDelay, func() string {
		log, _ := os.ReadFile(filepath.Join(env.postfix.dir, "postfix.log"))
		rlog, _ := os.ReadFile(filepath.Join(base, "remote", "postfix.log"))
		return "main log:\n" + tail(log, 30) + "\nremote log:\n" + tail(rlog, 30)
	})
}

// ownReports waits until a report for each case is in the sender's
// Maildir and returns them by ownKey: the X-E2E-Id the report quotes from
// the returned message, and whether the report is a delay notice, as
// isDelay tells from what the MTA wrote. On failure it shows logs().
func ownReports(t *testing.T, cases []ownCase, within time.Duration, isDelay func(delivered) bool, logs func() string) map[string]delivered {
	t.Helper()
	mb := newMailbox(filepath.Join(homeOf(t, mailUser), "Maildir"))
	got := map[string]delivered{}
	read := 0
	err := waitFor(t.Context(), within, func() (bool, error) {
		if err := mb.poll(); err != nil {
			return false, err
		}
		for _, m := range mb.arrived[read:] {
			if m.get("Return-Path") != "<>" {
				continue
			}
			if id := returnedID.FindSubmatch(m.raw); id != nil {
				got[ownKey(string(id[1]), isDelay(m))] = m
			}
		}
		read = len(mb.arrived)
		for _, c := range cases {
			if _, ok := got[ownKey(c.id, c.delay)]; !ok {
				return false, nil
			}
		}
		return true, nil
	})
	if err != nil {
		var keys []string
		for k := range got {
			keys = append(keys, k)
		}
		t.Fatalf("reports: %v; arrived %v\n%s", err, keys, logs())
	}
	return got
}

// assertOwnReport checks the report got holds for c: stamped by the milter
// with the reason, hard or soft, status, recipient and decoder c expects.
// With $BM_E2E_SAVE set it saves the report without the stamps.
func assertOwnReport(t *testing.T, c ownCase, got map[string]delivered) {
	t.Helper()
	key := ownKey(c.id, c.delay)
	d, ok := got[key]
	if !assert.True(t, ok, "%s: no report", key) {
		return
	}
	assert.Equal(t, "<>", d.get("Return-Path"), key)
	assert.Equal(t, c.reason, d.get("X-Bounce-Reason"), "%s (%s: %s):\n%s", key, c.mta, c.failure, d.raw[:min(len(d.raw), 4000)])
	assert.Equal(t, c.kind, d.get("X-Bounce-Kind"), key)
	detail := milter.ParseDetail(d.get("X-Bounce-Detail"))
	assert.Equal(t, c.status, detail["status"], key)
	assert.Contains(t, detail["recipient"], c.recipient, key)
	assert.Equal(t, c.decoder, detail["decoder"], key)
	// What a procmail or maildrop rule matches, byte for byte.
	assert.Contains(t, string(d.raw), "\nX-Bounce-Reason: "+c.reason+"\n", key)
	assert.Contains(t, string(d.raw), "\nX-Bounce-Kind: "+c.kind+"\n", key)
	t.Logf("%-30s %-9s %-60s %s %s %s %s decoder=%s rule=%s", key, c.mta, c.failure, d.get("X-Bounce-Reason"), d.get("X-Bounce-Kind"),
		detail["status"], detail["recipient"], detail["decoder"], detail["rule"])
	if dir := os.Getenv(saveEnv); dir != "" {
		name := strings.ReplaceAll(strings.TrimPrefix(key, "own-"), "/", "-") + ".eml"
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), unstamped(d.raw), 0o644))
	}
}

// ownMessage is a message from one sender to one recipient, with its
// X-E2E-Id, padded to at least size bytes when size > 0.
func ownMessage(id, from, to string, size int) []byte {
	body := "hello\n"
	if size > 0 {
		body = strings.Repeat("This line makes the message larger than the receiver's limit.\n", size/63+1)
	}
	return withID(id, []byte("From: "+from+"\nTo: "+to+"\nSubject: "+id+"\n"+
		"Date: Mon, 01 Jan 2024 12:00:00 +0000\nMessage-ID: <"+id+"@example.org>\n\n"+body))
}

// closedPort reserves a port on a loopback address (127.0.0.1 when ip is
// zero) that refuses connections for as long as the test runs: bound,
// never listening.
func closedPort(t *testing.T, ip [4]byte) int {
	t.Helper()
	if ip == ([4]byte{}) {
		ip = [4]byte{127, 0, 0, 1}
	}
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	require.NoError(t, err)
	t.Cleanup(func() { _ = syscall.Close(fd) })
	require.NoError(t, syscall.Bind(fd, &syscall.SockaddrInet4{Addr: ip}))
	sa, err := syscall.Getsockname(fd)
	require.NoError(t, err)
	return sa.(*syscall.SockaddrInet4).Port
}

// unstamped returns a delivered message without the X-Bounce-* fields.
func unstamped(raw []byte) []byte {
	var out bytes.Buffer
	inHeader, skipping := true, false
	for _, line := range bytes.SplitAfter(raw, []byte("\n")) {
		if inHeader {
			if len(bytes.TrimRight(line, "\r\n")) == 0 {
				inHeader = false
			} else if line[0] == ' ' || line[0] == '\t' {
				if skipping {
					continue
				}
			} else {
				skipping = len(line) > 9 && strings.EqualFold(string(line[:9]), "X-Bounce-")
				if skipping {
					continue
				}
			}
		}
		out.Write(line)
	}
	return out.Bytes()
}
