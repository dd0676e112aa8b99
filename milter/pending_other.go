//go:build !linux

package milter

import "net"

// hasPending reports false where the receive queue cannot be asked.
func hasPending(net.Conn) bool { return false }
