// Package proc reads what a Linux process uses from /proc (proc(5)), and
// what the calling process has used (getrusage(2)), for the tests and
// benchmarks that measure bounce-milter as a process.
package proc

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Memory returns a process's resident memory (VmRSS) and its peak
// resident memory over its life (VmHWM), in bytes.
func Memory(pid int) (rss, hwm int64, err error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, fmt.Errorf("proc: %w", err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			rss = kb << 10
		case "VmHWM:":
			hwm = kb << 10
		}
	}
	return rss, hwm, nil
}

// CPU returns the processor time (user and system) a process has used.
func CPU(pid int) (time.Duration, error) {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("proc: %w", err)
	}
	// The fields after the command name, which is in parentheses and may
	// hold spaces.
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 || i+2 > len(stat) {
		return 0, fmt.Errorf("proc: /proc/%d/stat: no command name", pid)
	}
	fields := strings.Fields(string(stat[i+2:]))
	if len(fields) < 13 {
		return 0, fmt.Errorf("proc: /proc/%d/stat: %d fields", pid, len(fields))
	}
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / 100, nil // USER_HZ is 100 on Linux
}

// SelfCPU returns the processor time (user and system, all threads) the
// calling process has used, to the microsecond: benchmarks report it per
// operation, which depends less on the machine's load than wall time.
func SelfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
