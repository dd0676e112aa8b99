package classify

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"sort"
	"strings"
)

// The compiled text tables. Building them from classify/texts/*.tsv
// (buildTables) reads every row, folds every phrase into words and grows
// the trie through maps: milliseconds of CPU and megabytes of garbage at
// every start of the program, which a command that classifies a few files
// pays in full. So the tables are built when the sources change, by
// `go generate ./classify`, into texts.index: the rows, the phrases, the
// vocabulary and the trie in a compact form (varints and one string
// table), which loadTables reads with a few copies and no map.
//
// texts.index starts with a digest of what it was built from (the table
// files, conflicts.tsv, the providers' texts, the reasons and their
// priority). loadTables reads it only when the digest matches the
// embedded sources, and builds the tables from them otherwise, so a
// stale index costs start-up time, never a wrong verdict;
// TestTextIndexFresh fails until it is generated again.

//go:generate go test -run ^(TestTextIndexFresh|TestFoldTableFresh)$ -update-index .

// textIndexFile is the generated index's name, beside this file.
const textIndexFile = "texts.index"

//go:embed texts.index
var textIndex string

// textIndexMagic starts the compact form; its last byte is the format's
// version, changed with any change to what encodeTables writes.
const textIndexMagic = "bmtx\x01"

// errStaleIndex means the compact form was built from other sources.
var errStaleIndex = errors.New("text index is stale")

// loadTables returns the text tables: read from the generated index when
// it was built from the sources embedded now, else built from them.
func loadTables(files fs.FS, conflicts string, providers []*Provider) *textTables {
	t, err := decodeTables(textIndex, files, conflicts, providers)
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

// encodeTables writes t, built from sources whose digest is digest (with
// providers, whose rows it compiled), in the compact form decodeTables
// reads.
func encodeTables(t *textTables, providers []*Provider, digest uint64) ([]byte, error) {
	if len(t.errs) > 0 {
		return nil, fmt.Errorf("classify: the tables have %d errors, the first: %w", len(t.errs), t.errs[0])
	}
	e := &indexEncoder{strIDs: map[string]uint64{}}
	x := t.index
	e.int(uint64(len(x.phrases)))
	for _, p := range x.phrases {
		e.str(p.Text)
		e.int(uint64(p.Words))
		e.ints(p.rows)
	}
	e.int(uint64(len(x.nodes)))
	for _, n := range x.nodes {
		e.sint(n.phrase)
		e.sint(n.gap)
	}
	e.str(x.words)
	e.int(uint64(len(x.wordEnd)))
	for i := 1; i < len(x.wordEnd); i++ {
		e.int(uint64(x.wordEnd[i] - x.wordEnd[i-1]))
	}
	// The edges: the root's (word, child), then each node's count and
	// (word, child) pairs, in node order.
	var root [][2]int32
	for id, c := range x.root {
		if c >= 0 {
			root = append(root, [2]int32{int32(id), c})
		}
	}
	e.int(uint64(len(x.edgeWord)))
	e.int(uint64(len(root)))
	for _, rc := range root {
		e.sint(rc[0])
		e.sint(rc[1])
	}
	for node := 1; node < len(x.nodes); node++ {
		lo, hi := x.edgeStart[node], x.edgeStart[node+1]
		e.int(uint64(hi - lo))
		for k := lo; k < hi; k++ {
			e.sint(x.edgeWord[k])
			e.sint(x.edgeChild[k])
		}
	}
	e.int(uint64(len(t.rows)))
	for _, r := range t.rows {
		e.str(string(r.Reason))
		e.str(r.Phrase)
		e.str(r.Source)
		e.str(r.Lang)
		e.str(r.Note)
		e.str(r.File)
		e.int(uint64(r.Line))
		e.str(r.By)
		e.sint(r.phrase)
	}
	e.int(uint64(len(t.reasons)))
	for _, r := range t.reasons {
		e.str(string(r.reason))
		e.sint(r.row)
		e.bool(r.rows)
		e.bool(r.conflict != nil)
		e.int(uint64(len(r.conflict)))
		for _, c := range r.conflict {
			e.str(c)
		}
		e.bool(r.resolved)
	}
	decoders := make([]string, 0, len(t.byDecoder))
	for name := range t.byDecoder {
		decoders = append(decoders, name)
	}
	sort.Strings(decoders)
	e.int(uint64(len(decoders)))
	for _, name := range decoders {
		e.str(name)
		e.ints(t.byDecoder[name])
	}
	e.int(uint64(t.files))
	e.int(uint64(len(providers)))
	for _, p := range providers {
		e.int(uint64(len(p.Rules)))
		for i := range p.Rules {
			e.sint(p.Rules[i].phrase)
		}
	}
	var out []byte
	out = append(out, textIndexMagic...)
	out = binary.LittleEndian.AppendUint64(out, digest)
	out = binary.AppendUvarint(out, uint64(len(e.strs)))
	out = append(out, e.strs...)
	return append(out, e.b...), nil
}

// indexEncoder writes varints, and strings as references (offset,
// length) into one section where each distinct string is once.
type indexEncoder struct {
	b      []byte
	strs   []byte
	strIDs map[string]uint64
}

func (e *indexEncoder) int(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *indexEncoder) sint(v int32) { e.b = binary.AppendVarint(e.b, int64(v)) }
func (e *indexEncoder) bool(v bool) {
	if v {
		e.int(1)
	} else {
		e.int(0)
	}
}

func (e *indexEncoder) ints(v []int32) {
	e.int(uint64(len(v)))
	for _, n := range v {
		e.sint(n)
	}
}

func (e *indexEncoder) str(s string) {
	off, ok := e.strIDs[s]
	if !ok {
		off = uint64(len(e.strs))
		e.strs = append(e.strs, s...)
		e.strIDs[s] = off
	}
	e.int(off)
	e.int(uint64(len(s)))
}

// decodeTables reads the compact form in data, checking that it was
// built from the sources given. The strings it returns share data's
// memory.
func decodeTables(data string, files fs.FS, conflicts string, providers []*Provider) (*textTables, error) {
	if !strings.HasPrefix(data, textIndexMagic) || len(data) < len(textIndexMagic)+8 {
		return nil, errors.New("classify: text index: not an index of this version")
	}
	digest, err := sourceDigest(files, conflicts, providers)
	if err != nil {
		return nil, err
	}
	if binary.LittleEndian.Uint64([]byte(data[len(textIndexMagic):])) != digest {
		return nil, errStaleIndex
	}
	d := &indexDecoder{data: data, off: len(textIndexMagic) + 8}
	t, err := d.tables(providers)
	if err != nil {
		return nil, fmt.Errorf("classify: text index: %w", err)
	}
	return t, nil
}

// indexDecoder reads what indexEncoder wrote. A read past the end or a
// value out of range sets err; the reads after it return zeros.
type indexDecoder struct {
	data string
	off  int
	strs string // the string section
	err  error
}

func (d *indexDecoder) int() uint64 {
	var v uint64
	var s uint
	for i := 0; d.err == nil; i++ {
		if d.off >= len(d.data) || i == binary.MaxVarintLen64 {
			d.err = io.ErrUnexpectedEOF
			break
		}
		c := d.data[d.off]
		d.off++
		if c < 0x80 {
			return v | uint64(c)<<s
		}
		v |= uint64(c&0x7f) << s
		s += 7
	}
	return 0
}

func (d *indexDecoder) sint() int32 {
	u := d.int()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return int32(v)
}

func (d *indexDecoder) bool() bool { return d.int() != 0 }

// count reads a length, bounded by what is left of the data.
func (d *indexDecoder) count() int {
	n := d.int()
	if n > uint64(len(d.data)) {
		d.err = errors.New("length out of range")
		return 0
	}
	return int(n)
}

func (d *indexDecoder) str() string {
	off, n := d.int(), d.int()
	if off > uint64(len(d.strs)) || n > uint64(len(d.strs))-off {
		if d.err == nil {
			d.err = errors.New("string reference out of range")
		}
		return ""
	}
	return d.strs[off : off+n]
}

// index reads an index into a slice of n, -1 allowed.
func (d *indexDecoder) index(n int) int32 {
	v := d.sint()
	if v < -1 || int(v) >= n {
		if d.err == nil {
			d.err = fmt.Errorf("index %d out of range [-1, %d)", v, n)
		}
		return -1
	}
	return v
}

func (d *indexDecoder) ints(n int) []int32 {
	k := d.count()
	if k == 0 {
		return nil
	}
	v := make([]int32, k)
	for i := range v {
		v[i] = d.index(n)
	}
	return v
}

func (d *indexDecoder) tables(providers []*Provider) (*textTables, error) {
	n := d.count()
	if d.off+n > len(d.data) {
		return nil, io.ErrUnexpectedEOF
	}
	d.strs = d.data[d.off : d.off+n]
	d.off += n
	t := &textTables{index: &phraseIndex{}}
	x := t.index
	x.phrases = make([]phrase, d.count())
	// The phrases' rows share one array, filled as they are read.
	var rows []int32
	rowEnds := make([]int, len(x.phrases))
	for i := range x.phrases {
		x.phrases[i] = phrase{Text: d.str(), Words: d.count()}
		for k := d.count(); k > 0 && d.err == nil; k-- {
			rows = append(rows, d.sint())
		}
		rowEnds[i] = len(rows)
	}
	x.nodes = make([]trieNode, d.count())
	for i := range x.nodes {
		x.nodes[i] = trieNode{phrase: d.index(len(x.phrases)), gap: d.index(len(x.nodes))}
	}
	x.words = d.str()
	x.wordEnd = make([]uint32, d.count())
	for i := 1; i < len(x.wordEnd); i++ {
		x.wordEnd[i] = x.wordEnd[i-1] + uint32(d.count())
	}
	if len(x.wordEnd) == 0 || int(x.wordEnd[len(x.wordEnd)-1]) != len(x.words) {
		return nil, errors.New("vocabulary out of range")
	}
	x.sealWords()
	nEdges := d.count()
	x.root = make([]int32, len(x.wordEnd))
	for i := range x.root {
		x.root[i] = -1
	}
	for k := d.count(); k > 0 && d.err == nil; k-- {
		id := d.index(len(x.root))
		if id <= 0 {
			return nil, errors.New("edge out of range")
		}
		x.root[id] = d.index(len(x.nodes))
	}
	x.edgeStart = make([]int32, len(x.nodes)+1)
	x.edgeWord, x.edgeChild = make([]int32, 0, nEdges), make([]int32, 0, nEdges)
	for node := 1; node < len(x.nodes) && d.err == nil; node++ {
		for k := d.count(); k > 0 && d.err == nil; k-- {
			id := d.index(len(x.root))
			if id <= 0 || len(x.edgeWord) > int(x.edgeStart[node]) && x.edgeWord[len(x.edgeWord)-1] >= id {
				return nil, errors.New("edge out of range or order")
			}
			x.edgeWord, x.edgeChild = append(x.edgeWord, id), append(x.edgeChild, d.index(len(x.nodes)))
		}
		x.edgeStart[node+1] = int32(len(x.edgeWord))
	}
	t.rows = make([]textRow, d.count())
	nRows := len(t.rows)
	for i := range t.rows {
		t.rows[i] = textRow{Reason: Reason(d.str()), Phrase: d.str(), Source: d.str(), Lang: d.str(), Note: d.str(),
			File: d.str(), Line: d.count(), By: d.str(), phrase: d.index(len(x.phrases))}
	}
	start := 0
	for i, end := range rowEnds {
		for _, ri := range rows[start:end] {
			if ri < 0 || int(ri) >= nRows {
				return nil, errors.New("phrase row out of range")
			}
		}
		x.phrases[i].rows = rows[start:end:end]
		start = end
	}
	t.reasons = make([]textReason, d.count())
	if len(t.reasons) != len(x.phrases) {
		return nil, errors.New("reasons do not match the phrases")
	}
	for i := range t.reasons {
		r := &t.reasons[i]
		r.reason, r.row, r.rows = Reason(d.str()), d.index(nRows), d.bool()
		if d.bool() {
			r.conflict = make([]string, d.count())
			for k := range r.conflict {
				r.conflict[k] = d.str()
			}
		} else if d.count() != 0 {
			return nil, errors.New("conflict without a list")
		}
		r.resolved = d.bool()
	}
	if n := d.count(); n > 0 {
		t.byDecoder = make(map[string][]int32, n)
		for range n {
			name := d.str()
			t.byDecoder[name] = d.ints(nRows)
		}
	}
	t.files = d.count()
	if d.count() != len(providers) {
		return nil, errors.New("the providers do not match")
	}
	for _, p := range providers {
		if d.count() != len(p.Rules) {
			return nil, fmt.Errorf("provider %s: the rows do not match", p.Name)
		}
		compileProviderRules(p)
		for i := range p.Rules {
			p.Rules[i].phrase = d.index(len(x.phrases))
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	if d.off != len(d.data) {
		return nil, errors.New("trailing data")
	}
	return t, nil
}
