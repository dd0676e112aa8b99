//go:build e2e

package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Exim and OpenSMTPD are extracted from their Debian packages, never
// installed (they conflict with Postfix): .ci/install-exim-opensmtpd.sh.
const (
	eximRoot   = "/opt/exim-extract"
	osmtpdRoot = "/opt/opensmtpd-extract"
	eximUser   = "Debian-exim" // EXIM_USER of Debian's build
	// OpenSMTPD's queue and control socket are compiled in (PATH_SPOOL,
	// SMTPD_SOCKET): one instance per machine.
	osmtpdSpool  = "/var/spool/smtpd"
	osmtpdSocket = "/var/run/smtpd.sock"
)

// requireExtracted stops the test when an extracted MTA or a user it needs
// is missing: a failure under CI ($CI set), where .ci/run installs them;
// otherwise a skip that says what to run.
func requireExtracted(t *testing.T, name string, paths, users []string) {
	t.Helper()
	var missing []string
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			missing = append(missing, p)
		}
	}
	for _, u := range users {
		if _, err := user.Lookup(u); err != nil {
			missing = append(missing, "user "+u)
		}
	}
	if len(missing) == 0 {
		return
	}
	msg := fmt.Sprintf("%s: missing %s: run .ci/install-exim-opensmtpd.sh as root (.ci/install-mta.sh does)", name, strings.Join(missing, ", "))
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg + " (a failure when CI is set)")
}

// The scripted remote server's replies, chosen by the recipient's local
// part: Postfix 3.7.11's texts for these failures (smtpd_check.c for the
// RCPT replies and the MAIL FROM SIZE check, smtpd.c for the one after
// DATA), so that each report quotes what a real server says.
var scriptedRcpt = map[string]string{
	"unknown": "550 5.1.1 <%s>: Recipient address rejected: User unknown in virtual mailbox table",
	"full":    "552 5.2.2 <%s>: Recipient address rejected: Mailbox full",
	"policy":  "554 5.7.1 <%s>: Relay access denied",
}

const (
	scriptedDataLocal = "big" // refused after DATA
	scriptedDataReply = "552 5.3.4 Error: message file too big"
	scriptedSizeReply = "552 5.3.4 Message size exceeds fixed limit"
)

// startScriptedRemote runs a small SMTP server on a loopback port for the
// test's life and returns the port. It refuses recipients and messages by
// the recipient's local part (scriptedRcpt, scriptedDataLocal) and accepts
// the rest. With sizeLimit > 0 it announces SIZE and refuses a larger
// MAIL FROM SIZE=.
func startScriptedRemote(t *testing.T, sizeLimit int) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var (
		mu    sync.Mutex
		conns = map[net.Conn]bool{}
		wg    sync.WaitGroup
	)
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns[c] = true
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				_ = c.SetDeadline(time.Now().Add(2 * time.Minute))
				if err := scriptedSession(textproto.NewConn(c), sizeLimit); err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) {
					t.Logf("scripted remote: %v", err)
				}
				mu.Lock()
				delete(conns, c)
				mu.Unlock()
				c.Close()
			}()
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port
}

// scriptedSession answers one SMTP session (see startScriptedRemote).
func scriptedSession(c *textproto.Conn, sizeLimit int) error {
	if err := c.PrintfLine("220 remote.test.localhost ESMTP scripted"); err != nil {
		return err
	}
	var rcpts []string // the local parts accepted in this transaction
	for {
		line, err := c.ReadLine()
		if err != nil {
			return err
		}
		verb, arg, _ := strings.Cut(line, " ")
		var reply string
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			reply = "250-remote.test.localhost\r\n"
			if sizeLimit > 0 {
				reply += fmt.Sprintf("250-SIZE %d\r\n", sizeLimit)
			}
			reply += "250 8BITMIME"
		case "MAIL":
			rcpts = nil
			reply = "250 2.1.0 Ok"
			for _, p := range strings.Fields(arg) {
				k, v, _ := strings.Cut(p, "=")
				if n, err := strconv.Atoi(v); err == nil && strings.EqualFold(k, "SIZE") && sizeLimit > 0 && n > sizeLimit {
					reply = scriptedSizeReply
				}
			}
		case "RCPT":
			_, addr, _ := strings.Cut(arg, "<")
			addr, _, _ = strings.Cut(addr, ">")
			local, _, _ := strings.Cut(addr, "@")
			local = strings.ToLower(local)
			if r, ok := scriptedRcpt[local]; ok {
				reply = fmt.Sprintf(r, addr)
			} else {
				rcpts = append(rcpts, local)
				reply = "250 2.1.5 Ok"
			}
		case "DATA":
			if len(rcpts) == 0 {
				reply = "554 5.5.1 Error: no valid recipients"
				break
			}
			if err := c.PrintfLine("354 End data with <CR><LF>.<CR><LF>"); err != nil {
				return err
			}
			if _, err := io.Copy(io.Discard, c.DotReader()); err != nil {
				return err
			}
			reply = "250 2.0.0 Ok: queued"
			for _, r := range rcpts {
				if r == scriptedDataLocal {
					reply = scriptedDataReply
				}
			}
			rcpts = nil
		case "RSET":
			rcpts = nil
			reply = "250 2.0.0 Ok"
		case "QUIT":
			return c.PrintfLine("221 2.0.0 Bye")
		default:
			reply = "250 2.0.0 Ok"
		}
		if err := c.PrintfLine("%s", reply); err != nil {
			return err
		}
	}
}

// stopGroup stops a daemon and whatever it forked (deliveries, queue
// runners): SIGTERM to its process group, SIGKILL to what is left.
func stopGroup(p *process) {
	pgid := p.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
	}
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	<-p.done
}

// tailFile returns the last n lines of a file, or why it cannot.
func tailFile(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	return tail(b, n)
}

// The Exim case's timers, the shortest it accepts (readconf.c takes any
// positive time): a queue run each second, one delay warning after 4 s,
// and the refused host given up 12 s after its first failure, retried
// each second until then.
const (
	eximQueueInterval = "1s"
	eximDelayWarning  = "4s:1h" // one warning: the next would be after an hour
	eximRetryRule     = "F,12s,1s"
)

// TestEximOwnBounces makes Exim 4.96 (Debian's exim4-daemon-light,
// extracted) fail real messages and checks the bounces and the delay
// warning it writes, delivered by Exim itself over SMTP to the sender's
// domain at the test's Postfix, through the milter: reason, hard or soft,
// status, recipient and decoder.
//
// Exim runs as a daemon with its own configuration (-C; with -C it drops
// root and runs as Debian-exim), spool and port. It routes the remote
// domains to scripted SMTP servers (startScriptedRemote), one domain to a
// port that refuses connections, one local domain whose unknown users it
// bounces itself, and one domain to a local file transport with a size
// limit; its own message_size_limit refuses a message submitted on its
// command line.
func TestEximOwnBounces(t *testing.T) {
	t.Parallel()
	exim := filepath.Join(eximRoot, "usr/sbin/exim4")
	requireExtracted(t, "Exim", []string{exim}, []string{eximUser})

	dir := filepath.Join(base, "exim")
	for _, d := range []string{"spool", "log"} {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, d), 0o750))
		require.NoError(t, chownUser(filepath.Join(dir, d), eximUser))
	}
	require.NoError(t, chownUser(dir, eximUser))
	port, err := freePort()
	require.NoError(t, err)
	routes := []struct {
		domain string
		port   int
	}{
		// The sender's domain: Exim's reports go to Postfix, then the milter.
		{"pf.test.localhost", env.postfix.port},
		{"remote.test.localhost", startScriptedRemote(t, 0)},
		{"sized.test.localhost", startScriptedRemote(t, remoteSizeLimit)},
		{"closed.test.localhost", closedPort(t, [4]byte{})},
	}
	var routers, transports strings.Builder
	for i, r := range routes {
		// manualroute to the loopback address: self = send and
		// allow_localhost, or Exim refuses to send to itself.
		fmt.Fprintf(&routers, "route%[1]d:\n  driver = manualroute\n  domains = %[2]s\n  transport = smtp%[1]d\n"+
			"  route_list = * 127.0.0.1\n  self = send\n", i, r.domain)
		fmt.Fprintf(&transports, "smtp%d:\n  driver = smtp\n  port = %d\n  allow_localhost\n", i, r.port)
	}
	conf := filepath.Join(dir, "exim.conf")
	require.NoError(t, os.WriteFile(conf, fmt.Appendf(nil, `exim_path = %[1]s
spool_directory = %[2]s/spool
log_file_path = %[2]s/log/%%slog
primary_hostname = exim.test.localhost
qualify_domain = exim.test.localhost
domainlist local_domains = exim.test.localhost
local_interfaces = 127.0.0.1
daemon_smtp_ports = %[3]d
message_size_limit = 50k
delay_warning = %[4]s
bounce_return_size_limit = 20k
# The too-big message is submitted with -DNOBODY: moan.c would copy all of
# it into its report, itself over message_size_limit then.
.ifdef NOBODY
bounce_return_body = false
.endif
never_users = root
trusted_users = root
# no DNS, no ident, no environment
keep_environment =
host_lookup =
rfc1413_hosts =
acl_smtp_rcpt = acl_check_rcpt

begin acl
acl_check_rcpt:
  accept

begin routers
%[5]ssmall:
  driver = accept
  domains = small.test.localhost
  transport = small_file
# as src/configure.default and Debian's 900_exim4-config_local_user
localuser:
  driver = accept
  domains = +local_domains
  check_local_user
  transport = local_file
  cannot_route_message = Unknown user

begin transports
%[6]slocal_file:
  driver = appendfile
  file = %[2]s/local.mbox
  user = %[7]s
small_file:
  driver = appendfile
  file = %[2]s/small.mbox
  user = %[7]s
  message_size_limit = 10k

begin retry
closed.test.localhost * %[8]s
* * F,2h,15m
`, exim, dir, port, eximDelayWarning, routers.String(), transports.String(), eximUser, eximRetryRule), 0o644))
	out, err := exec.Command(exim, "-C", conf, "-bV").CombinedOutput()
	require.NoError(t, err, "exim -bV: %s", out)

	daemonLog, err := os.Create(filepath.Join(dir, "daemon.out"))
	require.NoError(t, err)
	defer daemonLog.Close()
	cmd := exec.Command(exim, "-C", conf, "-bdf", "-q"+eximQueueInterval)
	cmd.Stdout, cmd.Stderr = daemonLog, daemonLog
	daemon, err := startProcess("exim", cmd)
	require.NoError(t, err)
	t.Cleanup(func() { stopGroup(daemon) })
	require.NoError(t, waitPort(port, 15*time.Second), "exim daemon: %s", tailFile(daemonLog.Name(), 20))

	sender := mailUser + "@pf.test.localhost"
	soft, hard := "soft-bounce", "hard-bounce"
	cases := []ownCase{
		// The slowest first: the refused host is retried until its rule's cutoff.
		{id: "exim-refused", mta: "Exim", failure: "connection refused, delay warning", delay: true,
			// The warning names no cause: Action delayed, Status 4.0.0, and
			// "has not yet been delivered ... after more than 0 minutes on
			// the queue" (deliver.c prints delay_warning in whole minutes).
			recipient: "someone@closed.test.localhost", reason: "expired", kind: soft, status: "4.0.0", decoder: "RFC3464"},
		{id: "exim-refused", mta: "Exim", failure: "connection refused past the retry rule's cutoff",
			// "retry timeout exceeded" (retry.c); the refused connection is
			// only in Exim's log.
			recipient: "someone@closed.test.localhost", reason: "expired", kind: soft, status: "5.0.0", decoder: "RFC3464"},
		{id: "exim-local-unknown", mta: "Exim", failure: "no router accepts the local part",
			// the localuser router's cannot_route_message; Status 5.0.0
			recipient: "nosuchuser@exim.test.localhost", reason: "userunknown", kind: hard, status: "5.0.0", decoder: "RFC3464"},
		{id: "exim-remote-unknown", mta: "Exim", failure: "remote: unknown user at RCPT",
			recipient: "unknown@remote.test.localhost", reason: "userunknown", kind: hard, status: "5.1.1", decoder: "RFC3464"},
		{id: "exim-remote-full", mta: "Exim", failure: "remote: mailbox full at RCPT",
			recipient: "full@remote.test.localhost", reason: "mailboxfull", kind: soft, status: "5.2.2", decoder: "RFC3464"},
		{id: "exim-remote-policy", mta: "Exim", failure: "remote: relaying denied at RCPT",
			recipient: "policy@remote.test.localhost", reason: "norelaying", kind: soft, status: "5.7.1", decoder: "RFC3464"},
		{id: "exim-remote-datasize", mta: "Exim", failure: "remote: 552 after DATA",
			recipient: "big@remote.test.localhost", reason: "emailtoolarge", kind: soft, status: "5.3.4", decoder: "RFC3464"},
		{id: "exim-remote-mailsize", mta: "Exim", failure: "remote: MAIL FROM SIZE= over its SIZE",
			recipient: "someone@sized.test.localhost", reason: "emailtoolarge", kind: soft, status: "5.3.4", decoder: "RFC3464"},
		{id: "exim-transport-size", mta: "Exim", failure: "appendfile transport's message_size_limit",
			// Exim keeps a local transport's message out of the report
			// (deliver.c passes it only with af_pass_message): Status
			// 5.0.0 and nothing that says why.
			recipient: "someone@small.test.localhost", reason: "undefined", kind: soft, status: "5.0.0", decoder: "RFC3464"},
		{id: "exim-global-size", mta: "Exim", failure: "command line submission over message_size_limit",
			// moan.c's "Mail failure - message too big", Exim's own text
			// report with no status: Sisimai's pseudo code for the reason.
			recipient: "someone@small.test.localhost", reason: "emailtoolarge", kind: soft, status: "5.0.934", decoder: "Exim"},
	}
	sizes := map[string]int{"exim-remote-mailsize": 16 << 10, "exim-transport-size": 16 << 10}
	for _, c := range cases[1:9] {
		require.NoError(t, smtpSend(port, sender, []string{c.recipient}, ownMessage(c.id, sender, c.recipient, sizes[c.id])), c.id)
	}
	// Refused while Exim reads it from its command line, so it is moan.c
	// that reports, not a delivery.
	gs := cases[9]
	submit := exec.Command(exim, "-C", conf, "-DNOBODY", "-odf", "-oi", "-f", sender, gs.recipient)
	submit.Stdin = bytes.NewReader(ownMessage(gs.id, sender, gs.recipient, 60<<10))
	submit.WaitDelay = 30 * time.Second
	out, err = submit.CombinedOutput()
	t.Logf("exim command line %s (refused: exit status 1 expected): %v %s", gs.id, err, out)

	isDelay := func(d delivered) bool { return strings.HasPrefix(d.get("Subject"), "Warning: message") }
	got := ownReports(t, cases, 2*time.Minute, isDelay, func() string {
		return "exim mainlog:\n" + tailFile(filepath.Join(dir, "log", "mainlog"), 40) +
			"\nexim paniclog:\n" + tailFile(filepath.Join(dir, "log", "paniclog"), 10) +
			"\npostfix log:\n" + tailFile(filepath.Join(env.postfix.dir, "postfix.log"), 20)
	})
	for _, c := range cases {
		assertOwnReport(t, c, got)
	}
}

// The OpenSMTPD case's timers (parse.y's delaytonum takes seconds). Its
// relay gives up on the refused port after about 20 s of connection
// attempts ("Network error on destination MXs", mta.c), then waits 400 s
// to retry (scheduler_ramqueue.c): the delay notice is due at once, and
// the envelope expires at the queue's lifetime, which must come after.
const (
	osmtpdWarnInterval = "5s"
	osmtpdQueueTTL     = "35s"
)

// TestOpenSMTPDOwnBounces makes OpenSMTPD 6.8.0p2 (Debian's opensmtpd,
// extracted) fail real messages and checks the bounces and the delay
// notice it writes, relayed by OpenSMTPD itself to the sender's domain at
// the test's Postfix, through the milter: reason, hard or soft, status,
// recipient and decoder.
//
// smtpd runs in the foreground (-d) with its own configuration and port,
// but its queue and control socket are compiled in (osmtpdSpool,
// osmtpdSocket): runs on one machine take turns (a lock in runsDir). It relays the remote domains to scripted SMTP servers
// and one to a port that refuses connections, on 127.0.0.2: after a
// refused connection OpenSMTPD disables every route to that address for a
// while (mta.c), ports regardless, and the other relays would fail too. Its own refusals (unknown
// local user, its max-message-size) are replies in the session, not
// reports, so they are not here.
func TestOpenSMTPDOwnBounces(t *testing.T) {
	t.Parallel()
	smtpd := filepath.Join(osmtpdRoot, "usr/sbin/smtpd")
	requireExtracted(t, "OpenSMTPD", []string{smtpd, "/var/lib/opensmtpd/empty"}, []string{"opensmtpd", "opensmtpq"})
	// Another run's OpenSMTPD test uses the same queue: wait for it.
	lock, err := os.OpenFile(filepath.Join(runsDir, "opensmtpd.lock"), os.O_RDWR|os.O_CREATE, 0o600)
	require.NoError(t, err)
	t.Cleanup(func() { lock.Close() })
	require.NoError(t, waitFor(t.Context(), 3*time.Minute, func() (bool, error) {
		err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		return err == nil, nil
	}), "another run's OpenSMTPD test holds %s", lock.Name())
	if c, err := net.Dial("unix", osmtpdSocket); err == nil {
		c.Close()
		t.Fatalf("an OpenSMTPD is running (%s answers): its queue %s is in use", osmtpdSocket, osmtpdSpool)
	}
	if _, err := os.Stat("/usr/sbin/smtpd"); err == nil {
		t.Fatalf("OpenSMTPD is installed (/usr/sbin/smtpd): the test will not touch its queue %s", osmtpdSpool)
	}
	// What a killed run left in the queue would be sent again.
	require.NoError(t, os.RemoveAll(osmtpdSpool))

	dir := filepath.Join(base, "opensmtpd")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	port, err := freePort()
	require.NoError(t, err)
	conf := filepath.Join(dir, "smtpd.conf")
	require.NoError(t, os.WriteFile(conf, fmt.Appendf(nil, `smtp max-message-size 20k
queue ttl %[1]s
bounce warn-interval %[2]s
listen on 127.0.0.1 port %[3]d hostname osmtpd.test.localhost

action "sender" relay host smtp://127.0.0.1:%[4]d helo osmtpd.test.localhost
action "remote" relay host smtp://127.0.0.1:%[5]d helo osmtpd.test.localhost
action "sized" relay host smtp://127.0.0.1:%[6]d helo osmtpd.test.localhost
action "closed" relay host smtp://127.0.0.2:%[7]d helo osmtpd.test.localhost

# the sender's domain: OpenSMTPD's reports go to Postfix, then the milter
match from any for domain "pf.test.localhost" action "sender"
match from any for domain "remote.test.localhost" action "remote"
match from any for domain "sized.test.localhost" action "sized"
match from any for domain "closed.test.localhost" action "closed"
`, osmtpdQueueTTL, osmtpdWarnInterval, port, env.postfix.port, startScriptedRemote(t, 0),
		startScriptedRemote(t, remoteSizeLimit), closedPort(t, [4]byte{127, 0, 0, 2})), 0o644))
	out, err := exec.Command(smtpd, "-n", "-f", conf).CombinedOutput()
	require.NoError(t, err, "smtpd -n: %s", out)

	logPath := filepath.Join(dir, "smtpd.log")
	daemonLog, err := os.Create(logPath)
	require.NoError(t, err)
	defer daemonLog.Close()
	cmd := exec.Command(smtpd, "-d", "-f", conf)
	cmd.Stdout, cmd.Stderr = daemonLog, daemonLog
	daemon, err := startProcess("smtpd", cmd)
	require.NoError(t, err)
	t.Cleanup(func() {
		stopGroup(daemon)
		if !t.Failed() {
			_ = os.RemoveAll(osmtpdSpool)
		}
	})
	require.NoError(t, waitPort(port, 15*time.Second), "smtpd: %s", tailFile(logPath, 20))

	sender := mailUser + "@pf.test.localhost"
	soft, hard := "soft-bounce", "hard-bounce"
	cases := []ownCase{
		// The slowest first.
		{id: "osmtpd-refused", mta: "OpenSMTPD", failure: "connection refused, delay notice", delay: true,
			// "Network error on destination MXs" (mta.c: every connection
			// failed), Action delayed, Status 4.0.0
			recipient: "someone@closed.test.localhost", reason: "networkerror", kind: soft, status: "4.0.0", decoder: "RFC3464"},
		{id: "osmtpd-refused", mta: "OpenSMTPD", failure: "connection refused until the queue ttl",
			// "Envelope expired" with 4.4.7 (queue.c); bounce.c words it as
			// a delay ("delayed for more than 0 seconds", Action delayed),
			// though the message is given up.
			recipient: "someone@closed.test.localhost", reason: "expired", kind: soft, status: "4.4.7", decoder: "RFC3464"},
		// The remote's replies are quoted under the notice's Status 5.0.0:
		// the reply's code, of the same class and more specific, is reported.
		{id: "osmtpd-remote-unknown", mta: "OpenSMTPD", failure: "remote: unknown user at RCPT",
			recipient: "unknown@remote.test.localhost", reason: "userunknown", kind: hard, status: "5.1.1", decoder: "RFC3464"},
		{id: "osmtpd-remote-full", mta: "OpenSMTPD", failure: "remote: mailbox full at RCPT",
			recipient: "full@remote.test.localhost", reason: "mailboxfull", kind: soft, status: "5.2.2", decoder: "RFC3464"},
		{id: "osmtpd-remote-policy", mta: "OpenSMTPD", failure: "remote: relaying denied at RCPT",
			recipient: "policy@remote.test.localhost", reason: "norelaying", kind: soft, status: "5.7.1", decoder: "RFC3464"},
		{id: "osmtpd-remote-datasize", mta: "OpenSMTPD", failure: "remote: 552 after DATA",
			recipient: "big@remote.test.localhost", reason: "emailtoolarge", kind: soft, status: "5.3.4", decoder: "RFC3464"},
		{id: "osmtpd-peer-size", mta: "OpenSMTPD", failure: "its own check against the remote's SIZE",
			// "message too large for peer" (mta_session.c), Status 5.0.0
			recipient: "someone@sized.test.localhost", reason: "emailtoolarge", kind: soft, status: "5.0.0", decoder: "RFC3464"},
	}
	sizes := map[string]int{"osmtpd-peer-size": 16 << 10}
	for _, c := range cases[1:] {
		require.NoError(t, smtpSend(port, sender, []string{c.recipient}, ownMessage(c.id, sender, c.recipient, sizes[c.id])), c.id)
	}

	// bounce.c's subjects: "Delivery status notification: failed" or
	// "...: delayed"; the expired envelope's notice is a "delayed" one too,
	// but names its cause, "Envelope expired" (queue.c).
	isDelay := func(d delivered) bool {
		return strings.HasSuffix(d.get("Subject"), ": delayed") && !bytes.Contains(d.raw, []byte("Envelope expired"))
	}
	got := ownReports(t, cases, 2*time.Minute, isDelay, func() string {
		return "smtpd log:\n" + tailFile(logPath, 40) +
			"\npostfix log:\n" + tailFile(filepath.Join(env.postfix.dir, "postfix.log"), 20)
	})
	for _, c := range cases {
		assertOwnReport(t, c, got)
	}
}
