package milter

import (
	"net"
	"syscall"
	"unsafe"
)

// hasPending reports whether bytes the peer sent wait unread in the
// socket's receive queue (TIOCINQ, alias FIONREAD): such a connection is
// not idle, only not yet served.
func hasPending(c net.Conn) bool {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return false
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	var n int32
	var errno syscall.Errno
	if err := rc.Control(func(fd uintptr) {
		_, _, errno = syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TIOCINQ, uintptr(unsafe.Pointer(&n)))
	}); err != nil || errno != 0 {
		return false
	}
	return n > 0
}
