package milter

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	gomilter "github.com/d--j/go-milter"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/internal/proc"
)

// In production the MTA is another process. The in-process benchmarks
// share two cores and one Go scheduler between the test MTA and the
// milter, and under parallel load their tail is the scheduler's: a milter
// that does nothing shows the same p99 (BenchmarkFloorBounceParallel).
// BenchmarkBounceParallelProcess runs the test MTA as a child process (this
// test binary, started again in load-client mode), as Postfix would be.

// loadClientEnv names the environment variable that turns the test binary
// into the load client: its value is the milter's address.
const loadClientEnv = "BOUNCE_MILTER_LOAD_CLIENT"

// loadResult is what the load client reports on its standard output.
type loadResult struct {
	Latencies []time.Duration // one per message, sorted
	Elapsed   time.Duration
	Err       string
}

func TestMain(m *testing.M) {
	if addr := os.Getenv(loadClientEnv); addr != "" {
		os.Exit(runLoadClient(addr))
	}
	os.Exit(m.Run())
}

// runLoadClient sends BOUNCE_MILTER_LOAD_N corpus bounces over
// BOUNCE_MILTER_LOAD_CONNS connections to addr and prints a loadResult.
func runLoadClient(addr string) int {
	res := loadResult{}
	if err := loadClient(addr, &res); err != nil {
		res.Err = err.Error()
	}
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		return 1
	}
	return 0
}

func loadClient(addr string, res *loadResult) error {
	n, err := strconv.Atoi(os.Getenv("BOUNCE_MILTER_LOAD_N"))
	if err != nil {
		return fmt.Errorf("BOUNCE_MILTER_LOAD_N: %w", err)
	}
	conns, err := strconv.Atoi(os.Getenv("BOUNCE_MILTER_LOAD_CONNS"))
	if err != nil {
		return fmt.Errorf("BOUNCE_MILTER_LOAD_CONNS: %w", err)
	}
	msgs, err := postfixBounces()
	if err != nil {
		return err
	}
	c := testClient(addr)
	t := &loadT{}
	lat := make([]time.Duration, n)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var s *gomilter.ClientSession
			for i := w; i < n && !t.Failed(); i += conns {
				m := msgs[i%len(msgs)]
				t0 := time.Now()
				o := sendMessage(t, c, s, "", "QPROC", m.fields, m.body)
				lat[i] = time.Since(t0)
				s = o.sess
				if len(o.added()) == 0 {
					t.Errorf("message %d: not stamped", i)
				}
			}
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	if t.Failed() {
		return fmt.Errorf("load client: %s", t.msg)
	}
	slices.Sort(lat)
	res.Latencies = lat
	return nil
}

// loadT is the testing.TB the load client's sendMessage reports to: the
// first failure is kept and the goroutine that hit it stops.
type loadT struct {
	testing.TB
	mu  sync.Mutex
	msg string
}

func (t *loadT) Helper() {}

func (t *loadT) Errorf(format string, args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.msg == "" {
		t.msg = fmt.Sprintf(format, args...)
	}
}

func (t *loadT) FailNow() {
	t.Errorf("failed")
	runtime.Goexit()
}

func (t *loadT) Failed() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.msg != ""
}

// BenchmarkBounceParallelProcess: corpus bounces from 4 connections of a
// test MTA in a child process, as in BenchmarkBounceParallel; the latency
// is the one the MTA sees, and cpu-µs/msg is the milter's alone.
func BenchmarkBounceParallelProcess(b *testing.B) {
	_, addr := startTestServer(b, Config{})
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), loadClientEnv+"="+addr,
		"BOUNCE_MILTER_LOAD_N="+strconv.Itoa(b.N), "BOUNCE_MILTER_LOAD_CONNS=4")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	b.ResetTimer()
	cpu := proc.SelfCPU()
	err := cmd.Run()
	cpu = proc.SelfCPU() - cpu
	b.StopTimer()
	require.NoError(b, err, "load client: %s", stderr.String())
	var res loadResult
	require.NoError(b, json.Unmarshal(stdout.Bytes(), &res), "load client said: %s", stdout.String())
	require.Empty(b, res.Err)
	require.Len(b, res.Latencies, b.N)
	report(b, res.Latencies, res.Elapsed, cpu)
}
