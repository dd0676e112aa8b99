package proc

import (
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOwnProcess(t *testing.T) {
	buf := make([]byte, 8<<20)
	for i := range buf {
		buf[i] = byte(i)
	}
	rss, hwm, err := Memory(os.Getpid())
	require.NoError(t, err)
	assert.Greater(t, rss, int64(8<<20), "the 8 MiB just touched are resident")
	assert.GreaterOrEqual(t, hwm, rss)
	cpu, err := CPU(os.Getpid())
	require.NoError(t, err)
	assert.GreaterOrEqual(t, cpu, time.Duration(0))
	_, _, err = Memory(-1)
	assert.Error(t, err)
	_ = buf[len(buf)-1]
}
