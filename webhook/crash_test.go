package webhook_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/event"
	"github.com/bounce-milter/bounce-milter/webhook"
	"github.com/bounce-milter/bounce-milter/webhook/spool"
)

// The crash test re-runs this test binary as a child process that spools
// and sends events, and kills it with SIGKILL.
const crashChildEnv = "BOUNCE_MILTER_WEBHOOK_CRASH_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(crashChildEnv) == "1" {
		os.Exit(crashChild())
	}
	os.Exit(m.Run())
}

// crashChild opens the spool in $SPOOL, starts a sender to $URL, prints
// "open", submits events C<first>..C<first+count-1> and prints "ack N"
// once Submit has returned for N. With count 0 it delivers what the spool holds, prints
// "drained" and exits; otherwise it runs until killed (30 s at most).
func crashChild() int {
	first, _ := strconv.Atoi(os.Getenv("FIRST"))
	count, _ := strconv.Atoi(os.Getenv("COUNT"))
	sp, err := spool.Open(os.Getenv("SPOOL"), spool.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	cfg := fastConfig(os.Getenv("URL"))
	cfg.MaxAge = time.Hour
	cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	s, err := webhook.New(sp, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s.Start(ctx)
	fmt.Println("open")
	for i := first; i < first+count; i++ {
		msg := event.Message{QueueID: fmt.Sprintf("C%06d", i), From: "MAILER-DAEMON@example.net", Size: int64(i)}
		if err := s.Submit(ctx, msg, event.HardBounce, sampleFacts(fmt.Sprintf("r%d@example.org", i))); err != nil {
			fmt.Fprintln(os.Stderr, "child: submit:", err)
			continue
		}
		fmt.Printf("ack %d\n", i) // os.Stdout is unbuffered
		if rand.IntN(4) == 0 {
			time.Sleep(time.Millisecond)
		}
	}
	if count > 0 {
		<-ctx.Done() // until killed
		return 1
	}
	for ctx.Err() == nil {
		if st := sp.Queue(webhook.Name).Stats(); st.Queued == 0 && s.Pending() == 0 {
			fmt.Println("drained")
			return 0
		}
		time.Sleep(10 * time.Millisecond)
	}
	return 1
}

// TestCrashSafety kills a process that is spooling and delivering events
// with SIGKILL at random points, twenty times, restarting it on the same
// spool each time; a last run drains the spool. Every event whose Submit
// returned is delivered at least once, and nothing half-written is ever
// sent or dead-lettered.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes")
	}
	t.Parallel()
	var mu sync.Mutex
	delivered := map[string]int{} // queue id -> 2xx answers
	var malformed []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !verify(testSecret, r.Header, body) {
			mu.Lock()
			malformed = append(malformed, "bad signature: "+r.Header.Get("webhook-id"))
			mu.Unlock()
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var ev struct {
			ID      string `json:"id"`
			Message struct {
				QueueID string `json:"queue_id"`
			} `json:"message"`
			Facts []map[string]any `json:"facts"`
		}
		if err := json.Unmarshal(body, &ev); err != nil || ev.ID != r.Header.Get("webhook-id") || len(ev.Facts) != 1 {
			mu.Lock()
			malformed = append(malformed, fmt.Sprintf("payload %q: %v", body, err))
			mu.Unlock()
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		// Keep deliveries in flight and failing now and then, so that the
		// kills land among them.
		time.Sleep(time.Duration(rand.IntN(5)) * time.Millisecond)
		if rand.IntN(6) == 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		mu.Lock()
		delivered[ev.Message.QueueID]++
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)

	dir := t.TempDir()
	acked := map[int]bool{}
	next, halfWritten := 0, 0
	const iterations, perRun = 20, 150
	for it := range iterations {
		lines, stderr := runChild(t, dir, srv.URL, next, perRun, time.Duration(10+rand.IntN(150))*time.Millisecond)
		n := 0
		for _, l := range lines {
			if v, ok := strings.CutPrefix(l, "ack "); ok {
				i, err := strconv.Atoi(v)
				require.NoError(t, err)
				acked[i] = true
				n++
			}
		}
		left, err := os.ReadDir(filepath.Join(dir, "tmp"))
		require.NoError(t, err)
		halfWritten += len(left)
		t.Logf("run %2d: %3d events acknowledged before SIGKILL, %d half-written files left%s", it, n, len(left), stderrNote(stderr))
		next += perRun
	}
	require.NotEmpty(t, acked)
	t.Logf("%d half-written temporary files left by the kills in all", halfWritten)

	lines, stderr := runChild(t, dir, srv.URL, 0, 0, 0)
	require.Contains(t, lines, "drained", "drain run: %s", stderr)

	mu.Lock()
	defer mu.Unlock()
	assert.Empty(t, malformed, "nothing partial or unsigned was sent")
	var lost []int
	dups := 0
	for i := range acked {
		c := delivered[fmt.Sprintf("C%06d", i)]
		if c == 0 {
			lost = append(lost, i)
		}
		dups += max(c-1, 0)
	}
	assert.Empty(t, lost, "acknowledged events never delivered")
	t.Logf("%d acknowledged, %d delivered (%d duplicates from kills after delivery)", len(acked), len(delivered), dups)
	dead, err := os.ReadDir(filepath.Join(dir, webhook.Name, "dead"))
	require.NoError(t, err)
	assert.Empty(t, dead, "no event dead-lettered (corrupt)")
	tmp, err := os.ReadDir(filepath.Join(dir, "tmp"))
	require.NoError(t, err)
	assert.Empty(t, tmp, "temporary files cleaned on start")
}

// runChild runs the crash child; with kill > 0 it sends SIGKILL that long
// after the child said it opened the spool (so that every kill lands in
// the work under test, not in a start that has not reached it yet),
// otherwise it waits up to 60 s for the child to exit. It returns the
// child's stdout lines and its stderr.
func runChild(t *testing.T, dir, url string, first, count int, kill time.Duration) ([]string, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"=1", "SPOOL="+dir, "URL="+url,
		"FIRST="+strconv.Itoa(first), "COUNT="+strconv.Itoa(count))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	var lines []string
	done := make(chan struct{})
	opened := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines = append(lines, sc.Text())
			if sc.Text() == "open" {
				close(opened)
			}
		}
	}()
	limit := 60 * time.Second
	if kill > 0 {
		select {
		case <-opened:
		case <-done:
		case <-time.After(60 * time.Second):
		}
		limit = kill
	}
	select {
	case <-done:
	case <-time.After(limit):
		require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
		<-done
	}
	cmd.Wait()
	return lines, stderr.String()
}

func stderrNote(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return "; stderr: " + s
}
