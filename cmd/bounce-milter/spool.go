package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/bounce-milter/bounce-milter/event"
	"github.com/bounce-milter/bounce-milter/webhook/spool"
)

func init() {
	extraCommands["spool"] = runSpool
}

const spoolUsage = `usage: bounce-milter spool [--spool-dir DIR] [--sink NAME] <command>

commands:
  list [--dead|--queued]   the queued events and dead letters of each sink, oldest first,
                           with the attempts, the next try and the last error
  show ID                  one event, its state in each sink and, for a dead letter, why it died
  retry ID|--all           put dead letters back in the queue with a fresh age
  drop ID|--all            delete an event, queued or dead, for good (--all: with --sink)

Each sink (webhook, nats, kafka) has its own queue; --sink limits a command to one.
A running serve picks up what retry puts back within 30 s.
`

// runSpool is the spool command: inspect and replay the sinks' spool
// beside a running serve (it takes no lock).
func runSpool(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("spool", flag.ContinueOnError)
	fl.SetOutput(stderr)
	dir := fl.String("spool-dir", defaultSpoolDir, "the spool `DIR` serve uses")
	sinkName := fl.String("sink", "", "only the queue of this sink (webhook, nats, kafka)")
	fl.Usage = func() { fmt.Fprint(stderr, spoolUsage); fl.PrintDefaults() }
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() == 0 {
		fl.Usage()
		return 2
	}
	cmd, rest := fl.Arg(0), fl.Args()[1:]
	sub := flag.NewFlagSet("spool "+cmd, flag.ContinueOnError)
	sub.SetOutput(stderr)
	sub.StringVar(dir, "spool-dir", *dir, "the spool `DIR` serve uses")
	sub.StringVar(sinkName, "sink", *sinkName, "only the queue of this sink")
	dead := sub.Bool("dead", false, "list: only the dead letters")
	queued := sub.Bool("queued", false, "list: only the queued events")
	all := sub.Bool("all", false, "retry: every dead letter; drop: every event of --sink")
	if err := sub.Parse(rest); err != nil {
		return 2
	}
	if fi, err := os.Stat(*dir); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "bounce-milter spool: no spool at %s\n", *dir)
		return 1
	}
	sp, err := spool.Open(*dir, spool.Options{Shared: true})
	if err != nil {
		fmt.Fprintf(stderr, "bounce-milter spool: %v\n", err)
		return 1
	}
	defer sp.Close()
	qs := sp.Queues()
	if *sinkName != "" {
		q := sp.Queue(*sinkName)
		if q == nil {
			fmt.Fprintf(stderr, "bounce-milter spool: no queue for sink %q in %s (there are: %s)\n", *sinkName, *dir, queueNames(qs))
			return 1
		}
		qs = []*spool.Queue{q}
	}
	id := sub.Arg(0)
	needID := func() bool {
		if sub.NArg() != 1 {
			fmt.Fprintf(stderr, "bounce-milter spool %s: want one ID\n", cmd)
			return false
		}
		return true
	}
	switch cmd {
	case "list":
		err = spoolList(qs, stdout, !*queued || *dead, !*dead || *queued)
	case "show":
		if !needID() {
			return 2
		}
		err = spoolShow(qs, id, stdout)
	case "retry":
		switch {
		case *all && sub.NArg() == 0:
			err = spoolRetryAll(qs, stdout)
		case !*all && needID():
			err = spoolRetry(qs, id, stdout)
		default:
			fmt.Fprintln(stderr, "bounce-milter spool retry: ID or --all")
			return 2
		}
	case "drop":
		switch {
		case *all && sub.NArg() == 0 && *sinkName != "":
			err = spoolDropAll(qs[0], stdout)
		case *all:
			fmt.Fprintln(stderr, "bounce-milter spool drop --all: name the sink (--sink NAME) and no ID")
			return 2
		case needID():
			err = spoolDrop(qs, id, stdout)
		default:
			return 2
		}
	default:
		fmt.Fprintf(stderr, "bounce-milter spool: unknown command %q\n%s", cmd, spoolUsage)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "bounce-milter spool %s: %v\n", cmd, err)
		return 1
	}
	return 0
}

func queueNames(qs []*spool.Queue) string {
	var out []string
	for _, q := range qs {
		out = append(out, q.Name())
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}

// spoolList prints one line per event and sink: sink, state, id, enqueue
// time, age, size, type, the bounce's queue id, the recipients, the failed
// attempts, when the next is due, and the last error or, for a dead
// letter, why it died.
func spoolList(qs []*spool.Queue, w io.Writer, dead, queued bool) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SINK\tSTATE\tID\tENQUEUED\tAGE\tSIZE\tTYPE\tQUEUE-ID\tRECIPIENTS\tATTEMPTS\tNEXT-TRY\tLAST-ERROR/REASON")
	now := time.Now()
	for _, q := range qs {
		var entries []spool.Entry
		for _, st := range []struct {
			want  bool
			state spool.State
		}{{queued, spool.Queued}, {dead, spool.Dead}} {
			if !st.want {
				continue
			}
			es, err := q.List(st.state)
			if err != nil {
				return err
			}
			entries = append(entries, es...)
		}
		tries := q.Attempts()
		for _, e := range entries {
			typ, qid, rcpts := "?", "", ""
			if _, data, err := q.Get(e.ID); err == nil {
				var ev event.Event
				if json.Unmarshal(data, &ev) == nil {
					typ, qid = ev.Type, ev.Message.QueueID
					var rs []string
					for _, f := range ev.Facts {
						rs = append(rs, f.Recipient)
					}
					rcpts = strings.Join(rs, ",")
				}
			}
			attempts, next, last := "-", "-", e.Reason
			if e.State == spool.Queued {
				attempts, next = "0", "now"
				if a, ok := tries[e.ID]; ok {
					attempts, last = strconv.Itoa(a.Attempts), a.LastError
					if d := a.Next.Sub(now); d > 0 {
						next = "in " + d.Round(time.Second).String()
					}
				}
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", q.Name(), e.State, e.ID,
				e.Enqueued.UTC().Format(time.RFC3339), now.Sub(e.Enqueued).Round(time.Second), e.Size, typ,
				dash(qid), dash(rcpts), attempts, next, dash(oneLine(last)))
		}
	}
	return tw.Flush()
}

// oneLine keeps a table row on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// spoolShow prints an event's state in each sink holding it, then its
// payload, indented.
func spoolShow(qs []*spool.Queue, id string, w io.Writer) error {
	var data []byte
	found := false
	for _, q := range qs {
		e, d, err := q.Get(id)
		if errors.Is(err, spool.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if !found {
			fmt.Fprintf(w, "id:       %s\nenqueued: %s\nsize:     %d\n", e.ID, e.Enqueued.UTC().Format(time.RFC3339), e.Size)
		}
		found, data = true, d
		fmt.Fprintf(w, "\nsink:     %s\nstate:    %s\n", q.Name(), e.State)
		if a, ok := q.Attempt(id); ok && e.State == spool.Queued {
			fmt.Fprintf(w, "attempts: %d\nlast:     %s\nnext:     %s\nerror:    %s\n", a.Attempts,
				a.Last.UTC().Format(time.RFC3339), a.Next.UTC().Format(time.RFC3339), a.LastError)
		}
		if e.Reason != "" {
			fmt.Fprintf(w, "reason:   %s\n", e.Reason)
		}
	}
	if !found {
		return fmt.Errorf("%w: %s", spool.ErrNotFound, id)
	}
	var out bytes.Buffer
	if err := json.Indent(&out, data, "", "  "); err != nil {
		out.Reset()
		out.Write(data) // unreadable: show it as it is
	}
	fmt.Fprintf(w, "\n%s\n", bytes.TrimSpace(out.Bytes()))
	return nil
}

// spoolRetry revives a dead letter in each sink where it is one.
func spoolRetry(qs []*spool.Queue, id string, w io.Writer) error {
	found := false
	for _, q := range qs {
		err := q.Revive(id)
		if errors.Is(err, spool.ErrNotFound) {
			if e, _, gerr := q.Get(id); gerr == nil && e.State == spool.Queued {
				fmt.Fprintf(w, "%s: %s is already queued\n", q.Name(), id)
				found = true
			}
			continue
		}
		if err != nil {
			return err
		}
		found = true
		fmt.Fprintf(w, "%s: requeued %s\n", q.Name(), id)
	}
	if !found {
		return fmt.Errorf("%w: %s", spool.ErrNotFound, id)
	}
	return nil
}

func spoolRetryAll(qs []*spool.Queue, w io.Writer) error {
	for _, q := range qs {
		dead, err := q.List(spool.Dead)
		if err != nil {
			return err
		}
		n := 0
		for _, e := range dead {
			switch err := q.Revive(e.ID); {
			case err == nil:
				n++
			case !errors.Is(err, spool.ErrNotFound): // else dropped meanwhile
				return err
			}
		}
		fmt.Fprintf(w, "%s: requeued %s\n", q.Name(), plural(n, "dead letter"))
	}
	return nil
}

// spoolDrop deletes an event from each sink holding it.
func spoolDrop(qs []*spool.Queue, id string, w io.Writer) error {
	found := false
	for _, q := range qs {
		err := q.Drop(id)
		if errors.Is(err, spool.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		found = true
		fmt.Fprintf(w, "%s: dropped %s\n", q.Name(), id)
	}
	if !found {
		return fmt.Errorf("%w: %s", spool.ErrNotFound, id)
	}
	return nil
}

// spoolDropAll deletes every event of one sink, queued and dead.
func spoolDropAll(q *spool.Queue, w io.Writer) error {
	n := 0
	for _, st := range []spool.State{spool.Queued, spool.Dead} {
		es, err := q.List(st)
		if err != nil {
			return err
		}
		for _, e := range es {
			if err := q.Drop(e.ID); err != nil && !errors.Is(err, spool.ErrNotFound) {
				return err
			}
			n++
		}
	}
	fmt.Fprintf(w, "%s: dropped %s\n", q.Name(), plural(n, "event"))
	return nil
}

// plural returns "1 event", "2 events".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
