package classify

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var updateIndex = flag.Bool("update-index", false, "rewrite "+textIndexFile+" from the text tables (go generate ./classify)")

// TestTextIndexFresh fails when texts.index was not built from the
// tables as they are: the program would build them at every start.
// go generate ./classify (this test with -update-index) rewrites it.
func TestTextIndexFresh(t *testing.T) {
	bps := cloneProviders()
	built := buildTables(textFiles, conflictsTSV, bps)
	digest, err := sourceDigest(textFiles, conflictsTSV, Providers)
	require.NoError(t, err)
	want, err := encodeTables(built, bps, digest)
	require.NoError(t, err, "the tables must load without errors before they can be indexed")
	if *updateIndex {
		require.NoError(t, os.WriteFile(textIndexFile, want, 0o644))
		return
	}
	if !bytes.Equal([]byte(textIndex), want) {
		t.Fatalf("%s is stale: run go generate ./classify", textIndexFile)
	}
	assert.Nil(t, tables.index.vocab, "the package's tables are read from the index, not built")
	ps := cloneProviders()
	loaded, err := decodeTables(textIndex, textFiles, conflictsTSV, ps)
	require.NoError(t, err)
	again, err := encodeTables(loaded, ps, digest)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(want, again), "the index read back encodes as it was written")
	// The encoding holds every field of the tables; the lookup tables,
	// which it does not hold, are rebuilt the same.
	assert.True(t, slices.Equal(built.index.root, loaded.index.root), "root")
	assert.True(t, slices.Equal(built.index.wordSlots, loaded.index.wordSlots), "word slots")
	assert.True(t, slices.Equal(built.index.edgeStart, loaded.index.edgeStart), "edges by node")
	assert.True(t, slices.Equal(built.index.edgeWord, loaded.index.edgeWord), "edge words")
	assert.True(t, slices.Equal(built.index.edgeChild, loaded.index.edgeChild), "edge children")
	for k, p := range ps {
		for i := range p.Rules {
			if r := &p.Rules[i]; r.Text != "" {
				assert.Equal(t, bps[k].Rules[i].phrase, r.phrase, "provider %s row %d", p.Name, i+1)
				assert.Equal(t, Providers[k].Rules[i].phrase, r.phrase, "provider %s row %d", p.Name, i+1)
			}
		}
	}
}

// cloneProviders returns a copy of Providers whose rows the tables can
// compile without touching the package's (buildTables sets each row's
// phrase).
func cloneProviders() []*Provider {
	ps := make([]*Provider, len(Providers))
	for i, p := range Providers {
		q := *p
		q.Rules = slices.Clone(p.Rules)
		ps[i] = &q
	}
	return ps
}

// TestTextIndexStale checks that an index built from other sources is
// not read: a changed row, a changed provider text.
func TestTextIndexStale(t *testing.T) {
	mfs := fstest.MapFS{}
	for _, name := range mustGlob(t) {
		data, err := textFiles.ReadFile(name)
		require.NoError(t, err)
		mfs[name] = &fstest.MapFile{Data: data}
	}
	_, err := decodeTables(textIndex, mfs, conflictsTSV, cloneProviders())
	require.NoError(t, err, "the same sources read the index")

	first := mustGlob(t)[0]
	data := append([]byte(nil), mfs[first].Data...)
	mfs[first] = &fstest.MapFile{Data: append(data, "mailboxfull\tno room left at all\thttps://example.org/x\ten\t\n"...)}
	_, err = decodeTables(textIndex, mfs, conflictsTSV, Providers)
	require.ErrorIs(t, err, errStaleIndex, "a row more")
	tt := loadTables(mfs, conflictsTSV, cloneProviders())
	p, ok := tt.phraseOf("no room left at all")
	require.True(t, ok, "a stale index is not read: the tables are built")
	assert.Equal(t, MailboxFull, tt.reasons[p].reason)

	_, err = decodeTables(textIndex, textFiles, conflictsTSV+"\n", Providers)
	require.ErrorIs(t, err, errStaleIndex, "another conflicts table")

	ps := cloneProviders()
	for _, p := range ps {
		if i := slices.IndexFunc(p.Rules, func(r ProviderRule) bool { return r.Text != "" }); i >= 0 {
			p.Rules[i].Text += " again"
			break
		}
	}
	_, err = decodeTables(textIndex, textFiles, conflictsTSV, ps)
	require.ErrorIs(t, err, errStaleIndex, "a provider's text changed")

	_, err = decodeTables(textIndex[:len(textIndex)-1], textFiles, conflictsTSV, Providers)
	require.Error(t, err, "a truncated index")
}

func mustGlob(t *testing.T) []string {
	t.Helper()
	names, err := fs.Glob(textFiles, "texts/*.tsv")
	require.NoError(t, err)
	require.NotEmpty(t, names)
	return names
}
