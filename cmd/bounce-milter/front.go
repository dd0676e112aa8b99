//go:build front

// The front: "make build" and the Debian package install the program
// twice. bounce-milter-full is all of it; bounce-milter, built with the
// tag front, runs classify and version itself and hands every other
// command line (serve, spool, help, a mistake) to bounce-milter-full in
// the same directory, which it replaces (execve: same process, same
// arguments). The front links none of what only serve and spool use (the
// milter, the sinks' clients, Prometheus, net/http), which classify, run
// once per file by a mail filter's recipe or over a batch, would pay for
// at every start.

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// fullProgram is the name of the complete program, which the front hands
// the commands it does not run to.
const fullProgram = "bounce-milter-full"

// commands are the commands the front runs itself.
var commands = []*command{classifyCommand, versionCommand}

func main() {
	args := os.Args[1:]
	if len(args) > 0 && runsHere(args[0]) {
		os.Exit(run(args, os.Stdin, os.Stdout, os.Stderr))
	}
	path, err := fullProgramPath()
	if err == nil {
		err = syscall.Exec(path, append([]string{path}, args...), os.Environ())
	}
	fmt.Fprintf(os.Stderr, "bounce-milter: %v\n", err)
	os.Exit(exitFail)
}

// runsHere reports whether the front runs the command named name itself.
func runsHere(name string) bool {
	switch name {
	case "--version", "-version":
		return true
	}
	for _, c := range commands {
		if c.name == name {
			return true
		}
	}
	return false
}

// fullProgramPath returns the path of bounce-milter-full: next to the
// front's own executable, symbolic links resolved.
func fullProgramPath() (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("finding %s: %w", fullProgram, err)
	}
	if resolved, err := filepath.EvalSymlinks(self); err == nil {
		self = resolved
	}
	path := filepath.Join(filepath.Dir(self), fullProgram)
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("this command needs %s, the complete program, installed next to this one: %w", fullProgram, err)
	}
	return path, nil
}
