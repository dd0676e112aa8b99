package main

import (
	"bufio"
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// explainWriter prints classify --explain's text: per recipient, its
// facts, every stage's candidates and the verdict.
type explainWriter struct{ w *bufio.Writer }

func (w *explainWriter) write(*classify.Record) error { return nil }

// explainMessage decodes one message and explains each recipient's
// verdict. A panic in the engine becomes an error, as in classifyMessage.
func explainMessage(w *explainWriter, origin string, b []byte) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &internalError{value: p, stack: debug.Stack()}
		}
	}()
	rep, err := dsn.ParseBytes(b, lhost.Registry())
	if err != nil {
		return err
	}
	if !rep.IsBounce() {
		return nil
	}
	for i := range rep.Recipients {
		rc := &rep.Recipients[i]
		writeExplanation(w.w, origin, rep, rc, classify.Explain(rep, rc))
	}
	return nil
}

func writeExplanation(w *bufio.Writer, origin string, rep *dsn.Report, rc *dsn.Recipient, ex classify.Explanation) {
	v := ex.Verdict
	fmt.Fprintf(w, "%s: %s\n", terminalSafe(origin), terminalSafe(rc.Recipient))
	facts := []string{"action " + orDash(string(rc.Action)), "status " + orDash(rc.Status.String())}
	if rc.ReplyCode != 0 {
		facts = append(facts, "reply "+strconv.Itoa(rc.ReplyCode))
	}
	facts = append(facts, "command "+orDash(rc.Command), "decoder "+orDash(rep.Decoder))
	if v.Provider != "" {
		facts = append(facts, "provider "+v.Provider)
	}
	fmt.Fprintf(w, "  facts: %s\n", terminalSafe(strings.Join(facts, ", ")))
	if rc.DiagnosticCode != "" {
		fmt.Fprintf(w, "  text: %q\n", rc.DiagnosticCode)
	}
	for _, c := range ex.Candidates {
		reason := string(c.Reason)
		if reason == "" {
			reason = "-"
		}
		fmt.Fprintf(w, "  %-8s %-15s %-13s %s\n", c.Stage, reason, c.Outcome, c.Rule)
		switch {
		case c.Match != "" && c.End > c.Start:
			fmt.Fprintf(w, "           matched %q at %d-%d\n", c.Match, c.Start, c.End)
		case c.Match != "":
			fmt.Fprintf(w, "           means %q\n", c.Match)
		}
		if c.Where != "" || c.Source != "" {
			fmt.Fprintf(w, "           source %s\n", strings.TrimSpace(c.Where+" "+c.Source))
		}
		for _, a := range c.Also {
			fmt.Fprintf(w, "           also   %s\n", a)
		}
	}
	fmt.Fprintf(w, "  verdict: %s (%s, stage %s), status %s, hard bounce %t\n\n", v.Reason, v.Rule, v.Stage, orDash(v.Status.String()), v.HardBounce)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
