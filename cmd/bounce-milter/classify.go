package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/internal/mbox"
	"github.com/bounce-milter/bounce-milter/milter"
	"github.com/bounce-milter/bounce-milter/verp"
)

// maxMessageBytes bounds one message read by classify; the decoder reads
// at most dsn.DefaultMaxBytes of it.
const maxMessageBytes = dsn.DefaultMaxBytes

var classifyCommand = &command{
	name:    "classify",
	args:    "PATH...",
	summary: "classify the bounces in files, directories, mboxes or standard input",
	text: `PATH is a message file, a directory, an mbox (its messages are reported as
PATH:1, PATH:2, ...) or - for standard input. A directory is read recursively,
every regular file a message, except in a Maildir (a directory with cur/ and
new/): there only the files in cur/ and new/ of it and of its folders are
messages. A message that is not a bounce prints nothing. An input that cannot
be read gets one line on standard error and exit status 1; the others are
still classified.`,
	define: func(fl *flag.FlagSet) func(*call) int {
		var format string
		choiceVar(fl, &format, "format", []string{"json", "tsv"}, "output `FORMAT`: json (one object per line and recipient) or tsv")
		explain := fl.Bool("explain", false, "print, per recipient, every stage's candidate rule, which one decided, and each rule's source (text; --format, --verp are ignored)")
		vf := &verpFlag{}
		fl.Var(vf, "verp", verpUsage())
		var rcpts stringList
		fl.Var(&rcpts, "envelope-rcpt", "`ADDR` the messages were delivered to (RCPT TO), repeatable, for --verp; "+
			"without it, each message's X-Original-To, else Delivered-To")
		return func(c *call) int {
			if len(c.args) == 0 {
				return c.usageError("want at least one PATH: a message file, a directory, an mbox or - for standard input")
			}
			if len(rcpts) > 0 && len(vf.ps) == 0 {
				return c.usageError("--envelope-rcpt needs --verp (the convention of the address)")
			}
			return runClassify(c, format, *explain, vf.ps, milter.Envelope{Rcpts: rcpts, FromHeader: len(rcpts) == 0})
		}
	},
}

// runClassify classifies each PATH of the command line.
func runClassify(cl *call, format string, explain bool, vp verp.Patterns, env milter.Envelope) int {
	out := bufio.NewWriter(cl.stdout)
	defer out.Flush()
	var w recordWriter
	switch {
	case explain:
		w = &explainWriter{w: out}
	case format == "tsv":
		w = &tsvWriter{w: out}
	default:
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		w = &jsonWriter{enc: enc}
	}
	c := &classifier{w: w, stderr: cl.stderr, stdin: cl.stdin, verp: vp, env: env}
	for _, p := range cl.args {
		c.path(p)
	}
	if err := out.Flush(); err != nil {
		return cl.fail(fmt.Errorf("write: %w", err))
	}
	if c.failed {
		return exitFail
	}
	return exitOK
}

type classifier struct {
	w      recordWriter
	stderr io.Writer
	stdin  io.Reader
	failed bool
	verp   verp.Patterns   // --verp
	env    milter.Envelope // --envelope-rcpt, or the recipients from each message's header
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

func (l *stringList) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// fail reports one input that could not be read or classified. What it
// prints of the input (its name, an error quoting its bytes) is made
// terminalSafe; an internal error's stack follows on lines of its own.
func (c *classifier) fail(origin string, err error) {
	c.failed = true
	fmt.Fprintf(c.stderr, "bounce-milter classify: %s: %s\n", terminalSafe(origin), terminalSafe(err.Error()))
	var ie *internalError
	if errors.As(err, &ie) {
		c.stderr.Write(ie.stack)
	}
}

// internalError is a panic in the engine on one message: a bug, reported
// with its stack; the other messages are still classified.
type internalError struct {
	value any
	stack []byte
}

func (e *internalError) Error() string { return fmt.Sprintf("internal error: %v", e.value) }

// path classifies what p names: standard input, a directory or a file.
func (c *classifier) path(p string) {
	if p == "-" {
		c.stream("-", c.stdin)
		return
	}
	fi, err := os.Stat(p)
	if err != nil {
		c.fail(p, err)
		return
	}
	if !fi.IsDir() {
		c.file(p)
		return
	}
	for _, f := range messageFiles(p, c.fail) {
		c.file(f)
	}
}

func (c *classifier) file(p string) {
	f, err := os.Open(p)
	if err != nil {
		c.fail(p, err)
		return
	}
	defer f.Close()
	c.stream(p, f)
}

// stream classifies the message or mbox in r.
func (c *classifier) stream(origin string, r io.Reader) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(4096)
	if !mbox.IsMbox(head) {
		b, err := io.ReadAll(io.LimitReader(br, maxMessageBytes))
		if err != nil {
			c.fail(origin, err)
			return
		}
		c.message(origin, b)
		return
	}
	n := 0
	var pending []byte
	err := mbox.Split(br, maxMessageBytes, func(msg []byte) {
		n++
		if n == 1 {
			pending = msg
			return
		}
		if n == 2 {
			c.message(origin+":1", pending)
			pending = nil
		}
		c.message(origin+":"+strconv.Itoa(n), msg)
	})
	if n == 1 {
		c.message(origin, pending)
	}
	if err != nil {
		c.fail(origin, err)
	}
}

// message classifies one message and writes its records.
func (c *classifier) message(origin string, b []byte) {
	if ew, ok := c.w.(*explainWriter); ok {
		if err := explainMessage(ew, origin, b); err != nil {
			c.fail(origin, err)
		}
		return
	}
	recs, err := c.classifySafely(origin, b)
	if err != nil {
		c.fail(origin, err)
		return
	}
	for i := range recs {
		if err := c.w.write(&recs[i]); err != nil {
			c.fail(origin, err)
			return
		}
	}
}

// classifySafely classifies one message as the milter does
// (milter.ClassifyMessage, or milter.ClassifyEnvelope with --verp). A
// panic in the engine becomes an error: one bad message never stops the
// others.
func (c *classifier) classifySafely(origin string, b []byte) (recs []classify.Record, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &internalError{value: p, stack: debug.Stack()}
		}
	}()
	if len(c.verp) > 0 {
		return milter.ClassifyEnvelope(origin, b, c.env, c.verp)
	}
	return milter.ClassifyMessage(origin, b)
}

type recordWriter interface{ write(*classify.Record) error }

type jsonWriter struct{ enc *json.Encoder }

func (w *jsonWriter) write(r *classify.Record) error { return w.enc.Encode(r) }

// tsvColumns are the TSV columns, in the JSON keys' order.
var tsvColumns = []string{"origin", "action", "addresser", "alias", "command", "decodedby",
	"deliverystatus", "destination", "diagnosticcode", "diagnostictype", "feedbackid",
	"feedbacktype", "hardbounce", "lhost", "listid", "messageid", "reason", "recipient",
	"replycode", "rhost", "senderdomain", "subject", "timestamp", "timezoneoffset", "token", "rule", "verp"}

type tsvWriter struct {
	w      io.Writer
	header bool
}

func (w *tsvWriter) write(r *classify.Record) error {
	if !w.header {
		w.header = true
		if _, err := io.WriteString(w.w, strings.Join(tsvColumns, "\t")+"\n"); err != nil {
			return err
		}
	}
	vals := []string{r.Origin, r.Action, r.Addresser, r.Alias, r.Command, r.DecodedBy,
		r.DeliveryStatus, r.Destination, r.DiagnosticCode, r.DiagnosticType, r.FeedbackID,
		r.FeedbackType, strconv.FormatBool(r.HardBounce), r.LHost, r.ListID, r.MessageID,
		string(r.Reason), r.Recipient, r.ReplyCode, r.RHost, r.SenderDomain, r.Subject,
		strconv.FormatInt(r.Timestamp, 10), r.TimezoneOffset, r.Token, r.Rule, r.VERP}
	for i, v := range vals {
		vals[i] = tsvField(v)
	}
	_, err := io.WriteString(w.w, strings.Join(vals, "\t")+"\n")
	return err
}

// tsvField escapes a TSV value: a backslash, tab, line feed and carriage
// return as \\, \t, \n and \r, any other control character as \xNN
// (C0, DEL) or \uNNNN (C1), and a byte that is not UTF-8 as \xNN, so
// that a field never breaks the table nor sends a control sequence to a
// terminal.
func tsvField(v string) string {
	if utf8.ValidString(v) && strings.IndexFunc(v, func(r rune) bool { return r == '\\' || unicode.IsControl(r) }) < 0 {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); {
		r, n := utf8.DecodeRuneInString(v[i:])
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == utf8.RuneError && n == 1, r < 0x80 && unicode.IsControl(r):
			fmt.Fprintf(&b, `\x%02x`, v[i])
		case unicode.IsControl(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(v[i : i+n])
		}
		i += n
	}
	return b.String()
}
