//go:build !front

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

var spoolCommand = &command{
	name:    "spool",
	summary: "inspect and replay the sinks' spool",
	text: `The spool is serve's durable queue of events and dead letters
(--spool-dir, one per serve), with a queue for each sink (webhook, nats,
kafka); --sink limits a command to one. These commands work beside a
running serve, which picks up what retry puts back within 30 s.`,
	define: func(fl *flag.FlagSet) func(*call) int {
		spoolDirFlag(fl)
		sinkFlag(fl)
		return nil
	},
	subs: []*command{
		{
			name:    "spool list",
			summary: "list each sink's queued events and dead letters, oldest first, with attempts, next try and last error",
			define: func(fl *flag.FlagSet) func(*call) int {
				dir, sink := spoolDirFlag(fl), sinkFlag(fl)
				dead := fl.Bool("dead", false, "only the dead letters")
				queued := fl.Bool("queued", false, "only the queued events")
				return func(c *call) int {
					if len(c.args) > 0 {
						return c.usageError("unexpected argument %q", c.args[0])
					}
					return withSpool(c, *dir, *sink, func(qs []*spool.Queue) error {
						return spoolList(qs, c.stdout, !*queued || *dead, !*dead || *queued)
					})
				}
			},
		},
		{
			name:    "spool show",
			args:    "ID",
			summary: "print one event, its state in each sink and, for a dead letter, why it died",
			define: func(fl *flag.FlagSet) func(*call) int {
				dir, sink := spoolDirFlag(fl), sinkFlag(fl)
				return func(c *call) int {
					if len(c.args) != 1 {
						return c.usageError("want one event ID (spool list shows them)")
					}
					return withSpool(c, *dir, *sink, func(qs []*spool.Queue) error { return spoolShow(qs, c.args[0], c.stdout) })
				}
			},
		},
		{
			name:    "spool retry",
			args:    "ID | --all",
			summary: "put dead letters back in the queue with a fresh age",
			define: func(fl *flag.FlagSet) func(*call) int {
				dir, sink := spoolDirFlag(fl), sinkFlag(fl)
				all := fl.Bool("all", false, "every dead letter")
				return func(c *call) int {
					switch {
					case *all && len(c.args) == 0:
						return withSpool(c, *dir, *sink, func(qs []*spool.Queue) error { return spoolRetryAll(qs, c.stdout) })
					case !*all && len(c.args) == 1:
						return withSpool(c, *dir, *sink, func(qs []*spool.Queue) error { return spoolRetry(qs, c.args[0], c.stdout) })
					}
					return c.usageError("want one event ID or --all")
				}
			},
		},
		{
			name:    "spool drop",
			args:    "ID | --all",
			summary: "delete an event, queued or dead, for good; --all with --sink: every event of a sink retired for good",
			define: func(fl *flag.FlagSet) func(*call) int {
				dir, sink := spoolDirFlag(fl), sinkFlag(fl)
				all := fl.Bool("all", false, "every event of the sink --sink names, queued and dead")
				return func(c *call) int {
					switch {
					case *all && len(c.args) == 0 && *sink != "":
						return withSpool(c, *dir, *sink, func(qs []*spool.Queue) error { return spoolDropAll(qs[0], c.stdout) })
					case *all:
						return c.usageError("--all drops a whole sink's queue: name it with --sink, and no event ID")
					case len(c.args) == 1:
						return withSpool(c, *dir, *sink, func(qs []*spool.Queue) error { return spoolDrop(qs, c.args[0], c.stdout) })
					}
					return c.usageError("want one event ID (spool list shows them)")
				}
			},
		},
	},
}

// spoolDirFlag defines --spool-dir, which spool and each of its commands
// take.
func spoolDirFlag(fl *flag.FlagSet) *string {
	return fl.String("spool-dir", defaultSpoolDir, "the spool `DIR` serve uses (serve --spool-dir)")
}

// sinkFlag defines --sink, which spool and each of its commands take.
func sinkFlag(fl *flag.FlagSet) *string {
	return fl.String("sink", "", "only the queue of this `sink` (webhook, nats, kafka); default every sink")
}

// withSpool opens the spool in dir beside a running serve (it takes no
// lock), runs fn on its queues (only sink's, when named) and returns the
// exit status.
func withSpool(c *call, dir, sink string, fn func([]*spool.Queue) error) int {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return c.fail(fmt.Errorf("no spool at %s (--spool-dir)", dir))
	}
	sp, err := spool.Open(dir, spool.Options{Shared: true})
	if err != nil {
		return c.fail(err)
	}
	defer sp.Close()
	qs := sp.Queues()
	if sink != "" {
		q := sp.Queue(sink)
		if q == nil {
			return c.fail(fmt.Errorf("no queue for sink %q in %s (there are: %s)", sink, dir, queueNames(qs)))
		}
		qs = []*spool.Queue{q}
	}
	if err := fn(qs); err != nil {
		return c.fail(err)
	}
	return exitOK
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
