// Package corpus scores the classifier against a labelled corpus of real
// bounces: testdata/corpus, the Sisimai set-of-emails with the facts
// Sisimai's own test suite expects for each recipient (labels.tsv). The
// corpus test in classify holds the agreement above its floors, and
// internal/cmd/corpus-score (make corpus-score) prints the README's quality
// table; both score with Run.
//
// A corpus directory holds labels.tsv (columns file, index, status,
// replycode, reason, hardbounce, anotherone, engine; one row per recipient,
// index counting from 1 in the bounce's order), the labelled files in bsd/,
// optionally CR and CRLF copies of some of them under the same names in
// mac/ and dos/, and in not/ messages that are not bounces.
package corpus

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
	"github.com/bounce-milter/bounce-milter/internal/mbox"
)

// Label is what labels.tsv expects of one recipient of one file.
type Label struct {
	File       string // the file's name in bsd/
	Index      int    // the recipient's place in the bounce, from 1
	Status     string // enhanced status code, or a pseudo code X.0.9NN
	ReplyCode  string
	Reason     classify.Reason
	HardBounce bool
}

// LoadLabels reads dir/labels.tsv: each file's labels in index order.
func LoadLabels(dir string) (map[string][]Label, error) {
	b, err := os.ReadFile(filepath.Join(dir, "labels.tsv"))
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	out := map[string][]Label{}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	for n, line := range lines[1:] { // the first line names the columns
		if strings.TrimSpace(line) == "" {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) < 6 {
			return nil, fmt.Errorf("corpus: labels.tsv:%d: %d columns, want 8", n+2, len(c))
		}
		idx, err := strconv.Atoi(c[1])
		if err != nil {
			return nil, fmt.Errorf("corpus: labels.tsv:%d: index %q: %w", n+2, c[1], err)
		}
		out[c[0]] = append(out[c[0]], Label{File: c[0], Index: idx, Status: c[2], ReplyCode: c[3],
			Reason: classify.Reason(c[4]), HardBounce: c[5] == "true"})
	}
	for _, ls := range out {
		sort.Slice(ls, func(i, j int) bool { return ls[i].Index < ls[j].Index })
	}
	return out, nil
}

// ClassifyFile classifies a message file, or each message of an mbox in
// turn, as "bounce-milter classify" does: the records of all its messages
// in order.
func ClassifyFile(path string) ([]classify.Record, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	return ClassifyBytes(path, b)
}

// ClassifyBytes is ClassifyFile for a file's bytes, b; origin names it
// in the records and errors.
func ClassifyBytes(origin string, b []byte) ([]classify.Record, error) {
	if mbox.IsCROnlyMbox(b) {
		b = bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
	}
	if !mbox.IsMbox(b) {
		return classifyMessage(origin, b)
	}
	var out []classify.Record
	var err error
	n := 0
	serr := mbox.SplitBytes(b, len(b), func(msg []byte) {
		n++
		recs, cerr := classifyMessage(origin+":"+strconv.Itoa(n), msg)
		if cerr != nil && err == nil {
			err = cerr
		}
		out = append(out, recs...)
	})
	if err == nil {
		err = serr
	}
	return out, err
}

func classifyMessage(origin string, b []byte) ([]classify.Record, error) {
	r, err := dsn.ParseBytes(b, lhost.Registry())
	if err != nil {
		return nil, fmt.Errorf("corpus: %s: %w", origin, err)
	}
	return classify.Records(origin, r), nil
}

// Slice picks the labelled files a score counts.
type Slice struct {
	Name     *regexp.Regexp // the file's name matches; nil: every file
	Grep     *regexp.Regexp // the bsd/ copy's text matches; nil: every file
	Variants bool           // also the mac/ and dos/ copies, against the same labels
}

// Score is the agreement of one slice with the labels.
type Score struct {
	Files      int // bounce files scored (copies counted)
	Rows       int // labelled recipients scored (copies counted)
	Reason     int // rows whose reason agrees
	Status     int // rows whose status agrees (a pseudo code agrees with one of its class)
	ReplyCode  int
	HardBounce int
	All        int // rows where all four agree
	Missed     int // files with no record at all
	OnHold     int // rows whose verdict is onhold
	// Disagreements are the rows whose reason does not agree, in file order.
	Disagreements []Disagreement
}

// Disagreement is one labelled row whose reason the classifier does not give.
type Disagreement struct {
	Path  string // the file, as dir/bsd/NAME
	Label Label
	Got   classify.Record // zero when the classifier reported fewer recipients
}

// Percent returns n as a share of the rows, in percent.
func (s Score) Percent(n int) float64 {
	if s.Rows == 0 {
		return 0
	}
	return 100 * float64(n) / float64(s.Rows)
}

// Run classifies the files of the slice and compares them with the labels.
func Run(dir string, sl Slice) (Score, error) {
	labels, err := LoadLabels(dir)
	if err != nil {
		return Score{}, err
	}
	names := make([]string, 0, len(labels))
	for name := range labels {
		if sl.Name != nil && !sl.Name.MatchString(name) {
			continue
		}
		if sl.Grep != nil {
			b, err := os.ReadFile(filepath.Join(dir, "bsd", name))
			if err != nil {
				return Score{}, fmt.Errorf("corpus: %w", err)
			}
			if !sl.Grep.Match(b) {
				continue
			}
		}
		names = append(names, name)
	}
	sort.Strings(names)
	subs := []string{"bsd"}
	if sl.Variants {
		subs = append(subs, "mac", "dos")
	}
	var s Score
	for _, sub := range subs {
		for _, name := range names {
			path := filepath.Join(dir, sub, name)
			if _, err := os.Stat(path); err != nil {
				if sub == "bsd" {
					return Score{}, fmt.Errorf("corpus: labelled file missing: %w", err)
				}
				continue // not every file has copies
			}
			got, err := ClassifyFile(path)
			if err != nil {
				return Score{}, err
			}
			s.Files++
			if len(got) == 0 {
				s.Missed++
			}
			for i, want := range labels[name] {
				var g classify.Record
				if i < len(got) {
					g = got[i]
				}
				s.add(path, want, g, i < len(got))
			}
		}
	}
	return s, nil
}

// add counts one labelled row against what the classifier gave (have:
// whether it gave a record for the row at all).
func (s *Score) add(path string, want Label, got classify.Record, have bool) {
	s.Rows++
	reason := got.Reason == want.Reason
	status := SameStatus(want.Status, got.DeliveryStatus)
	reply := got.ReplyCode == want.ReplyCode
	hard := have && got.HardBounce == want.HardBounce
	for _, c := range []struct {
		ok bool
		n  *int
	}{{reason, &s.Reason}, {status, &s.Status}, {reply, &s.ReplyCode}, {hard, &s.HardBounce}, {reason && status && reply && hard, &s.All}} {
		if c.ok {
			*c.n++
		}
	}
	if got.Reason == classify.OnHold {
		s.OnHold++
	}
	if !reason {
		s.Disagreements = append(s.Disagreements, Disagreement{Path: path, Label: want, Got: got})
	}
}

// SameStatus reports whether a status agrees with the label's: the same
// code, or, where the label is a pseudo code (X.0.9NN, which Sisimai gives
// when a bounce carries no status code), any pseudo code of the same
// class: the reason is checked on its own.
func SameStatus(want, got string) bool {
	return got == want || isPseudo(want) && isPseudo(got) && want[0] == got[0]
}

func isPseudo(s string) bool {
	return len(s) == 7 && (s[0] == '4' || s[0] == '5') && strings.HasPrefix(s[1:], ".0.9")
}

// NotBounces classifies every message of dir/not and returns the records
// reported, which should be none.
func NotBounces(dir string) (files int, recs []classify.Record, err error) {
	paths, err := filepath.Glob(filepath.Join(dir, "not", "*"))
	if err != nil {
		return 0, nil, err
	}
	for _, p := range paths {
		got, err := ClassifyFile(p)
		if err != nil {
			return 0, nil, err
		}
		recs = append(recs, got...)
	}
	return len(paths), recs, nil
}
