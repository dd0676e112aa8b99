package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// frontBinaries are the two programs "make build" installs, built once
// per test process: the front (tag front) as bounce-milter and the
// complete program as bounce-milter-full, in one directory.
var frontBinaries struct {
	once             sync.Once
	dir, front, full string
	err              error
}

func buildFront(t *testing.T) (front, full string) {
	t.Helper()
	fb := &frontBinaries
	fb.once.Do(func() {
		fb.dir, fb.err = os.MkdirTemp("", "bounce-milter-front-")
		if fb.err != nil {
			return
		}
		fb.front = filepath.Join(fb.dir, "bounce-milter")
		fb.full = filepath.Join(fb.dir, fullProgramName)
		for _, b := range [][]string{{"-tags", "front", "-o", fb.front}, {"-o", fb.full}} {
			cmd := exec.Command("go", append(append([]string{"build"}, b...), ".")...)
			cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
			if out, err := cmd.CombinedOutput(); err != nil {
				fb.err = fmt.Errorf("go build %v: %w: %s", b, err, out)
				return
			}
		}
	})
	require.NoError(t, fb.err)
	return fb.front, fb.full
}

// fullProgramName is front.go's fullProgram, which this build (without
// the tag front) does not compile.
const fullProgramName = "bounce-milter-full"

// ran is what one run of a program printed and how it ended.
type ran struct {
	stdout, stderr string
	code           int
}

func runProgram(t *testing.T, bin string, args ...string) ran {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return ran{out.String(), errb.String(), code}
}

// The front links nothing that only serve and spool use: that is its
// point (a shorter start for classify).
func TestFrontLinksNoServeDependencies(t *testing.T) {
	out, err := exec.Command("go", "list", "-tags", "front", "-deps", ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	deps := strings.Fields(string(out))
	require.Contains(t, deps, "github.com/bounce-milter/bounce-milter/engine")
	for _, pkg := range deps {
		for _, not := range []string{
			"github.com/bounce-milter/bounce-milter/milter", "github.com/bounce-milter/bounce-milter/webhook",
			"github.com/bounce-milter/bounce-milter/sink", "github.com/bounce-milter/bounce-milter/spool",
			"github.com/d--j/go-milter", "github.com/prometheus/", "github.com/nats-io/", "github.com/twmb/franz-go/",
			"net/http",
		} {
			assert.False(t, pkg == not || strings.HasPrefix(pkg, not+"/") || strings.HasSuffix(not, "/") && strings.HasPrefix(pkg, not),
				"the front links %s", pkg)
		}
	}
}

// The front answers classify and version itself, as the complete program
// does, and hands every other command line to the complete program:
// usage, help, spool, serve and mistakes read the same through either.
func TestFrontAgreesWithFullProgram(t *testing.T) {
	front, full := buildFront(t)
	corpus := filepath.Join("..", "..", "testdata", "corpus", "bsd")
	spoolDir := filepath.Join(t.TempDir(), "no-spool-here")
	for _, args := range [][]string{
		{"version"},
		{"--version"},
		{"classify", "--format", "json", corpus},
		{"classify", "--help"},
		{},
		{"--help"},
		{"help", "serve"},
		{"spool", "list", "--spool-dir", spoolDir},
		{"serve", "--no-such-flag"},
		{"no-such-command"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			want := runProgram(t, full, args...)
			got := runProgram(t, front, args...)
			assert.Equal(t, want, got)
		})
	}
	// What the front runs itself is real work, not an empty agreement.
	got := runProgram(t, front, "classify", "--format", "json", corpus)
	assert.Greater(t, strings.Count(got.stdout, "\n"), 50)
}

// Without the complete program next to it, the front still classifies,
// and says what is missing for the rest.
func TestFrontWithoutFullProgram(t *testing.T) {
	front, _ := buildFront(t)
	dir := t.TempDir()
	alone := filepath.Join(dir, "bounce-milter")
	b, err := os.ReadFile(front)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(alone, b, 0o755))

	r := runProgram(t, alone, "serve")
	assert.Equal(t, exitFail, r.code)
	assert.Contains(t, r.stderr, fullProgramName)
	assert.Contains(t, r.stderr, filepath.Join(dir, fullProgramName))
	assert.Empty(t, r.stdout)

	r = runProgram(t, alone, "version")
	assert.Equal(t, exitOK, r.code)
	assert.Equal(t, "bounce-milter dev\n", r.stdout)
}

// A symbolic link to the front (as in /usr/local/bin) finds the complete
// program next to the file it points to.
func TestFrontThroughSymlink(t *testing.T) {
	front, full := buildFront(t)
	link := filepath.Join(t.TempDir(), "bounce-milter")
	require.NoError(t, os.Symlink(front, link))
	assert.Equal(t, runProgram(t, full, "--help"), runProgram(t, link, "--help"))
}
