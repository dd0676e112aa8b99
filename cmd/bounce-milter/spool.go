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

var spoolCommand = &command{
	name:    "spool",
	summary: "inspect and replay the webhook spool",
	text: `The spool is serve's durable queue of webhook events and their dead
letters (--spool-dir, one per serve). These commands work beside a running
serve, which picks up what retry puts back within 30 s.`,
	define: func(fl *flag.FlagSet) func(*call) int {
		spoolDirFlag(fl)
		return nil
	},
	subs: []*command{
		{
			name:    "spool list",
			summary: "list the queued events and dead letters, oldest first",
			define: func(fl *flag.FlagSet) func(*call) int {
				dir := spoolDirFlag(fl)
				dead := fl.Bool("dead", false, "only the dead letters")
				queued := fl.Bool("queued", false, "only the queued events")
				return func(c *call) int {
					if len(c.args) > 0 {
						return c.usageError("unexpected argument %q", c.args[0])
					}
					return withSpool(c, *dir, func(sp *spool.Spool) error {
						return spoolList(sp, c.stdout, !*queued || *dead, !*dead || *queued)
					})
				}
			},
		},
		{
			name:    "spool show",
			args:    "ID",
			summary: "print one event, its state and, for a dead letter, why it died",
			define: func(fl *flag.FlagSet) func(*call) int {
				dir := spoolDirFlag(fl)
				return func(c *call) int {
					if len(c.args) != 1 {
						return c.usageError("want one event ID (spool list shows them)")
					}
					return withSpool(c, *dir, func(sp *spool.Spool) error { return spoolShow(sp, c.args[0], c.stdout) })
				}
			},
		},
		{
			name:    "spool retry",
			args:    "ID | --all",
			summary: "put dead letters back in the queue with a fresh age",
			define: func(fl *flag.FlagSet) func(*call) int {
				dir := spoolDirFlag(fl)
				all := fl.Bool("all", false, "every dead letter")
				return func(c *call) int {
					switch {
					case *all && len(c.args) == 0:
						return withSpool(c, *dir, func(sp *spool.Spool) error { return spoolRetryAll(sp, c.stdout) })
					case !*all && len(c.args) == 1:
						return withSpool(c, *dir, func(sp *spool.Spool) error { return spoolRetry(sp, c.args[0], c.stdout) })
					}
					return c.usageError("want one event ID or --all")
				}
			},
		},
		{
			name:    "spool drop",
			args:    "ID",
			summary: "delete an event, queued or dead, for good",
			define: func(fl *flag.FlagSet) func(*call) int {
				dir := spoolDirFlag(fl)
				return func(c *call) int {
					if len(c.args) != 1 {
						return c.usageError("want one event ID (spool list shows them)")
					}
					id := c.args[0]
					return withSpool(c, *dir, func(sp *spool.Spool) error {
						if err := sp.Drop(id); err != nil {
							return err
						}
						fmt.Fprintf(c.stdout, "dropped %s\n", id)
						return nil
					})
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

// withSpool opens the spool in dir beside a running serve (it takes no
// lock), runs fn on it and returns the exit status.
func withSpool(c *call, dir string, fn func(*spool.Spool) error) int {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return c.fail(fmt.Errorf("no spool at %s (--spool-dir)", dir))
	}
	sp, err := spool.Open(dir, spool.Options{Shared: true})
	if err != nil {
		return c.fail(err)
	}
	defer sp.Close()
	if err := fn(sp); err != nil {
		return c.fail(err)
	}
	return exitOK
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
