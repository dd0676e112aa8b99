//go:build unix

package main

import (
	"io"
	"os"
	"syscall"
)

// openFile opens a file to classify and returns its size, -1 when it is
// not a regular file. A regular file is read with plain system calls:
// os.File registers every file with the runtime's poller first (a failed
// epoll_ctl and four fcntl calls for a regular file), which costs more
// than reading a small message.
func openFile(path string) (io.ReadCloser, int64, error) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	for err == syscall.EINTR {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	}
	if err != nil {
		return nil, -1, &os.PathError{Op: "open", Path: path, Err: err}
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		syscall.Close(fd)
		f, err := os.Open(path)
		if err != nil {
			return nil, -1, err
		}
		return f, -1, nil
	}
	return &rawFile{fd: fd, path: path}, st.Size, nil
}

// rawFile reads a regular file by its descriptor.
type rawFile struct {
	fd   int
	path string
}

func (f *rawFile) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, err := syscall.Read(f.fd, p)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, &os.PathError{Op: "read", Path: f.path, Err: err}
		case n == 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f *rawFile) Close() error { return syscall.Close(f.fd) }
