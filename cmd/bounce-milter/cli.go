package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// command is one command of bounce-milter ("serve", "spool list"). Its
// flags are defined with the standard flag package, so that --help, the
// messages about a bad command line and the man page (docs/bounce-milter.8,
// manPage) all come from the same definitions, and a flag another file
// adds (a serveExtension's) appears in all three.
type command struct {
	name    string // as typed after "bounce-milter": "serve", "spool list"
	args    string // the synopsis after the flags: "PATH...", "ID"; "" for none
	summary string // one line, lower case, no final period
	text    string // more for --help and the man page: paragraphs split by blank lines
	// define adds the command's flags to fl and returns the command's
	// body, which runs once fl has parsed the command line.
	define func(fl *flag.FlagSet) func(c *call) int
	subs   []*command // the commands of a command made of commands (spool)
}

// call is one run of a command.
type call struct {
	cmd    *command
	fl     *flag.FlagSet
	args   []string // the arguments after the flags
	raw    []string // the command line after the command's name
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1 // the command ran and failed
	exitUsage = 2 // the command line is wrong
)

// flagSet returns a flag set with c's flags that prints nothing itself.
func (c *command) flagSet() (*flag.FlagSet, func(*call) int) {
	fl := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	fl.Usage = func() {}
	var body func(*call) int
	if c.define != nil {
		body = c.define(fl)
	}
	return fl, body
}

// run parses args and runs c. A flag of parent (the command line of the
// command c belongs to) that c defines too keeps the value it got there,
// unless args give it again.
func (c *command) run(args []string, parent *flag.FlagSet, stdin io.Reader, stdout, stderr io.Writer) int {
	fl, body := c.flagSet()
	if parent != nil {
		parent.Visit(func(f *flag.Flag) {
			if fl.Lookup(f.Name) != nil {
				_ = fl.Set(f.Name, f.Value.String())
			}
		})
	}
	cl := &call{cmd: c, fl: fl, raw: args, stdin: stdin, stdout: stdout, stderr: stderr}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c.usage(stdout)
			return exitOK
		}
		return cl.usageError("%s", flagError(fl, err))
	}
	cl.args = fl.Args()
	if len(c.subs) > 0 {
		if len(cl.args) == 0 {
			return cl.usageError("want a command: %s", c.subNames())
		}
		sub := c.sub(cl.args[0])
		if sub == nil {
			return cl.usageError("unknown command %q: want %s", cl.args[0], c.subNames())
		}
		return sub.run(cl.args[1:], fl, stdin, stdout, stderr)
	}
	if body == nil {
		if len(cl.args) > 0 {
			return cl.usageError("unexpected argument %q", cl.args[0])
		}
		return exitOK
	}
	return body(cl)
}

// sub returns the command of c named name, or nil.
func (c *command) sub(name string) *command {
	for _, s := range c.subs {
		if s.name == c.name+" "+name {
			return s
		}
	}
	return nil
}

// subNames lists the names of c's commands: "list, show, retry or drop".
func (c *command) subNames() string {
	var names []string
	for _, s := range c.subs {
		names = append(names, strings.TrimPrefix(s.name, c.name+" "))
	}
	return orList(names)
}

// orList joins words as "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// synopsis is the command's usage line, after "bounce-milter".
func (c *command) synopsis() string {
	parts := []string{c.name}
	fl, _ := c.flagSet()
	hasFlags := false
	fl.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		parts = append(parts, "[flags]")
	}
	if len(c.subs) > 0 {
		parts = append(parts, "COMMAND [flags] [args]")
	}
	if c.args != "" {
		parts = append(parts, c.args)
	}
	return strings.Join(parts, " ")
}

// usage prints what --help prints: the synopsis, the text, the commands
// and the flags.
func (c *command) usage(w io.Writer) {
	fmt.Fprintf(w, "usage: bounce-milter %s\n\n%s.\n", c.synopsis(), upperFirst(c.summary))
	if c.text != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(c.text))
	}
	if len(c.subs) > 0 {
		fmt.Fprintln(w, "\ncommands:")
		for _, s := range c.subs {
			fmt.Fprintf(w, "  %-34s %s\n", strings.TrimPrefix(s.synopsis(), c.name+" "), s.summary)
		}
	}
	if flags := flagDocs(c); len(flags) > 0 {
		fmt.Fprintln(w, "\nflags:")
		for _, f := range flags {
			fmt.Fprintf(w, "  %s\n        %s\n", f.head(), f.usageWithDefault())
		}
	}
	if len(c.subs) > 0 {
		fmt.Fprintf(w, "\nRun \"bounce-milter %s COMMAND --help\" for a command's flags.\n", c.name)
	}
}

// usageError prints a mistake on the command line, with where to find the
// usage, and returns exitUsage.
func (c *call) usageError(format string, a ...any) int {
	fmt.Fprintf(c.stderr, "bounce-milter %s: %s\n", c.cmd.name, fmt.Sprintf(format, a...))
	fmt.Fprintf(c.stderr, "Run \"bounce-milter %s --help\" for usage.\n", c.cmd.name)
	return exitUsage
}

// fail prints an error of a command that ran and returns exitFail.
func (c *call) fail(err error) int {
	fmt.Fprintf(c.stderr, "bounce-milter %s: %v\n", c.cmd.name, err)
	return exitFail
}

// flagInError is a flag's name where the flag package's messages write it
// with one dash.
var flagInError = regexp.MustCompile(`(flag|for|argument:|defined:) -([A-Za-z0-9][-A-Za-z0-9_.]*)`)

// flagError rewrites a flag package error in this command line's style:
// flags with two dashes, and for a value of the flag package's own types
// what was expected instead of "parse error".
func flagError(fl *flag.FlagSet, err error) string {
	msg := err.Error()
	if m := flagInError.FindStringSubmatch(msg); m != nil && strings.HasSuffix(msg, ": parse error") {
		if f := fl.Lookup(m[2]); f != nil {
			if g, ok := f.Value.(flag.Getter); ok {
				switch g.Get().(type) {
				case time.Duration:
					msg = strings.TrimSuffix(msg, "parse error") + "want a duration such as 500ms, 5s, 1m30s or 24h"
				case int, int64, uint, uint64:
					msg = strings.TrimSuffix(msg, "parse error") + "want a whole number"
				case bool:
					msg = strings.TrimSuffix(msg, "parse error") + "want true or false"
				}
			}
		}
	}
	return flagInError.ReplaceAllString(msg, "$1 --$2")
}

// flagDoc is one flag as --help and the man page show it.
type flagDoc struct {
	name, value, usage, def string
	bool                    bool
}

// head is "--name VALUE", or "--name" for a switch.
func (f flagDoc) head() string {
	if f.bool {
		return "--" + f.name
	}
	return "--" + f.name + " " + f.value
}

func (f flagDoc) usageWithDefault() string {
	if f.def == "" {
		return f.usage
	}
	return f.usage + " (default " + f.def + ")"
}

// flagDocs returns c's flags, sorted by name.
func flagDocs(c *command) []flagDoc {
	fl, _ := c.flagSet()
	var out []flagDoc
	fl.VisitAll(func(f *flag.Flag) {
		value, usage := flag.UnquoteUsage(f)
		d := flagDoc{name: f.Name, value: strings.ToUpper(value), usage: usage}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			d.bool = true
		}
		if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" {
			d.def = f.DefValue
		}
		out = append(out, d)
	})
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// choiceValue is a flag that takes one of a few words.
type choiceValue struct {
	value   *string
	choices []string
}

// choiceVar defines a flag that takes one of choices; the first is the
// default.
func choiceVar(fl *flag.FlagSet, p *string, name string, choices []string, usage string) {
	*p = choices[0]
	fl.Var(&choiceValue{value: p, choices: choices}, name, usage)
}

func (v *choiceValue) String() string {
	if v.value == nil {
		return ""
	}
	return *v.value
}

func (v *choiceValue) Set(s string) error {
	for _, c := range v.choices {
		if strings.EqualFold(s, c) {
			*v.value = c
			return nil
		}
	}
	return fmt.Errorf("want %s", orList(v.choices))
}

// sizeValue is a flag that takes a number of bytes with an optional
// binary suffix.
type sizeValue struct{ n *int64 }

func (v sizeValue) String() string {
	if v.n == nil {
		return ""
	}
	return formatSize(*v.n)
}

func (v sizeValue) Set(s string) error {
	n, err := parseSize(s)
	if err != nil {
		return err
	}
	*v.n = n
	return nil
}

// inlineMaxValue is --inline-max: a size as sizeValue reads it, or 0 for
// none, kept as milter.Config.InlineMax's negative.
type inlineMaxValue struct{ n *int64 }

func (v inlineMaxValue) String() string {
	switch {
	case v.n == nil:
		return ""
	case *v.n < 0:
		return "0"
	}
	return formatSize(*v.n)
}

func (v inlineMaxValue) Set(s string) error {
	if strings.TrimSpace(s) == "0" {
		*v.n = -1
		return nil
	}
	return sizeValue(v).Set(s)
}

// sizeUnits are the suffixes parseSize reads, longest first.
var sizeUnits = []struct {
	suffix string
	mult   int64
}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}}

// errSize says what a size looks like.
var errSize = errors.New("want a whole number of bytes, optionally with K, M, G, KiB, MiB or GiB (e.g. 10MiB)")

// parseSize reads a byte count with an optional KiB/MiB/GiB (or K/M/G, or
// B) suffix.
func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range sizeUnits {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return 0, errSize
	}
	return n * mult, nil
}

// formatSize writes n with the largest binary suffix that divides it.
func formatSize(n int64) string {
	for _, u := range sizeUnits[:3] {
		if n >= u.mult && n%u.mult == 0 {
			return strconv.FormatInt(n/u.mult, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10)
}

// modeValue is a flag that takes permission bits in octal.
type modeValue struct{ mode *uint32 }

func (v modeValue) String() string {
	if v.mode == nil {
		return ""
	}
	return fmt.Sprintf("%04o", *v.mode)
}

func (v modeValue) Set(s string) error {
	m, err := strconv.ParseUint(s, 8, 32)
	if err != nil || m > 0o777 {
		return errors.New("want permission bits in octal, 0000 to 0777 (e.g. 0660)")
	}
	*v.mode = uint32(m)
	return nil
}
