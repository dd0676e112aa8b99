package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/engine"
	"github.com/bounce-milter/bounce-milter/internal/mbox"
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
			return runClassify(c, format, *explain, vf.ps, engine.Envelope{Rcpts: rcpts, FromHeader: len(rcpts) == 0})
		}
	},
}

// runClassify classifies each PATH of the command line.
func runClassify(cl *call, format string, explain bool, vp verp.Patterns, env engine.Envelope) int {
	var newWriter func(w io.Writer) recordWriter
	switch {
	case explain:
		newWriter = func(w io.Writer) recordWriter { return &explainWriter{w: bufio.NewWriter(w)} }
	case format == "tsv":
		newWriter = func(w io.Writer) recordWriter { return &tsvWriter{w: w} }
	default:
		newWriter = func(w io.Writer) recordWriter {
			enc := json.NewEncoder(w)
			enc.SetEscapeHTML(false)
			return &jsonWriter{enc: enc}
		}
	}
	out := bufio.NewWriterSize(cl.stdout, 64<<10)
	c := newClassifier(newWriter, out, cl.stderr, cl.stdin, format == "tsv" && !explain)
	c.verp, c.env = vp, env
	if _, set := os.LookupEnv("GOGC"); !set {
		prev := debug.SetGCPercent(smallRunGCPercent)
		defer debug.SetGCPercent(prev)
		c.relaxGC = func() { debug.SetGCPercent(prev) }
	}
	for _, p := range cl.args {
		c.path(p)
	}
	c.close()
	if err := out.Flush(); err != nil {
		return cl.fail(fmt.Errorf("write: %w", err))
	}
	if c.failed {
		return exitFail
	}
	return exitOK
}

// smallRunGCPercent is classify's garbage collector target (GOGC) for its
// first parallelAfter messages, unless the environment sets GOGC. Over a
// few hundred messages the kernel's first touch of a growing heap's pages
// costs more than collecting: some 15 µs a page on the 2-vCPU virtual
// machines measured, and the runtime's default lets the heap grow to 4
// MiB over a live heap of one or two. At 50 the heap stays near 2 MiB:
// over the shared corpus's 557 messages, 450 page faults and about 5% of
// the CPU less. Over thousands of messages the heap's pages are touched
// once and the collections are what recurs, so past parallelAfter
// messages the target returns to the runtime's default (at 50 throughout,
// 9,420 messages cost 17% more CPU). A memory limit is not set: it would
// make a run of very large messages collect without end instead of
// growing for a moment.
const smallRunGCPercent = 50

// classifier reads the inputs in the order given and classifies the
// messages in batches. A batch is a few messages: handing over one
// message at a time would cost more in waking goroutines than some
// messages cost to classify. The first batches are classified and printed
// by the goroutine that reads them, on one core: a second core costs more
// CPU than it saves (each core keeps its own caches of memory, and
// handing batches between goroutines wakes them) until the input is large
// enough for the time saved to matter. Once parallelAfter messages are
// read, a worker per core classifies the batches and a printer writes
// each batch's output in input order. At most a few batches are read
// ahead of the printer, so memory does not grow with the input.
type classifier struct {
	newWriter func(io.Writer) recordWriter
	out       io.Writer
	stderr    io.Writer
	stdin     io.Reader
	tsvHeader bool // print the TSV header before the first record

	cores         int          // the workers once parallel
	parallelAfter int          // messages read before going parallel
	relaxGC       func()       // called once parallelAfter messages are read, if set
	read          int          // messages read so far
	batch         *task        // being filled by the reader
	serial        *batchWriter // the reader's writer while not parallel

	parallel bool // the workers and the printer run
	work     chan *task
	order    chan *task
	tasks    chan *task // batches the printer is done with
	workers  sync.WaitGroup
	printed  chan struct{}
	failed   bool // set by the printer; read after close

	verp verp.Patterns   // --verp
	env  engine.Envelope // --envelope-rcpt, or the recipients from each message's header
}

// Batch bounds: messages, and bytes of them. A batch's messages are read
// into its own buffer, kept for a next batch once printed.
const (
	batchMessages = 16
	batchBytes    = 256 << 10
)

// parallelAfter is the number of messages read before the batches are
// classified on every core. Measured over the 557 messages of the shared
// corpus's bsd, mac, dos and not directories, one core cost less CPU than
// two and about as much wall time (the run is a tenth of a second).
const parallelAfter = 1000

// task is a batch of messages, in input order.
type task struct {
	items []item
	size  int    // bytes of the messages
	data  []byte // the messages read into the batch's buffer
	out   bytes.Buffer
	done  chan struct{}
}

// item is one message, or an input that failed before it had any.
type item struct {
	origin string
	msg    []byte
	err    error
}

func newClassifier(newWriter func(io.Writer) recordWriter, out, stderr io.Writer, stdin io.Reader, tsvHeader bool) *classifier {
	c := &classifier{
		newWriter: newWriter, out: out, stderr: stderr, stdin: stdin, tsvHeader: tsvHeader,
		cores: runtime.GOMAXPROCS(0), parallelAfter: parallelAfter,
	}
	if c.cores > 1 {
		runtime.GOMAXPROCS(1)
	}
	c.serial = c.newBatchWriter()
	return c
}

// batchWriter writes records into the output of the batch at hand.
type batchWriter struct {
	t *task
	w recordWriter
}

func (c *classifier) newBatchWriter() *batchWriter {
	bw := &batchWriter{}
	bw.w = c.newWriter(writerFunc(func(p []byte) (int, error) { return bw.t.out.Write(p) }))
	return bw
}

// classifyBatch classifies t's messages into its output.
func (c *classifier) classifyBatch(bw *batchWriter, t *task) {
	bw.t = t
	for i := range t.items {
		if it := &t.items[i]; it.err == nil {
			it.err = c.message(bw.w, it.origin, it.msg)
		}
	}
	bw.t = nil
}

// goParallel starts a worker per core and the printer.
func (c *classifier) goParallel() {
	n := c.cores
	runtime.GOMAXPROCS(n)
	c.parallel = true
	c.work = make(chan *task, n)
	c.order = make(chan *task, n+1)
	c.tasks = make(chan *task, n+3)
	c.printed = make(chan struct{})
	c.workers.Add(n)
	for range n {
		go c.worker()
	}
	go c.print()
}

// close waits until every message read is printed.
func (c *classifier) close() {
	c.flush()
	if !c.parallel {
		runtime.GOMAXPROCS(c.cores)
		return
	}
	close(c.work)
	close(c.order)
	c.workers.Wait()
	<-c.printed
}

// worker classifies the batches of c.work, each into its output.
func (c *classifier) worker() {
	defer c.workers.Done()
	bw := c.newBatchWriter()
	for t := range c.work {
		c.classifyBatch(bw, t)
		close(t.done)
	}
}

// print writes the batches' output in the order they were read.
func (c *classifier) print() {
	defer close(c.printed)
	for t := range c.order {
		<-t.done
		c.printBatch(t)
	}
}

// printBatch writes a classified batch's output, then its errors, in
// input order, and keeps the batch for a next one.
func (c *classifier) printBatch(t *task) {
	if t.out.Len() > 0 && c.tsvHeader {
		c.tsvHeader = false
		io.WriteString(c.out, strings.Join(tsvColumns, "\t")+"\n")
	}
	_, werr := c.out.Write(t.out.Bytes())
	for i := range t.items {
		it := &t.items[i]
		if it.err == nil && werr != nil {
			it.err = werr
		}
		if it.err != nil {
			c.report(it.origin, it.err)
		}
	}
	c.releaseTask(t)
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// submit adds one message, or an input's error, to the batch in input
// order, and hands the batch over once it is full.
func (c *classifier) submit(it item) {
	t := c.current()
	t.items = append(t.items, it)
	t.size += len(it.msg)
	c.read++
	if len(t.items) >= batchMessages || t.size >= batchBytes {
		c.flush()
	}
}

// current returns the batch being filled, a new one if none.
func (c *classifier) current() *task {
	if c.batch == nil {
		c.batch = c.newTask()
	}
	return c.batch
}

// flush classifies the batch being filled: itself and prints it while
// the input is small, else by handing it to the workers and the printer.
func (c *classifier) flush() {
	t := c.batch
	if t == nil {
		return
	}
	c.batch = nil
	if c.read >= c.parallelAfter {
		if c.relaxGC != nil {
			c.relaxGC()
			c.relaxGC = nil
		}
		if !c.parallel && c.cores > 1 {
			c.goParallel()
		}
	}
	if !c.parallel {
		c.classifyBatch(c.serial, t)
		c.printBatch(t)
		return
	}
	t.done = make(chan struct{})
	c.order <- t
	c.work <- t
}

// fail queues an input that could not be read, reported in input order.
func (c *classifier) fail(origin string, err error) { c.submit(item{origin: origin, err: err}) }

// buffer returns empty space for a message of up to size bytes: in the
// batch's buffer, after the messages read into it, when the batch has
// room for it; the batch is flushed first when it has not. A message
// larger than a batch gets a buffer of its own.
func (c *classifier) buffer(size int) []byte {
	t := c.current()
	if len(t.data)+size > cap(t.data) && len(t.items) > 0 {
		c.flush()
		t = c.current()
	}
	if size > cap(t.data) {
		if size > batchBytes {
			return make([]byte, 0, size)
		}
		t.data = make([]byte, 0, batchBytes)
	}
	return t.data[len(t.data):len(t.data)]
}

// keep records that the message in b, read into space that buffer
// returned, stays in the batch's buffer until the batch is printed.
func (c *classifier) keep(b []byte) {
	t := c.current()
	free := t.data[len(t.data):cap(t.data)]
	if len(b) > 0 && len(free) >= len(b) && &b[0] == &free[0] {
		t.data = t.data[:len(t.data)+len(b)]
	}
}

// maxKeptOutput bounds the output buffer a batch keeps for the next.
const maxKeptOutput = 1 << 20

// newTask returns an empty batch, one the printer is done with if any.
func (c *classifier) newTask() *task {
	select {
	case t := <-c.tasks:
		return t
	default:
	}
	return &task{items: make([]item, 0, batchMessages)}
}

// releaseTask keeps t, printed, for a next batch: the next batch itself
// while the reader prints, else one of a few kept for the reader.
func (c *classifier) releaseTask(t *task) {
	clear(t.items)
	t.items, t.size, t.data, t.done = t.items[:0], 0, t.data[:0], nil
	if t.out.Cap() > maxKeptOutput {
		t.out = bytes.Buffer{}
	}
	t.out.Reset()
	if !c.parallel {
		if c.batch == nil {
			c.batch = t
		}
		return
	}
	select {
	case c.tasks <- t:
	default:
	}
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

func (l *stringList) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// report prints one input that could not be read or classified (the
// printer's). What it prints of the input (its name, an error quoting its
// bytes) is made terminalSafe; an internal error's stack follows on lines
// of its own.
func (c *classifier) report(origin string, err error) {
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
		c.stream("-", c.stdin, -1)
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
	f, size, err := openFile(p)
	if err != nil {
		c.fail(p, err)
		return
	}
	defer f.Close()
	c.stream(p, f, size)
}

// stream classifies the message or mbox in r, of size bytes if known
// (else -1). A message is read whole into one buffer, sized from the
// file, in as few reads as the file allows; an mbox is split as it is
// read. A file of known size up to maxMessageBytes is read as large as it
// was when opened: once that many bytes are in, no read asks for the end
// of the file (a system call costs a few microseconds, as much as
// classifying a small part of a message).
func (c *classifier) stream(origin string, r io.Reader, size int64) {
	want := 64 << 10 // a guess for a stream, grown as it is read
	if size >= 0 {
		want = int(min(size, maxMessageBytes))
	}
	known := size >= 0 && size <= maxMessageBytes
	buf := c.buffer(want + 1) // one byte more: a read that fills it has more to come
	first := min(4096, want+1)
	if known {
		first = want
	}
	head, eof, err := readAtLeast(r, buf, first)
	if err != nil {
		c.fail(origin, err)
		return
	}
	if known && len(head) >= want {
		head, eof = head[:want], true
	}
	isMbox := mbox.IsMbox(head[:min(len(head), 4096)])
	crOnly := mbox.IsCROnlyMbox(head[:min(len(head), 4096)]) && size >= 0 && size <= maxMessageBytes
	if isMbox && (size < 0 || size > maxMessageBytes) {
		// An mbox of unknown or large size is split as it is read.
		c.mbox(origin, io.MultiReader(bytes.NewReader(head), r))
		return
	}
	b := head
	if !eof {
		if b, err = readAll(r, head, maxMessageBytes); err != nil {
			c.fail(origin, err)
			return
		}
	}
	if crOnly {
		// A classic Mac OS mbox, read whole: its line ends become LF (the
		// buffer is ours), and it splits as any other.
		for i, c := range b {
			if c == '\r' {
				b[i] = '\n'
			}
		}
		isMbox = true
	}
	if isMbox {
		// The split copies the messages: the buffer is free again.
		c.splitMbox(origin, func(fn func([]byte)) error { return mbox.SplitBytes(b, maxMessageBytes, fn) })
		return
	}
	c.keep(b)
	c.submit(item{origin: origin, msg: b[:min(len(b), maxMessageBytes)]})
}

// readAtLeast reads into buf[:0], as much as fits, until it holds n
// bytes or r ends (eof).
func readAtLeast(r io.Reader, buf []byte, n int) (b []byte, eof bool, err error) {
	for len(buf) < n {
		k, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+k]
		if err == io.EOF {
			return buf, true, nil
		}
		if err != nil {
			return buf, false, err
		}
	}
	return buf, false, nil
}

// readAll reads the rest of r after b, keeping at most limit bytes in all.
func readAll(r io.Reader, b []byte, limit int) ([]byte, error) {
	for len(b) < limit {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		k, err := r.Read(b[len(b):min(cap(b), limit)])
		b = b[:len(b)+k]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
	return b, nil
}

// mbox classifies each message of an mbox: PATH:1, PATH:2, ...; a single
// message is reported as PATH.
func (c *classifier) mbox(origin string, r io.Reader) {
	c.splitMbox(origin, func(fn func([]byte)) error {
		return mbox.Split(bufio.NewReaderSize(r, 64<<10), maxMessageBytes, fn)
	})
}

// splitMbox submits each message that split passes to its function.
func (c *classifier) splitMbox(origin string, split func(func([]byte)) error) {
	n := 0
	var pending []byte
	err := split(func(msg []byte) {
		n++
		if n == 1 {
			pending = msg
			return
		}
		if n == 2 {
			c.submit(item{origin: origin + ":1", msg: pending})
			pending = nil
		}
		c.submit(item{origin: origin + ":" + strconv.Itoa(n), msg: msg})
	})
	if n == 1 {
		c.submit(item{origin: origin, msg: pending})
	}
	if err != nil {
		c.fail(origin, err)
	}
}

// message classifies one message and writes its records with w.
func (c *classifier) message(w recordWriter, origin string, b []byte) error {
	if ew, ok := w.(*explainWriter); ok {
		err := explainMessage(ew, origin, b)
		if ferr := ew.w.Flush(); err == nil {
			err = ferr
		}
		return err
	}
	recs, err := c.classifySafely(origin, b)
	if err != nil {
		return err
	}
	for i := range recs {
		if err := w.write(&recs[i]); err != nil {
			return err
		}
	}
	return nil
}

// classifySafely classifies one message as the milter does
// (engine.Classify, or engine.ClassifyEnvelope with --verp). A
// panic in the engine becomes an error: one bad message never stops the
// others.
func (c *classifier) classifySafely(origin string, b []byte) (recs []classify.Record, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &internalError{value: p, stack: debug.Stack()}
		}
	}()
	if len(c.verp) > 0 {
		return engine.ClassifyEnvelope(origin, b, c.env, c.verp)
	}
	return engine.Classify(origin, b)
}

type recordWriter interface{ write(*classify.Record) error }

type jsonWriter struct{ enc *json.Encoder }

func (w *jsonWriter) write(r *classify.Record) error { return w.enc.Encode(r) }

// tsvColumns are the TSV columns, in the JSON keys' order.
var tsvColumns = []string{"origin", "action", "addresser", "alias", "command", "decodedby",
	"deliverystatus", "destination", "diagnosticcode", "diagnostictype", "feedbackid",
	"feedbacktype", "hardbounce", "lhost", "listid", "messageid", "reason", "recipient",
	"replycode", "rhost", "senderdomain", "subject", "timestamp", "timezoneoffset", "token", "rule", "verp"}

// tsvWriter writes the rows; the printer writes the header before the
// first.
type tsvWriter struct{ w io.Writer }

func (w *tsvWriter) write(r *classify.Record) error {
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
