// Command bounce-milter classifies bounces: inline in Postfix or Sendmail
// as a milter (serve), or over files, directories and mboxes (classify).
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `usage: bounce-milter <command> [flags] [args]

commands:
  serve [flags]                          serve the milter protocol to Postfix or Sendmail
  classify [--format json|tsv] PATH...   classify bounces in files, directories, mboxes or - (stdin)
  spool [--spool-dir DIR] list|show ID|retry ID|--all|drop ID
                                         inspect and replay the webhook spool
  version                                print the version

Run "bounce-milter <command> -h" for a command's flags.
`

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes one command and returns the process exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "classify":
		return runClassify(rest, stdin, stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "bounce-milter", version)
		return 0
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	if h, ok := extraCommands[cmd]; ok {
		return h(rest, stdin, stdout, stderr)
	}
	fmt.Fprintf(stderr, "bounce-milter: unknown command %q\n%s", cmd, usage)
	return 2
}

// extraCommands holds the commands other files of this package register.
var extraCommands = map[string]func(args []string, stdin io.Reader, stdout, stderr io.Writer) int{}
