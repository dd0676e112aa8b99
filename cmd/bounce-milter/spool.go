package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/bounce-milter/bounce-milter/webhook"
	"github.com/bounce-milter/bounce-milter/webhook/spool"
)

func init() {
	extraCommands["spool"] = runSpool
}

const spoolUsage = `usage: bounce-milter spool [--spool-dir DIR] <command>

commands:
  list [--dead|--queued]   the queued events and dead letters, oldest first
  show ID                  one event, its state and, for a dead letter, why it died
  retry ID|--all           put dead letters back in the queue with a fresh age
  drop ID                  delete an event, queued or dead, for good

A running serve picks up what retry puts back within 30 s.
`

// runSpool is the spool command: inspect and replay the webhook spool
// beside a running serve (it takes no lock).
func runSpool(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("spool", flag.ContinueOnError)
	fl.SetOutput(stderr)
	dir := fl.String("spool-dir", defaultSpoolDir, "the spool `DIR` serve uses")
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
	dead := sub.Bool("dead", false, "list: only the dead letters")
	queued := sub.Bool("queued", false, "list: only the queued events")
	all := sub.Bool("all", false, "retry: every dead letter")
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
		err = spoolList(sp, stdout, !*queued || *dead, !*dead || *queued)
	case "show":
		if !needID() {
			return 2
		}
		err = spoolShow(sp, id, stdout)
	case "retry":
		switch {
		case *all && sub.NArg() == 0:
			err = spoolRetryAll(sp, stdout)
		case !*all && needID():
			err = spoolRetry(sp, id, stdout)
		default:
			fmt.Fprintln(stderr, "bounce-milter spool retry: ID or --all")
			return 2
		}
	case "drop":
		if !needID() {
			return 2
		}
		if err = sp.Drop(id); err == nil {
			fmt.Fprintf(stdout, "dropped %s\n", id)
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

// spoolList prints one line per event: state, id, enqueue time, age,
// size, type, the bounce's queue id, the recipients and, for a dead
// letter, why it died.
func spoolList(sp *spool.Spool, w io.Writer, dead, queued bool) error {
	var entries []spool.Entry
	for _, st := range []struct {
		want  bool
		state spool.State
	}{{queued, spool.Queued}, {dead, spool.Dead}} {
		if !st.want {
			continue
		}
		es, err := sp.List(st.state)
		if err != nil {
			return err
		}
		entries = append(entries, es...)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STATE\tID\tENQUEUED\tAGE\tSIZE\tTYPE\tQUEUE-ID\tRECIPIENTS\tREASON")
	now := time.Now()
	for _, e := range entries {
		typ, qid, rcpts := "?", "", ""
		if _, data, err := sp.Get(e.ID); err == nil {
			var ev webhook.Event
			if json.Unmarshal(data, &ev) == nil {
				typ, qid = ev.Type, ev.Message.QueueID
				var rs []string
				for _, f := range ev.Facts {
					rs = append(rs, f.Recipient)
				}
				rcpts = strings.Join(rs, ",")
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\n", e.State, e.ID, e.Enqueued.UTC().Format(time.RFC3339),
			now.Sub(e.Enqueued).Round(time.Second), e.Size, typ, dash(qid), dash(rcpts), dash(e.Reason))
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// spoolShow prints an event's state and its payload, indented.
func spoolShow(sp *spool.Spool, id string, w io.Writer) error {
	e, data, err := sp.Get(id)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "id:       %s\nstate:    %s\nenqueued: %s\nsize:     %d\n", e.ID, e.State, e.Enqueued.UTC().Format(time.RFC3339), e.Size)
	if e.Reason != "" {
		fmt.Fprintf(w, "reason:   %s\n", e.Reason)
	}
	var out bytes.Buffer
	if err := json.Indent(&out, data, "", "  "); err != nil {
		out.Reset()
		out.Write(data) // unreadable: show it as it is
	}
	fmt.Fprintf(w, "\n%s\n", bytes.TrimSpace(out.Bytes()))
	return nil
}

func spoolRetry(sp *spool.Spool, id string, w io.Writer) error {
	err := sp.Revive(id)
	if errors.Is(err, spool.ErrNotFound) {
		if e, _, gerr := sp.Get(id); gerr == nil && e.State == spool.Queued {
			fmt.Fprintf(w, "%s is already queued\n", id)
			return nil
		}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "requeued %s\n", id)
	return nil
}

func spoolRetryAll(sp *spool.Spool, w io.Writer) error {
	dead, err := sp.List(spool.Dead)
	if err != nil {
		return err
	}
	n := 0
	for _, e := range dead {
		switch err := sp.Revive(e.ID); {
		case err == nil:
			n++
		case !errors.Is(err, spool.ErrNotFound): // else dropped meanwhile
			return err
		}
	}
	fmt.Fprintf(w, "requeued %d dead letters\n", n)
	return nil
}
