//go:build !front

package main

import "os"

// commands are bounce-milter's commands, in the order usage lists them.
var commands = []*command{serveCommand, classifyCommand, spoolCommand, versionCommand}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
