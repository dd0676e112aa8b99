// Command corpus-score prints the README's quality table: the agreement of
// bounce-milter's classifier with the labels of testdata/corpus (make
// corpus-score), by slice of the corpus, then the messages of not/ reported
// as bounces, the share of onhold verdicts and each row whose reason
// disagrees with its label, over the whole corpus with its copies.
//
//	go run ./internal/cmd/corpus-score [-dir testdata/corpus]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"

	"github.com/bounce-milter/bounce-milter/internal/corpus"
)

// slices are the README table's rows. Each counts the bsd/ files and their
// CR (mac/) and CRLF (dos/) copies.
var slices = []struct {
	title string
	slice corpus.Slice
}{
	{"bounces with a delivery-status or feedback-report part", corpus.Slice{
		Grep: regexp.MustCompile(`(?im)message/(global-)?delivery-status|feedback-report`), Variants: true}},
	{"the whole corpus", corpus.Slice{Variants: true}},
	{"provider bounces (`rhost-*`)", corpus.Slice{Name: regexp.MustCompile(`^rhost-`), Variants: true}},
	{"auto-replies (`rfc3834-*`)", corpus.Slice{Name: regexp.MustCompile(`^rfc3834`), Variants: true}},
}

func main() {
	dir := flag.String("dir", "testdata/corpus", "the corpus `DIR`: labels.tsv, bsd/, mac/, dos/, not/")
	flag.Parse()
	if err := report(os.Stdout, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "corpus-score:", err)
		os.Exit(1)
	}
}

func report(w io.Writer, dir string) error {
	labels, err := corpus.LoadLabels(dir)
	if err != nil {
		return err
	}
	rows := 0
	for _, ls := range labels {
		rows += len(ls)
	}
	whole, err := corpus.Run(dir, corpus.Slice{Variants: true})
	if err != nil {
		return err
	}
	copies := map[string]int{}
	for _, sub := range []string{"mac", "dos"} {
		for name := range labels {
			if _, err := os.Stat(filepath.Join(dir, sub, name)); err == nil {
				copies[sub]++
			}
		}
	}
	fmt.Fprintf(w, "Agreement with %s/labels.tsv: %d bounces, %d labelled recipients, each table row also over the %d CR (mac/) and %d CRLF (dos/) copies.\n\n",
		dir, len(labels), rows, copies["mac"], copies["dos"])
	fmt.Fprintln(w, "| slice | rows | reason | status | reply code | hard bounce | all fields |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, sl := range slices {
		s, err := corpus.Run(dir, sl.slice)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s | %s |\n", sl.title, s.Rows, pct(s, s.Reason), pct(s, s.Status),
			pct(s, s.ReplyCode), pct(s, s.HardBounce), pct(s, s.All))
	}
	nots, recs, err := corpus.NotBounces(dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nnot/: %d messages, %d recipient facts reported.\n", nots, len(recs))
	fmt.Fprintf(w, "The whole corpus: %d files, %d with no fact; %d of %d verdicts onhold (%s).\n",
		whole.Files, whole.Missed, whole.OnHold, whole.Rows, pct(whole, whole.OnHold))
	fmt.Fprintf(w, "\nReasons that disagree with the label, over the whole corpus (%d rows):\n", len(whole.Disagreements))
	for _, d := range whole.Disagreements {
		got := string(d.Got.Reason)
		if got == "" {
			got = "(none)"
		}
		fmt.Fprintf(w, "  %s #%d: label %s, got %s (%s)\n", d.Path, d.Label.Index, d.Label.Reason, got, d.Got.Rule)
	}
	return nil
}

// pct writes n as a share of the rows: one decimal, or 100% exactly.
func pct(s corpus.Score, n int) string {
	if n == s.Rows {
		return "100%"
	}
	return strconv.FormatFloat(s.Percent(n), 'f', 1, 64) + "%"
}
