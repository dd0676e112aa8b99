//go:build !unix

package main

import (
	"io"
	"os"
)

// openFile opens a file to classify and returns its size, -1 when it is
// not a regular file.
func openFile(path string) (io.ReadCloser, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, -1, err
	}
	size := int64(-1)
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	return f, size, nil
}
