package classify

import (
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"sort"
)

// The compiled text tables. Building them from classify/texts/*.tsv
// (buildTables) reads every row, folds every phrase into words and grows
// the trie through maps: milliseconds of CPU and megabytes of garbage at
// every start of the program, which a command that classifies a few files
// pays in full. So the tables are built when the sources change, by
// `go generate ./classify`, into textindexdata.go: the rows, the phrases,
// the vocabulary, its hash table and the trie as Go composite literals of
// constants, which the linker lays out in the binary's data. Reading them
// costs no CPU and no heap at start: the pages a run reads come from the
// executable file as it touches them, and the garbage collector's heap
// does not hold them (a smaller heap is a smaller heap goal, fewer fresh
// pages to fault in).
//
// textindexdata.go starts with a digest of what it was built from (the
// table files, conflicts.tsv, the providers' texts, the reasons and their
// priority). loadTables uses it only when the digest matches the embedded
// sources, and builds the tables from them otherwise, so a stale index
// costs start-up time, never a wrong verdict; TestTextIndexFresh fails
// until it is generated again.

//go:generate go test -run ^(TestTextIndexFresh|TestFoldTableFresh)$ -update-index .

// textIndexFile is the generated index's file, beside this one.
const textIndexFile = "textindexdata.go"

// errStaleIndex means the generated index was built from other sources.
var errStaleIndex = errors.New("text index is stale")

// loadTables returns the text tables: the generated index when it was
// built from the sources embedded now, else built from them.
func loadTables(files fs.FS, conflicts string, providers []*Provider) *textTables {
	t, err := indexedTables(files, conflicts, providers)
	if err != nil {
		return buildTables(files, conflicts, providers)
	}
	return t
}

// sourceDigest digests everything buildTables reads: the table files (by
// name, in order), the conflicts table, each provider's name and texts,
// and the reasons' names and priority.
func sourceDigest(files fs.FS, conflicts string, providers []*Provider) (uint64, error) {
	h := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	size := uint64(0)
	buf := make([]byte, 32<<10)
	write := func(s string) {
		for len(s) > 0 {
			n := copy(buf, s)
			h.Write(buf[:n])
			s = s[n:]
			size += uint64(n)
		}
		h.Write([]byte{0})
	}
	names, err := fs.Glob(files, "texts/*.tsv")
	if err != nil {
		return 0, err
	}
	sort.Strings(names)
	for _, name := range names {
		write(name)
		f, err := files.Open(name)
		if err != nil {
			return 0, err
		}
		n, err := io.CopyBuffer(h, struct{ io.Reader }{f}, buf)
		f.Close()
		if err != nil {
			return 0, err
		}
		size += uint64(n)
		write("")
	}
	write(conflicts)
	for _, p := range providers {
		write(p.Name)
		for i := range p.Rules {
			write(p.Rules[i].Text)
		}
	}
	for _, r := range Reasons {
		write(string(r))
	}
	for _, r := range textPriority {
		write(string(r))
	}
	return size<<32 | uint64(h.Sum32()), nil
}

// indexedTables returns the tables of the generated index, checking
// that it was built from the sources given, and sets each provider row's
// phrase.
func indexedTables(files fs.FS, conflicts string, providers []*Provider) (*textTables, error) {
	digest, err := sourceDigest(files, conflicts, providers)
	if err != nil {
		return nil, err
	}
	if digest != textIndexDigest {
		return nil, errStaleIndex
	}
	if len(providers) != len(textIndexProviderPhrases) {
		return nil, errors.New("classify: text index: the providers do not match")
	}
	for k, p := range providers {
		if len(p.Rules) != len(textIndexProviderPhrases[k]) {
			return nil, fmt.Errorf("classify: text index: provider %s: the rows do not match", p.Name)
		}
	}
	t := &textTables{
		index: &phraseIndex{
			phrases: textIndexPhrases, nodes: textIndexNodes, root: textIndexRoot,
			words: textIndexWords, wordEnd: textIndexWordEnd, wordSlots: textIndexWordSlots,
			edgeStart: textIndexEdgeStart, edgeWord: textIndexEdgeWord, edgeChild: textIndexEdgeChild,
		},
		rows:    textIndexRows,
		reasons: textIndexReasons,
		files:   textIndexFiles,
	}
	if len(textIndexByDecoder) > 0 {
		t.byDecoder = make(map[string][]int32, len(textIndexByDecoder))
		for _, d := range textIndexByDecoder {
			t.byDecoder[d.name] = d.rows
		}
	}
	for k, p := range providers {
		p.phrases = textIndexProviderPhrases[k]
	}
	return t, nil
}

// decoderRows is one decoder's @by rows, as the generated index lists
// them (indices in the rows, in file order).
type decoderRows struct {
	name string
	rows []int32
}
