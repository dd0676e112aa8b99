//go:build e2e

// Package e2e tests bounce-milter end to end with the real mail systems:
// Postfix, Sendmail and Dovecot's LDA with Sieve, and Exim and OpenSMTPD
// writing their own bounces, on loopback, each on its own ports,
// configuration and spool, started by the tests and stopped by pid. It
// needs root and .ci/install-mta.sh; run it with
//
//	go test -count=1 -tags e2e ./milter/e2e/
//
// (.ci/e2e.sh does). BM_E2E_LOAD sets the load test's message count;
// BM_E2E_BIN an installed bounce-milter to test instead of building one.
//
// Each run has its own directory under runsDir (locked while it runs),
// free ports, and two test users of its own (their mailboxes with them),
// created at the start and removed at the end: two runs on one machine do
// not see each other's mail. A run that was killed leaves its directory
// and users behind; the next run removes them.
package e2e

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/smtp"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
	"github.com/bounce-milter/bounce-milter/milter"
)

const (
	runsDir    = "/var/spool/bounce-milter-e2e" // not under /tmp: Sendmail refuses world-writable parents
	smRoot     = "/opt/sendmail-extract"
	corpusDir  = "../../testdata/corpus"
	contribDir = "../../contrib"
)

// This run's directory and test users, made by setup.
var (
	base      string // runsDir/run-ID
	mailUser  string // Postfix delivers to ~/Maildir, Sendmail to /var/mail/USER
	sieveUser string // Postfix delivers through dovecot-lda and the contrib Sieve script
)

// testUserName matches the users runs create: bm, the run's ID, m or s.
var testUserName = regexp.MustCompile(`^bm[0-9a-f]{8}[ms]$`)

// env is what TestMain set up.
var env struct {
	bin         string // the bounce-milter binary
	milterPort  int
	metricsPort int
	milter      *process
	postfix     *postfix
}

func TestMain(m *testing.M) {
	code, err := setup(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e setup:", err)
		code = 1
	}
	os.Exit(code)
}

// setup builds the milter, starts it and Postfix, runs the tests and
// tears everything down by pid, whatever happened.
func setup(m *testing.M) (int, error) {
	if os.Geteuid() != 0 {
		return 1, errors.New("the e2e tests need root (run .ci/run, or sudo go test -tags e2e)")
	}
	for _, p := range []string{"/usr/sbin/postfix", smRoot + "/usr/libexec/sendmail/sendmail", "/usr/lib/dovecot/dovecot-lda"} {
		if _, err := os.Stat(p); err != nil {
			return 1, fmt.Errorf("%s missing: run .ci/install-mta.sh: %w", p, err)
		}
	}
	release, err := newRun()
	if err != nil {
		return 1, err
	}
	code := 1
	defer func() { release(code == 0) }()
	if env.bin, err = milterBinary(); err != nil {
		return 1, err
	}
	if env.milterPort, err = freePort(); err != nil {
		return 1, err
	}
	if env.metricsPort, err = freePort(); err != nil {
		return 1, err
	}
	if env.milter, err = startMilter(); err != nil {
		return 1, err
	}
	defer func() { env.milter.stop() }() // the tests may replace it
	smtpPort, err := freePort()
	if err != nil {
		return 1, err
	}
	if env.postfix, err = startPostfix(filepath.Join(base, "postfix"), smtpPort, env.milterPort); err != nil {
		return 1, err
	}
	defer func() { env.postfix.stop() }()
	code = m.Run()
	return code, nil
}

// binEnv names a bounce-milter binary to test instead of one built from
// this checkout: CI sets it to the binary the Debian package installed.
const binEnv = "BM_E2E_BIN"

// milterBinary returns the binary the tests run: $BM_E2E_BIN, or one built
// from this checkout into the run's directory.
func milterBinary() (string, error) {
	if bin := os.Getenv(binEnv); bin != "" {
		if !filepath.IsAbs(bin) {
			return "", fmt.Errorf("%s=%s: want an absolute path", binEnv, bin)
		}
		out, err := exec.Command(bin, "version").CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("%s=%s: %w: %s", binEnv, bin, err, out)
		}
		fmt.Fprintf(os.Stderr, "e2e: testing %s (%s)\n", bin, strings.TrimSpace(string(out)))
		return bin, nil
	}
	bin := filepath.Join(base, "bounce-milter")
	build := exec.Command("go", "build", "-o", bin, "../../cmd/bounce-milter")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("build: %w", err)
	}
	return bin, nil
}

// newRun makes this run's directory (locked while the run lives) and its
// test users, after removing what killed runs left. release removes them
// again; after a failure it keeps the directory for its logs.
func newRun() (release func(passed bool), err error) {
	if err := os.MkdirAll(runsDir, 0o755); err != nil {
		return nil, err
	}
	if err := os.Chmod(runsDir, 0o755); err != nil {
		return nil, err
	}
	sweepRuns()
	var id [4]byte
	if _, err := rand.Read(id[:]); err != nil {
		return nil, err
	}
	hexID := hex.EncodeToString(id[:])
	// Made under another name and renamed once locked, so that a sweep
	// never sees a run's directory without its lock held.
	tmp := filepath.Join(runsDir, "new-"+hexID)
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return nil, err
	}
	lock, err := os.OpenFile(filepath.Join(tmp, "lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return nil, fmt.Errorf("lock %s: %w", tmp, err)
	}
	base = filepath.Join(runsDir, "run-"+hexID)
	if err := os.Rename(tmp, base); err != nil {
		return nil, err
	}
	mailUser, sieveUser = "bm"+hexID+"m", "bm"+hexID+"s"
	users := []string{mailUser, sieveUser}
	if err := os.WriteFile(filepath.Join(base, "users"), []byte(strings.Join(users, "\n")+"\n"), 0o644); err != nil {
		return nil, err
	}
	removeUsers := func() {
		for _, u := range users {
			_ = exec.Command("userdel", u).Run()
			_ = os.Remove(filepath.Join("/var/mail", u))
		}
	}
	for _, u := range users {
		home := filepath.Join(base, "home", u)
		if out, err := exec.Command("useradd", "-M", "-d", home, "-s", "/usr/sbin/nologin", u).CombinedOutput(); err != nil {
			removeUsers()
			return nil, fmt.Errorf("useradd %s: %w: %s", u, err, out)
		}
		if err := os.MkdirAll(home, 0o755); err != nil {
			removeUsers()
			return nil, err
		}
		if err := os.Chmod(filepath.Dir(home), 0o755); err != nil {
			removeUsers()
			return nil, err
		}
		if err := chownUser(home, u); err != nil {
			removeUsers()
			return nil, err
		}
	}
	return func(passed bool) {
		removeUsers()
		if passed && os.Getenv("BM_E2E_KEEP") == "" {
			_ = os.RemoveAll(base)
		} else {
			fmt.Fprintf(os.Stderr, "e2e: this run's logs and configuration are kept in %s\n", base)
		}
		lock.Close()
	}, nil
}

// sweepRuns removes the directories and test users of runs that are gone
// (their lock is free); a run in progress holds its lock and is left alone.
func sweepRuns() {
	entries, err := os.ReadDir(runsDir)
	if err != nil {
		return
	}
	for _, e := range entries {
		dir := filepath.Join(runsDir, e.Name())
		if !e.IsDir() || !strings.HasPrefix(e.Name(), "run-") {
			continue
		}
		lock, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_RDWR|syscall.O_NOFOLLOW, 0)
		if err == nil {
			err = syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			if lock != nil {
				lock.Close()
			}
			continue // in use, or not ours to judge
		}
		if b, err := os.ReadFile(filepath.Join(dir, "users")); err == nil {
			for _, u := range strings.Fields(string(b)) {
				if testUserName.MatchString(u) {
					_ = exec.Command("userdel", u).Run()
					_ = os.Remove(filepath.Join("/var/mail", u))
				}
			}
		}
		_ = os.RemoveAll(dir)
		if lock != nil {
			lock.Close()
		}
	}
}

// freePort returns a loopback TCP port nobody listens on now.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// waitPort waits until something accepts on 127.0.0.1:port.
func waitPort(port int, within time.Duration) error {
	deadline := time.Now().Add(within)
	for {
		c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("port %d not up within %s: %w", port, within, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// process is a daemon the tests started and stop by pid.
type process struct {
	name string
	cmd  *exec.Cmd
	done chan struct{}
}

// startProcess starts cmd in its own process group.
func startProcess(name string, cmd *exec.Cmd) (*process, error) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &process{name: name, cmd: cmd, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(p.done) }()
	return p, nil
}

// stop sends SIGTERM and waits up to 20 s, then SIGKILL.
func (p *process) stop() {
	if p == nil {
		return
	}
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(20 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// startMilter runs bounce-milter serve on env.milterPort, with extra flags.
func startMilter(extra ...string) (*process, error) {
	args := append([]string{"serve",
		"--listen", fmt.Sprintf("inet:%d@127.0.0.1", env.milterPort),
		"--metrics-listen", fmt.Sprintf("127.0.0.1:%d", env.metricsPort),
		"--log-format", "json", "--log-file", filepath.Join(base, "milter.log"),
		"--shutdown-timeout", "3s"}, extra...)
	cmd := exec.Command(env.bin, args...)
	cmd.Stderr = os.Stderr
	p, err := startProcess("bounce-milter", cmd)
	if err != nil {
		return nil, err
	}
	if err := waitPort(env.milterPort, 10*time.Second); err != nil {
		p.stop()
		return nil, err
	}
	return p, nil
}

// milterWith restarts the milter with extra flags for the rest of the
// test, and with the default flags when the test ends.
func milterWith(t *testing.T, extra ...string) {
	t.Helper()
	env.milter.stop()
	p, err := startMilter(extra...)
	require.NoError(t, err)
	env.milter = p
	t.Cleanup(func() {
		env.milter.stop()
		p, err := startMilter()
		require.NoError(t, err, "restart the milter")
		env.milter = p
	})
}

// postfix is a Postfix instance with its own configuration directory,
// queue and port.
type postfix struct {
	dir, conf, queue string
	port             int
}

// startPostfix writes a Postfix instance under dir and starts it: smtpd on
// 127.0.0.1:port, the milter on milterPort with milter_default_action =
// accept, local delivery to ~/Maildir or through dovecot-lda for sieveUser,
// and no way out (default_transport is error) but to the loopback ports a
// test writes into etc/transport (then reloads the instance).
func startPostfix(dir string, port, milterPort int) (*postfix, error) {
	contrib, err := os.ReadFile(filepath.Join(contribDir, "postfix", "main.cf"))
	if err != nil {
		return nil, err
	}
	// The contrib lines, as an administrator pastes them, with the port.
	milterLines := strings.ReplaceAll(string(contrib), "inet:127.0.0.1:10025", fmt.Sprintf("inet:127.0.0.1:%d", milterPort))
	main := fmt.Sprintf(`compatibility_level = 3.6
queue_directory = %[1]s/spool
data_directory = %[1]s/data
myhostname = mx.test.localhost
mydomain = test.localhost
myorigin = $myhostname
# pf.test.localhost: a name of this host that Sendmail does not take for its own
mydestination = $myhostname, localhost, pf.test.localhost
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
relayhost =
# safety net: nothing can leave the box, but to the loopback instances the
# tests name in etc/transport (TestOwnBounces)
default_transport = error:5.7.1 outbound mail disabled in test harness
relay_transport = $default_transport
transport_maps = texthash:%[1]s/etc/transport
# a new session for each delivery: the client checks the server's SIZE
# itself only on a new one (the EHLO limit is not kept with a cached one)
smtp_connection_cache_on_demand = no
# accept any local name, so that local(8) bounces unknown users itself
local_recipient_maps =
alias_maps =
alias_database =
home_mailbox = Maildir/
# user+anything@ is delivered to user: the VERP addresses of the tests
recipient_delimiter = +
mailbox_command_maps = texthash:%[1]s/etc/mailbox_commands
biff = no
maillog_file = %[1]s/postfix.log
queue_run_delay = 5s
minimal_backoff_time = 5s
maximal_backoff_time = 10s
message_size_limit = 67108864
mailbox_size_limit = 0
local_destination_concurrency_limit = 8
default_process_limit = 100
smtpd_client_connection_count_limit = 0
smtpd_client_connection_rate_limit = 0
milter_mail_macros = i {mail_addr} {client_addr} {client_name} {auth_authen}

# --- contrib/postfix/main.cf ---
%[2]s`, dir, milterLines)
	lda := fmt.Sprintf(`/usr/lib/dovecot/dovecot-lda -c %s/dovecot/dovecot.conf -f "$SENDER" -a "$RECIPIENT"`, dir)
	cmds := fmt.Sprintf("%s %s\n%s@localhost %s\n", sieveUser, lda, sieveUser, lda)
	files := map[string]string{"mailbox_commands": cmds, "transport": ""}
	if err := writeDovecot(filepath.Join(dir, "dovecot")); err != nil {
		return nil, err
	}
	return runPostfix(dir, port, main, files)
}

// runPostfix writes a Postfix instance under dir, with this main.cf, the
// system's master.cf with smtpd on 127.0.0.1:port (and these further
// master.cf entries) and these files in its configuration directory, and
// starts it.
func runPostfix(dir string, port int, main string, files map[string]string, services ...string) (*postfix, error) {
	pf := &postfix{dir: dir, conf: filepath.Join(dir, "etc"), queue: filepath.Join(dir, "spool"), port: port}
	for _, d := range []string{pf.conf, pf.queue, filepath.Join(dir, "data")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	if err := chownUser(filepath.Join(dir, "data"), "postfix"); err != nil {
		return nil, err
	}
	master, err := os.ReadFile("/etc/postfix/master.cf")
	if err != nil {
		return nil, err
	}
	files["master.cf"] = string(master)
	files["main.cf"] = main
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(pf.conf, name), []byte(content), 0o644); err != nil {
			return nil, err
		}
	}
	postconf := [][]string{
		{"-MX", "smtp/inet"},
		{"-M", fmt.Sprintf("127.0.0.1:%d/inet=127.0.0.1:%d inet n - n - - smtpd", port, port)},
	}
	for _, svc := range services {
		name, _, _ := strings.Cut(svc, " ")
		postconf = append(postconf, []string{"-M", name + "/inet=" + svc})
	}
	for _, args := range append(postconf, []string{"-F", "*/*/chroot = n"}) {
		if out, err := exec.Command("postconf", append([]string{"-c", pf.conf}, args...)...).CombinedOutput(); err != nil {
			return nil, fmt.Errorf("postconf %v: %w: %s", args, err, out)
		}
	}
	if out, err := exec.Command("postfix", "-c", pf.conf, "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "postfix.log"))
		return nil, fmt.Errorf("postfix start: %w: %s\n%s", err, out, log)
	}
	if err := waitPort(port, 15*time.Second); err != nil {
		pf.stop()
		return nil, err
	}
	return pf, nil
}

// stop stops Postfix by the master's pid and waits for it to go.
func (pf *postfix) stop() {
	if pf == nil {
		return
	}
	b, err := os.ReadFile(filepath.Join(pf.queue, "pid", "master.pid"))
	if err != nil {
		return
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 1 {
		return
	}
	_ = syscall.Kill(pid, syscall.SIGTERM)
	waitGone(pid, 20*time.Second)
}

// waitGone waits until pid is gone, then kills it.
func waitGone(pid int, within time.Duration) {
	deadline := time.Now().Add(within)
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// writeDovecot writes the configuration dovecot-lda reads with -c.
func writeDovecot(dir string) error {
	logPath := filepath.Join(dir, "dovecot.log")
	conf := fmt.Sprintf(`ssl = no
base_dir = %[1]s/run
mail_location = maildir:~/Maildir
mail_privileged_group = mail
first_valid_uid = 1000
userdb {
  driver = passwd
}
passdb {
  driver = passwd
}
lda_mailbox_autocreate = yes
lda_mailbox_autosubscribe = yes
protocol lda {
  mail_plugins = $mail_plugins sieve
}
plugin {
  sieve = file:~/sieve;active=~/.dovecot.sieve
}
log_path = %[2]s
`, dir, logPath)
	if err := os.MkdirAll(filepath.Join(dir, "run"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "dovecot.conf"), []byte(conf), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(logPath, nil, 0o666); err != nil {
		return err
	}
	return os.Chmod(logPath, 0o666)
}

// chownUser gives path to user name.
func chownUser(path, name string) error {
	u, err := user.Lookup(name)
	if err != nil {
		return err
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return os.Chown(path, uid, gid)
}

// homeOf returns a user's home directory.
func homeOf(t testing.TB, name string) string {
	u, err := user.Lookup(name)
	require.NoError(t, err)
	return u.HomeDir
}

// smtpSend sends one message to 127.0.0.1:port; from "" is MAIL FROM:<>.
func smtpSend(port int, from string, to []string, msg []byte) error {
	c, err := smtpDial(port)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := smtpTransaction(c, from, to, msg); err != nil {
		return err
	}
	return c.Quit()
}

func smtpDial(port int) (*smtp.Client, error) {
	conn, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), 10*time.Second)
	if err != nil {
		return nil, err
	}
	_ = conn.SetDeadline(time.Now().Add(5 * time.Minute))
	c, err := smtp.NewClient(conn, "127.0.0.1")
	if err != nil {
		conn.Close()
		return nil, err
	}
	if err := c.Hello("client.test.localhost"); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// smtpTransaction sends one message on an open session.
func smtpTransaction(c *smtp.Client, from string, to []string, msg []byte) error {
	if err := c.Mail(from); err != nil {
		return fmt.Errorf("MAIL FROM:<%s>: %w", from, err)
	}
	for _, r := range to {
		if err := c.Rcpt(r); err != nil {
			return fmt.Errorf("RCPT TO:<%s>: %w", r, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("DATA write: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("end of DATA: %w", err)
	}
	return nil
}

// withID puts an X-E2E-Id field at the top of a stored message (after an
// mbox From line, which it drops) and gives it LF line ends.
func withID(id string, raw []byte) []byte {
	raw = bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n"))
	raw = bytes.ReplaceAll(raw, []byte("\r"), []byte("\n"))
	if bytes.HasPrefix(raw, []byte("From ")) {
		if i := bytes.IndexByte(raw, '\n'); i >= 0 {
			raw = raw[i+1:]
		}
	}
	return append([]byte("X-E2E-Id: "+id+"\n"), raw...)
}

// expected returns the X-Bounce-* fields the engine says msg deserves.
func expected(msg []byte) []milter.HeaderField {
	rep, err := dsn.ParseBytes(msg, lhost.Registry())
	if err != nil {
		return nil
	}
	return milter.Stamps("", classify.Records("", rep))
}

// delivered is one message as it landed in a mailbox.
type delivered struct {
	raw    []byte
	fields [][2]string // header fields, unfolded, in order
}

// get returns the first value of a field, or "".
func (d delivered) get(name string) string {
	for _, f := range d.fields {
		if strings.EqualFold(f[0], name) {
			return f[1]
		}
	}
	return ""
}

// stamps returns the fields with the X-Bounce- prefix, in order.
func (d delivered) stamps() []milter.HeaderField {
	var out []milter.HeaderField
	for _, f := range d.fields {
		if len(f[0]) > 9 && strings.EqualFold(f[0][:9], "X-Bounce-") {
			out = append(out, milter.HeaderField{Name: f[0], Value: f[1]})
		}
	}
	return out
}

// parseDelivered reads a delivered message's header.
func parseDelivered(raw []byte) delivered {
	d := delivered{raw: raw}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" {
			break
		}
		if (line[0] == ' ' || line[0] == '\t') && len(d.fields) > 0 {
			d.fields[len(d.fields)-1][1] += line
			continue
		}
		name, value, _ := strings.Cut(line, ":")
		d.fields = append(d.fields, [2]string{name, strings.TrimSpace(value)})
	}
	return d
}

// unfold removes folding from a header value as a reader sees it.
func unfold(v string) string {
	return strings.TrimSpace(strings.NewReplacer("\r\n", "", "\n", "").Replace(v))
}

// maildir returns the messages in a Maildir folder's new/ and cur/.
func maildir(dir string) ([]delivered, error) {
	var out []delivered
	for _, sub := range []string{"new", "cur"} {
		entries, err := os.ReadDir(filepath.Join(dir, sub))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			raw, err := os.ReadFile(filepath.Join(dir, sub, e.Name()))
			if err != nil {
				return nil, err
			}
			out = append(out, parseDelivered(raw))
		}
	}
	return out, nil
}

// waitFor polls check every 50 ms until it returns true or within passes.
func waitFor(ctx context.Context, within time.Duration, check func() (bool, error)) error {
	ctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	for {
		ok, err := check()
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("not within %s", within)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// mailbox reads a Maildir folder incrementally: each file once.
type mailbox struct {
	dir     string
	seen    map[string]bool
	ids     map[string]delivered
	arrived []delivered // every message read, in the order read
}

func newMailbox(dir string) *mailbox {
	return &mailbox{dir: dir, seen: map[string]bool{}, ids: map[string]delivered{}}
}

// poll reads the files that arrived since the last poll.
func (mb *mailbox) poll() error {
	for _, sub := range []string{"new", "cur"} {
		entries, err := os.ReadDir(filepath.Join(mb.dir, sub))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		for _, e := range entries {
			if mb.seen[e.Name()] {
				continue
			}
			raw, err := os.ReadFile(filepath.Join(mb.dir, sub, e.Name()))
			if errors.Is(err, os.ErrNotExist) {
				continue // moved from new to cur meanwhile
			}
			if err != nil {
				return err
			}
			mb.seen[e.Name()] = true
			d := parseDelivered(raw)
			if len(raw) > 16<<20 {
				d.raw = nil // keep memory flat for huge messages
			}
			if id := d.get("X-E2E-Id"); id != "" {
				mb.ids[id] = d
			}
			mb.arrived = append(mb.arrived, d)
		}
	}
	return nil
}

// byID collects delivered messages by X-E2E-Id, waiting until all ids are there.
func byID(t testing.TB, dir string, ids []string, within time.Duration) map[string]delivered {
	t.Helper()
	mb := newMailbox(dir)
	err := waitFor(context.Background(), within, func() (bool, error) {
		if err := mb.poll(); err != nil {
			return false, err
		}
		for _, id := range ids {
			if _, ok := mb.ids[id]; !ok {
				return false, nil
			}
		}
		return true, nil
	})
	if err != nil {
		var missing []string
		for _, id := range ids {
			if _, ok := mb.ids[id]; !ok {
				missing = append(missing, id)
			}
		}
		log, _ := os.ReadFile(filepath.Join(env.postfix.dir, "postfix.log"))
		t.Fatalf("delivery into %s: %v; %d of %d missing, e.g. %v\npostfix log tail:\n%s", dir, err, len(missing), len(ids), first(missing, 5), tail(log, 40))
	}
	return mb.ids
}

func first(s []string, n int) []string { return s[:min(n, len(s))] }

// tail returns the last n lines of b.
func tail(b []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// resetMaildir empties a user's Maildir (and its folders).
func resetMaildir(t testing.TB, name string) string {
	t.Helper()
	dir := filepath.Join(homeOf(t, name), "Maildir")
	require.NoError(t, os.RemoveAll(dir))
	return dir
}

// assertStampBytes checks that every stamp arrived in the raw message
// exactly as the README shows it: "Name: value", one space after the
// colon, folds kept, byte for byte.
func assertStampBytes(t *testing.T, id string, raw []byte, want []milter.HeaderField) {
	t.Helper()
	text := "\n" + strings.ReplaceAll(string(raw), "\r\n", "\n")
	for _, w := range want {
		assert.Contains(t, text, "\n"+w.Name+": "+w.Value+"\n", "%s: the field as the README shows it", id)
	}
	for _, line := range strings.Split(text, "\n") {
		if len(line) > 9 && strings.EqualFold(line[:9], "X-Bounce-") {
			name, value, _ := strings.Cut(line, ":")
			assert.True(t, strings.HasPrefix(value, " ") && !strings.HasPrefix(value, "  "),
				"%s: %s: one space after the colon: %q", id, name, line)
		}
	}
}
