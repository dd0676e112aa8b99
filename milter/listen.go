package milter

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/user"
	"strconv"
	"strings"
	"time"
)

// DefaultListen is the address serve listens on when told none: a
// loopback TCP port, in Postfix's syntax.
const DefaultListen = "inet:127.0.0.1:10025"

// ParseAddress turns a milter socket address as Postfix and Sendmail write
// it into a Go network and address:
//
//	unix:/run/bounce-milter/milter.sock   (also local:/path, or a bare /path)
//	inet:10025@127.0.0.1                  (Sendmail: PORT@HOST)
//	inet:127.0.0.1:10025                  (Postfix: HOST:PORT)
//	inet6:10025@[::1], inet6:[::1]:10025  (IPv6)
//
// A missing host means the loopback address, never all interfaces. The
// error is an *AddressError.
func ParseAddress(spec string) (network, address string, err error) {
	spec = strings.TrimSpace(spec)
	bad := func(problem string) (string, string, error) {
		return "", "", &AddressError{Address: spec, Problem: problem}
	}
	if strings.HasPrefix(spec, "/") {
		return "unix", spec, nil
	}
	scheme, rest, ok := strings.Cut(spec, ":")
	if !ok || rest == "" {
		return bad(addressForms)
	}
	switch strings.ToLower(scheme) {
	case "unix", "local":
		if !strings.HasPrefix(rest, "/") {
			return bad("the socket path must be absolute: want unix:/PATH")
		}
		return "unix", rest, nil
	case "inet", "inet4", "tcp":
		network = "tcp4"
	case "inet6", "tcp6":
		network = "tcp6"
	default:
		return bad(fmt.Sprintf("unknown socket type %q: %s", scheme, addressForms))
	}
	var host, port string
	if p, h, ok := strings.Cut(rest, "@"); ok {
		port, host = p, strings.Trim(h, "[]")
	} else if h, p, err := net.SplitHostPort(rest); err == nil {
		host, port = h, p
	} else if strings.Trim(rest, "0123456789") == "" {
		port = rest
	} else {
		return bad(fmt.Sprintf("no port in %q: want %s:PORT@HOST or %s:HOST:PORT", rest, scheme, scheme))
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 0 || n > 65535 {
		return bad(fmt.Sprintf("port %q: want a number from 0 to 65535", port))
	}
	if host == "" {
		host = "127.0.0.1"
		if network == "tcp6" {
			host = "::1"
		}
	}
	return network, net.JoinHostPort(host, port), nil
}

// addressForms says which socket addresses ParseAddress reads.
const addressForms = "want unix:/PATH, inet:PORT@HOST or inet:HOST:PORT"

// AddressError is a socket address ParseAddress cannot read, and why.
type AddressError struct {
	Address string // the address as given
	Problem string // what is wrong, and what was expected
}

func (e *AddressError) Error() string {
	return fmt.Sprintf("milter: address %q: %s", e.Address, e.Problem)
}

// ListenOptions says how to create a unix socket.
type ListenOptions struct {
	Mode  fs.FileMode // the socket's permissions; 0 means 0660
	Group string      // the socket's group, a name or a number; "" keeps the process's
}

// Listen opens the milter socket spec (see ParseAddress). For a unix
// socket it removes a stale socket file first (one nobody answers on),
// refuses to replace a live one or any other file, and sets the mode and
// group, so that the MTA (user postfix, or root for Sendmail) can connect.
func Listen(spec string, opts ListenOptions) (net.Listener, error) {
	network, address, err := ParseAddress(spec)
	if err != nil {
		return nil, err
	}
	if network != "unix" {
		ln, err := net.Listen(network, address)
		if err != nil {
			return nil, fmt.Errorf("milter: listen: %w", err)
		}
		return ln, nil
	}
	if err := removeStale(address); err != nil {
		return nil, err
	}
	ln, err := net.Listen("unix", address)
	if err != nil {
		return nil, fmt.Errorf("milter: listen: %w", err)
	}
	mode := opts.Mode
	if mode == 0 {
		mode = 0o660
	}
	if err := os.Chmod(address, mode); err != nil {
		ln.Close()
		return nil, fmt.Errorf("milter: socket mode: %w", err)
	}
	if opts.Group != "" {
		gid, err := lookupGroup(opts.Group)
		if err == nil {
			err = os.Chown(address, -1, gid)
		}
		if err != nil {
			ln.Close()
			return nil, fmt.Errorf("milter: socket group %q: %w", opts.Group, err)
		}
	}
	return ln, nil
}

// removeStale removes the socket file at path when no one listens on it.
func removeStale(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("milter: socket %s: %w", path, err)
	}
	if fi.Mode()&fs.ModeSocket == 0 {
		return fmt.Errorf("milter: %s exists and is not a socket: not replacing it", path)
	}
	if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
		c.Close()
		return fmt.Errorf("milter: %s: another milter is listening on it", path)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("milter: remove stale socket: %w", err)
	}
	return nil
}

// lookupGroup returns the gid of a group name or number.
func lookupGroup(g string) (int, error) {
	if n, err := strconv.Atoi(g); err == nil {
		return n, nil
	}
	grp, err := user.LookupGroup(g)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(grp.Gid)
}
