package milter

import (
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseAddress(t *testing.T) {
	for _, tc := range []struct {
		spec, network, address string
		bad                    bool
	}{
		{"unix:/run/bm/milter.sock", "unix", "/run/bm/milter.sock", false},
		{"local:/run/bm/milter.sock", "unix", "/run/bm/milter.sock", false},
		{"/run/bm/milter.sock", "unix", "/run/bm/milter.sock", false},
		{"inet:10025@127.0.0.1", "tcp4", "127.0.0.1:10025", false},
		{"inet:127.0.0.1:10025", "tcp4", "127.0.0.1:10025", false},
		{"inet:10025", "tcp4", "127.0.0.1:10025", false},
		{"inet:10025@localhost", "tcp4", "localhost:10025", false},
		{"inet6:10025@[::1]", "tcp6", "[::1]:10025", false},
		{"inet6:[::1]:10025", "tcp6", "[::1]:10025", false},
		{"inet:0.0.0.0:25", "tcp4", "0.0.0.0:25", false},
		{"unix:relative.sock", "", "", true},
		{"inet:99999@127.0.0.1", "", "", true},
		{"inet:port@127.0.0.1", "", "", true},
		{"smtp:127.0.0.1:25", "", "", true},
		{"", "", "", true},
		{"inet:", "", "", true},
		{"tcp:1.2.3.4", "", "", true},
		{"inet:[::1]", "", "", true},
	} {
		t.Run(tc.spec, func(t *testing.T) {
			network, address, err := ParseAddress(tc.spec)
			if tc.bad {
				var ae *AddressError
				require.ErrorAs(t, err, &ae)
				assert.Equal(t, tc.spec, ae.Address)
				assert.Contains(t, ae.Problem, "want ", "the error says what was expected")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.network, network)
			assert.Equal(t, tc.address, address)
		})
	}
}

func TestListenUnixStaleAndLive(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.sock")

	// a stale socket: bound, then its listener gone without unlinking
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	require.NoError(t, err)
	l.SetUnlinkOnClose(false)
	require.NoError(t, l.Close())
	_, err = os.Stat(path)
	require.NoError(t, err, "the stale socket is there")

	ln, err := Listen("unix:"+path, ListenOptions{Mode: 0o666})
	require.NoError(t, err, "a stale socket is replaced")
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o666), fi.Mode().Perm())

	_, err = Listen("unix:"+path, ListenOptions{})
	assert.ErrorContains(t, err, "another milter is listening", "a live socket is kept")
	require.NoError(t, ln.Close())

	plain := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(plain, nil, 0o600))
	_, err = Listen("unix:"+plain, ListenOptions{})
	assert.ErrorContains(t, err, "not a socket")
}
