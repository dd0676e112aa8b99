// Command bounce-milter classifies bounces: inline in Postfix or Sendmail
// as a milter (serve), or over files, directories and mboxes (classify).
// Its commands, their flags and what they do are in its man page,
// docs/bounce-milter.8, generated from the flags' definitions (manPage).
package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

var versionCommand = &command{
	name:    "version",
	summary: "print the version",
	define: func(*flag.FlagSet) func(*call) int {
		return func(c *call) int {
			if len(c.args) > 0 {
				return c.usageError("unexpected argument %q", c.args[0])
			}
			fmt.Fprintln(c.stdout, "bounce-milter", version)
			return exitOK
		}
	},
}

// run executes one command line and returns the process exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "--help", "-help":
		if len(args) == 1 {
			usage(stdout)
			return exitOK
		}
		if c := lookup(args[1:]); c != nil {
			c.usage(stdout)
			return exitOK
		}
		return unknownCommand(stderr, strings.Join(args[1:], " "))
	case "--version", "-version":
		return versionCommand.run(nil, nil, stdin, stdout, stderr)
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(args[1:], nil, stdin, stdout, stderr)
		}
	}
	return unknownCommand(stderr, args[0])
}

// lookup returns the command named by words ("spool", "list"), or nil.
func lookup(words []string) *command {
	var found *command
	for _, c := range commands {
		if c.name == words[0] {
			found = c
		}
	}
	for _, w := range words[1:] {
		if found == nil {
			return nil
		}
		found = found.sub(w)
	}
	return found
}

func unknownCommand(stderr io.Writer, name string) int {
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	fmt.Fprintf(stderr, "bounce-milter: unknown command %q: want %s\nRun \"bounce-milter --help\" for usage.\n", name, orList(names))
	return exitUsage
}

// usage prints the commands.
func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: bounce-milter COMMAND [flags] [args]")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-36s %s\n", c.synopsis(), c.summary)
		for _, s := range c.subs {
			fmt.Fprintf(w, "    %-34s %s\n", s.synopsis(), s.summary)
		}
	}
	fmt.Fprintln(w, "\nRun \"bounce-milter COMMAND --help\" for a command's flags, or see bounce-milter(8).")
}
