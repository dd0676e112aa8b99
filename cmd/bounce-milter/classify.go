package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/internal/mbox"
	"github.com/bounce-milter/bounce-milter/milter"
	"github.com/bounce-milter/bounce-milter/verp"
)

// maxMessageBytes bounds one message read by classify; the decoder reads
// at most dsn.DefaultMaxBytes of it.
const maxMessageBytes = dsn.DefaultMaxBytes

func runClassify(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("classify", flag.ContinueOnError)
	fl.SetOutput(stderr)
	format := fl.String("format", "json", "output format: json (one object per line and recipient) or tsv")
	explain := fl.Bool("explain", false, "print, per recipient, every stage's candidate rule, which one decided, and each rule's source (text; --format, --verp are ignored)")
	vf := &verpFlag{}
	fl.Var(vf, "verp", verpUsage())
	var rcpts stringList
	fl.Var(&rcpts, "envelope-rcpt", "`ADDR` the messages were delivered to (RCPT TO), repeatable, for --verp; "+
		"without it, each message's X-Original-To, else Delivered-To")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: bounce-milter classify [--format json|tsv] [--explain] [--verp PATTERN [--envelope-rcpt ADDR]] PATH...")
		fmt.Fprintln(stderr, "PATH is a message file, a directory (read recursively), an mbox, or - for standard input.")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() == 0 {
		fl.Usage()
		return 2
	}
	if len(rcpts) > 0 && len(vf.ps) == 0 {
		fmt.Fprintln(stderr, "bounce-milter classify: --envelope-rcpt needs --verp (the convention of the address)")
		return 2
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	var w recordWriter
	switch {
	case *explain:
		w = &explainWriter{w: out}
	case *format == "json":
		w = &jsonWriter{enc: json.NewEncoder(out)}
		w.(*jsonWriter).enc.SetEscapeHTML(false)
	case *format == "tsv":
		w = &tsvWriter{w: out}
	default:
		fmt.Fprintf(stderr, "bounce-milter classify: unknown format %q (json or tsv)\n", *format)
		return 2
	}
	c := &classifier{w: w, stderr: stderr, stdin: stdin, verp: vf.ps,
		env: milter.Envelope{Rcpts: rcpts, FromHeader: len(rcpts) == 0}}
	for _, p := range fl.Args() {
		c.path(p)
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintf(stderr, "bounce-milter classify: write: %v\n", err)
		return 1
	}
	if c.failed {
		return 1
	}
	return 0
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

func (c *classifier) fail(origin string, err error) {
	c.failed = true
	fmt.Fprintf(c.stderr, "bounce-milter classify: %s: %v\n", origin, err)
}

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
	var files []string
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			c.fail(path, err)
			return nil
		}
		if d.Type().IsRegular() {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		c.fail(p, err)
	}
	sort.Strings(files)
	for _, f := range files {
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
			err = fmt.Errorf("internal error: %v\n%s", p, debug.Stack())
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
		vals[i] = tsvEscape.Replace(v)
	}
	_, err := io.WriteString(w.w, strings.Join(vals, "\t")+"\n")
	return err
}

var tsvEscape = strings.NewReplacer("\\", "\\\\", "\t", "\\t", "\n", "\\n", "\r", "\\r")
