package classify

import (
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"sync"
)

// The phrase index. Every phrase of the text tables and of the provider
// tables is read into words (words.go) and put into one trie over word
// ids, '*' gaps as edges of their own. A diagnostic text is read into
// word ids once per fact; the trie is then walked from every word that
// starts some phrase. The cost is linear in the text's words times the
// depth a walk reaches, which a longer table barely changes: a word no
// phrase uses is a dead end at once, and phrases sharing their first
// words share their walk.

// gapWord is the id of a '*' in a compiled phrase.
const gapWord = -1

// maxMatches bounds the matches kept per fact; a text that matches more
// phrases than this is hostile or a table is broken.
const maxMatches = 256

// phraseIndex holds the compiled phrases of every table and the trie
// over them. It is built once (from the tables, or read from the
// generated index: textindex.go) and read-only afterwards.
//
// A sealed index is looked up through flat arrays only: the vocabulary
// and the trie's edges are open-addressing tables and sorted arrays, so
// that the generated index is a handful of array literals and no map.
// The maps are the builder's: they exist only while phrases are added
// (nil in the generated index).
type phraseIndex struct {
	phrases []phrase
	nodes   []trieNode
	root    []int32 // word id -> child of the root, -1 if none

	// The vocabulary: word id k (1-based) is words[wordEnd[k-1]:wordEnd[k]].
	words   string
	wordEnd []uint32
	// wordSlots is an open-addressing table of word ids by hashWord, 0
	// for an empty slot; its length is a power of two.
	wordSlots []int32
	// The edges below the root, by node: node k's are
	// edgeWord[edgeStart[k]:edgeStart[k+1]], sorted, with their children
	// in edgeChild (node 0's are in root).
	edgeStart []int32
	edgeWord  []int32
	edgeChild []int32

	// The builder's state, nil in the tables of the generated index.
	vocab  map[string]int32 // folded word -> id (1-based)
	byText map[string]int32 // normalised phrase -> index in phrases
	edges  map[uint64]int32 // node<<32 | word id -> child
	ids    []int32          // compile's work space
	norm   []byte
	buf    []byte
}

// phrase is one distinct normalised phrase.
type phrase struct {
	Text  string  // the words joined by single spaces, "*" for a gap
	Words int     // the number of its own words ('*' not counted)
	rows  []int32 // the text rows (TextRows indices) with this phrase
}

type trieNode struct {
	phrase int32 // the phrase that ends here, -1 if none
	gap    int32 // the node after a '*', -1 if none
}

// match is one occurrence of a phrase in a text: words [start, end).
// Bit k of gaps is set when word start+k is one a '*' stood for, not one
// of the phrase's own (words past the 64th count as gap words).
type match struct {
	phrase     int32
	start, end int32
	gaps       uint64
}

// owns reports whether m's span holds a and every word of a's own is one
// of m's own words (not in one of m's gaps). A word a '*' of a stood for
// may lie in a gap of m: both phrases leave that word to the text (the
// client's address in "client host [*] blocked using" and in a wider
// phrase that names the list and what it answered).
func (m match) owns(a match) bool {
	if a.start < m.start || a.end > m.end {
		return false
	}
	for k := a.start - m.start; k < a.end-m.start; k++ {
		if k >= 64 {
			return false
		}
		ka := k - (a.start - m.start)
		aGap := ka < 64 && a.gaps&(1<<uint(ka)) != 0
		if m.gaps&(1<<uint(k)) != 0 && !aGap {
			return false
		}
	}
	return true
}

// covers reports whether m is the wider match of the two, the one a
// covered by it loses to (principle 1 in text.go): m owns every word of
// a's own and has more words of its own, over a longer span or over the
// same span with fewer words left to a '*'.
func (m match) covers(a match) bool {
	mw, aw := m.end-m.start, a.end-a.start
	switch {
	case mw > aw:
	case mw == aw && bits.OnesCount64(m.gaps) < bits.OnesCount64(a.gaps):
	default:
		return false
	}
	return m.owns(a)
}

var (
	errNoWords     = errors.New("no words")
	errUnknownWord = errors.New("a word no phrase has")
)

func newPhraseIndex() *phraseIndex {
	return &phraseIndex{
		vocab:  make(map[string]int32, 2048),
		byText: make(map[string]int32, 4096),
		nodes:  append(make([]trieNode, 0, 8192), trieNode{phrase: -1, gap: -1}),
		edges:  make(map[uint64]int32, 8192),
	}
}

// compile reads a phrase into word ids (in x.ids, reused) and its
// normalised form (in x.norm, reused: copy it to keep it), adding its
// words to the vocabulary. It refuses a phrase with no words, one that
// begins or ends with '*', two '*' in a row, a '*' touching a word, or an
// SMTP code (a code is what the note column is for).
//
// With add false the vocabulary is left as it is, and a phrase with a
// word no phrase has is refused (it cannot be in the index).
func (x *phraseIndex) compile(text string, add bool) (ids []int32, norm []byte, err error) {
	x.ids, x.norm = x.ids[:0], x.norm[:0]
	last := int32(0) // the previous word's id, gapWord after a '*'
	x.buf = eachWord(text, x.buf, true, func(w []byte, _, _ int) {
		if err != nil {
			return
		}
		switch {
		case len(w) == 2 && w[0] == '*' && w[1] == '*':
			err = fmt.Errorf("'*' must stand alone as a word")
			return
		case len(w) == 1 && w[0] == '*':
			if len(x.ids) == 0 || last == gapWord {
				err = fmt.Errorf("a phrase may not begin with '*' or have two in a row")
				return
			}
			last = gapWord
		default:
			id, ok := x.vocab[string(w)]
			if !ok && !add {
				err = errUnknownWord
				return
			}
			if !ok {
				id = int32(len(x.vocab) + 1)
				x.vocab[string(w)] = id
			}
			last = id
		}
		x.ids = append(x.ids, last)
		if len(x.norm) > 0 {
			x.norm = append(x.norm, ' ')
		}
		x.norm = append(x.norm, w...)
	})
	switch {
	case err != nil:
		return nil, nil, err
	case len(x.ids) == 0:
		return nil, nil, errNoWords
	case last == gapWord:
		return nil, nil, fmt.Errorf("a phrase may not end with '*'")
	}
	if countCodes(text) > 0 {
		return nil, nil, fmt.Errorf("a phrase may not hold an SMTP reply or status code (put it in the note)")
	}
	return x.ids, x.norm, nil
}

// countCodes counts the SMTP codes eachWord skips in text.
func countCodes(text string) int {
	n := 0
	for i := 0; i < len(text); i++ {
		if isDigitByte(text[i]) && (i == 0 || !isASCIIWordByte(text[i-1]) && text[i-1] != '.') {
			if l := codeAt(text, i); l > 0 {
				n++
				i += l - 1
			}
		}
	}
	return n
}

// add compiles a phrase and returns its index, adding it to the trie when
// it is new.
func (x *phraseIndex) add(text string) (int32, error) {
	ids, norm, err := x.compile(text, true)
	if err != nil {
		return -1, err
	}
	if p, ok := x.byText[string(norm)]; ok {
		return p, nil
	}
	p := int32(len(x.phrases))
	own := 0
	for _, id := range ids {
		if id != gapWord {
			own++
		}
	}
	s := string(norm)
	x.phrases = append(x.phrases, phrase{Text: s, Words: own})
	x.byText[s] = p
	node := int32(0)
	for _, id := range ids {
		node = x.child(node, id)
	}
	x.nodes[node].phrase = p
	return p, nil
}

// child returns the child of node for word id (gapWord for a '*'),
// creating it when absent.
func (x *phraseIndex) child(node, id int32) int32 {
	if id == gapWord {
		if g := x.nodes[node].gap; g >= 0 {
			return g
		}
		g := x.newNode()
		x.nodes[node].gap = g
		return g
	}
	key := uint64(node)<<32 | uint64(id)
	if c, ok := x.edges[key]; ok {
		return c
	}
	c := x.newNode()
	x.edges[key] = c
	return c
}

func (x *phraseIndex) newNode() int32 {
	x.nodes = append(x.nodes, trieNode{phrase: -1, gap: -1})
	return int32(len(x.nodes) - 1)
}

// seal builds the lookup arrays once every phrase is in: the vocabulary
// in id order, the root's direct table and the edges' table.
func (x *phraseIndex) seal() {
	words := make([]string, len(x.vocab)+1)
	for w, id := range x.vocab {
		words[id] = w
	}
	var b strings.Builder
	x.wordEnd = make([]uint32, len(words))
	for id := 1; id < len(words); id++ {
		b.WriteString(words[id])
		x.wordEnd[id] = uint32(b.Len())
	}
	x.words = b.String()
	keys := make([]uint64, 0, len(x.edges))
	for key := range x.edges {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	vals := make([]int32, len(keys))
	for i, key := range keys {
		vals[i] = x.edges[key]
	}
	x.sealEdges(keys, vals)
}

// edgeList returns the trie's edges from the sealed tables, sorted by
// key (node<<32 | word id).
func (x *phraseIndex) edgeList() ([]uint64, []int32) {
	var keys []uint64
	var vals []int32
	for id, c := range x.root {
		if c >= 0 {
			keys, vals = append(keys, uint64(id)), append(vals, c)
		}
	}
	for node := 1; node+1 < len(x.edgeStart); node++ {
		for e := x.edgeStart[node]; e < x.edgeStart[node+1]; e++ {
			keys, vals = append(keys, uint64(node)<<32|uint64(x.edgeWord[e])), append(vals, x.edgeChild[e])
		}
	}
	return keys, vals
}

// sealEdges builds the word table from words and wordEnd, and the root's
// table and the edges by node from the edges in keys and vals (sorted by
// key, so that the tables come out the same whatever built them).
func (x *phraseIndex) sealEdges(keys []uint64, vals []int32) {
	x.sealWords()
	x.root = make([]int32, len(x.wordEnd))
	for i := range x.root {
		x.root[i] = -1
	}
	below := 0
	for i, key := range keys {
		if key>>32 == 0 {
			x.root[uint32(key)] = vals[i]
		} else {
			below++
		}
	}
	x.edgeStart = make([]int32, len(x.nodes)+1)
	x.edgeWord, x.edgeChild = make([]int32, 0, below), make([]int32, 0, below)
	node := 0
	for i, key := range keys {
		if key>>32 == 0 {
			continue
		}
		for ; node < int(key>>32); node++ {
			x.edgeStart[node+1] = int32(len(x.edgeWord))
		}
		x.edgeWord, x.edgeChild = append(x.edgeWord, int32(uint32(key))), append(x.edgeChild, vals[i])
	}
	for ; node < len(x.nodes); node++ {
		x.edgeStart[node+1] = int32(len(x.edgeWord))
	}
}

// sealWords builds the word table from words and wordEnd.
func (x *phraseIndex) sealWords() {
	n := len(x.wordEnd) - 1
	x.wordSlots = make([]int32, tableSize(n))
	mask := uint32(len(x.wordSlots) - 1)
	for id := 1; id <= n; id++ {
		h := hashWord(x.word(int32(id))) & mask
		for x.wordSlots[h] != 0 {
			h = (h + 1) & mask
		}
		x.wordSlots[h] = int32(id)
	}
}

// tableSize returns the length of an open-addressing table for n keys: a
// power of two at least twice n, so that probes stay short and a free
// slot always ends them.
func tableSize(n int) int {
	size := 2
	for size < 2*n {
		size <<= 1
	}
	return size
}

// word returns word id's text.
func (x *phraseIndex) word(id int32) string {
	return x.words[x.wordEnd[id-1]:x.wordEnd[id]]
}

// hashWord is FNV-1a: the tables are built by one process and read by
// another, so the hash must not depend on a seed.
func hashWord[T string | []byte](w T) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h ^= uint32(w[i])
		h *= 16777619
	}
	return h
}

// wordID returns the id of word w, 0 if no phrase has it.
func (x *phraseIndex) wordID(w []byte) int32 {
	mask := uint32(len(x.wordSlots) - 1)
	for h := hashWord(w) & mask; ; h = (h + 1) & mask {
		id := x.wordSlots[h]
		if id == 0 || string(w) == x.word(id) {
			return id
		}
	}
}

func (x *phraseIndex) next(node, id int32) int32 {
	if id <= 0 {
		return -1
	}
	if node == 0 {
		return x.root[id]
	}
	lo, hi := x.edgeStart[node], x.edgeStart[node+1]
	for lo < hi { // most nodes have one or two edges
		mid := int32(uint32(lo+hi) >> 1)
		switch w := x.edgeWord[mid]; {
		case w == id:
			return x.edgeChild[mid]
		case w < id:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return -1
}

// scan is the per-fact work space: the text's word ids and their byte
// spans, and the matches found. Scans are pooled; one scan serves one
// fact at a time.
type scan struct {
	text    string // the text read, cut at maxScanBytes
	ids     []int32
	spans   []wordSpan
	matches []match
	buf     []byte
}

type wordSpan struct{ start, end int32 }

var scanPool = sync.Pool{New: func() any { return new(scan) }}

func getScan() *scan { return scanPool.Get().(*scan) }

func putScan(s *scan) {
	if s == nil || cap(s.ids) > 1<<14 {
		return // a huge text's buffers are not kept
	}
	s.text = ""
	scanPool.Put(s)
}

// barrierWord is the id of the break between two texts read together:
// no phrase, and no '*' of a phrase, reaches across it.
const barrierWord = -2

// read reads text into word ids and finds every phrase of x in it.
func (s *scan) read(x *phraseIndex, text string) { s.readParts(x, text, len(text)) }

// readParts reads text as two texts, the bytes before split and those
// after it, and finds every phrase of x in either: a phrase never takes
// words of both.
func (s *scan) readParts(x *phraseIndex, text string, split int) {
	if len(text) > maxScanBytes {
		text = cutUTF8(text, maxScanBytes)
	}
	s.text = text
	s.ids, s.spans, s.matches = s.ids[:0], s.spans[:0], s.matches[:0]
	barrier := split >= len(text)
	s.buf = eachWord(text, s.buf, false, func(w []byte, start, end int) {
		if !barrier && start >= split {
			barrier = true
			s.ids = append(s.ids, barrierWord)
			s.spans = append(s.spans, wordSpan{int32(split), int32(split)})
		}
		s.ids = append(s.ids, x.wordID(w))
		s.spans = append(s.spans, wordSpan{int32(start), int32(end)})
	})
	for i, id := range s.ids {
		if id > 0 && x.root[id] >= 0 {
			s.walk(x, x.root[id], i+1, int32(i), 0)
		}
	}
}

// walk follows the trie from node, the words before pos matched from
// start, gaps marking the words gaps stood for.
func (s *scan) walk(x *phraseIndex, node int32, pos int, start int32, gaps uint64) {
	n := x.nodes[node]
	if n.phrase >= 0 && len(s.matches) < maxMatches {
		s.matches = append(s.matches, match{phrase: n.phrase, start: start, end: int32(pos), gaps: gaps})
	}
	if pos < len(s.ids) {
		if c := x.next(node, s.ids[pos]); c >= 0 {
			s.walk(x, c, pos+1, start, gaps)
		}
	}
	if n.gap >= 0 {
		for k := 1; k <= maxGap && pos+k < len(s.ids); k++ {
			if s.ids[pos+k-1] == barrierWord {
				break
			}
			if c := x.next(n.gap, s.ids[pos+k]); c >= 0 {
				s.walk(x, c, pos+k+1, start, gaps|gapBits(pos-int(start), k))
			}
		}
	}
}

// gapBits sets k bits from bit from (bits past 63 are implied).
func gapBits(from, k int) uint64 {
	if from >= 64 {
		return 0
	}
	m := uint64(1)<<uint(min(k, 64-from)) - 1
	if k >= 64 {
		m = ^uint64(0)
	}
	return m << uint(from)
}

// has reports whether phrase p was found.
func (s *scan) has(p int32) bool {
	if s == nil {
		return false
	}
	for _, m := range s.matches {
		if m.phrase == p {
			return true
		}
	}
	return false
}

// byteSpan returns the byte offsets of m's words in the text read.
func (s *scan) byteSpan(m match) (int, int) {
	return int(s.spans[m.start].start), int(s.spans[m.end-1].end)
}

// cutUTF8 cuts s to at most n bytes without splitting a character.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
