package milter

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lockedWriter is a log destination shared by the milter's goroutines.
type lockedWriter struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

func (w *lockedWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// go-milter's own warnings reach the Filter's logger, in its format, and
// not the standard log package: an MTA that cannot send the macros the
// milter asks for (no SMFIF_SETSYMLIST in its actions, as old Sendmails)
// makes go-milter warn at the negotiation.
func TestLibraryWarningsUseTheLogger(t *testing.T) {
	logs := &lockedWriter{}
	_, addr := startTestServer(t, Config{Logger: slog.New(slog.NewJSONHandler(logs, nil))})
	c := rawDial(t, addr, false)
	// version 6, every action but SETSYMLIST (0x100), every protocol step
	_, err := c.Write(pkt('O', "\x00\x00\x00\x06\x00\x00\x00\xff\x00\x1f\xff\xff"))
	require.NoError(t, err)
	require.NoError(t, c.SetReadDeadline(time.Now().Add(5*time.Second)))
	_, err = io.ReadFull(c, make([]byte, 4))
	require.NoError(t, err, "negotiation answer")

	var line map[string]any
	require.Eventually(t, func() bool {
		for _, l := range strings.Split(logs.String(), "\n") {
			if strings.Contains(l, libraryWarningMsg) {
				return json.Unmarshal([]byte(l), &line) == nil
			}
		}
		return false
	}, 5*time.Second, 10*time.Millisecond, "no go-milter warning in the milter's log: %s", logs.String())
	assert.Equal(t, "WARN", line["level"])
	assert.Equal(t, libraryWarningMsg, line["msg"])
	assert.Contains(t, line["detail"], "macros", "go-milter's text is kept in detail")
}
