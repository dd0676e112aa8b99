package corpus

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
)

func TestSameStatus(t *testing.T) {
	for _, tc := range []struct {
		want, got string
		same      bool
	}{
		{"5.1.1", "5.1.1", true},
		{"5.1.1", "5.1.2", false},
		{"5.0.947", "5.0.900", true}, // pseudo codes of one class
		{"4.0.947", "5.0.947", false},
		{"5.0.947", "5.0.0", false},
		{"", "", true},
	} {
		assert.Equal(t, tc.same, SameStatus(tc.want, tc.got), "%s %s", tc.want, tc.got)
	}
}

// A small corpus of two real bounces, one labelled as the classifier sees
// it and one not, with a CRLF copy and a message that is no bounce: every
// count of the score is what the labels make it.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	copyFile := func(from, to string, crlf bool) {
		b, err := os.ReadFile(filepath.Join("../../testdata/corpus", from))
		require.NoError(t, err)
		if crlf {
			b = []byte(regexp.MustCompile("\n").ReplaceAllString(string(b), "\r\n"))
		}
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, to)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, to), b, 0o644))
	}
	copyFile("bsd/lhost-postfix-01.eml", "bsd/a.eml", false)
	copyFile("bsd/lhost-exim-01.eml", "bsd/b.eml", false)
	copyFile("bsd/lhost-exim-01.eml", "dos/b.eml", true)
	copyFile("not/"+firstNot(t), "not/n.eml", false)
	a, err := ClassifyFile(filepath.Join(dir, "bsd/a.eml"))
	require.NoError(t, err)
	require.Len(t, a, 1)
	labels := "file\tindex\tstatus\treplycode\treason\thardbounce\tanotherone\tengine\n" +
		"a.eml\t1\t" + a[0].DeliveryStatus + "\t" + a[0].ReplyCode + "\t" + string(a[0].Reason) + "\tfalse\t\tPostfix\n" +
		"b.eml\t1\t5.0.999\t\tmailboxfull\ttrue\t\tExim\n" +
		"b.eml\t2\t5.1.1\t550\tuserunknown\ttrue\t\tExim\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "labels.tsv"), []byte(labels), 0o644))

	s, err := Run(dir, Slice{Variants: true})
	require.NoError(t, err)
	assert.Equal(t, 3, s.Files, "a, b and b's CRLF copy")
	assert.Equal(t, 5, s.Rows)
	assert.Equal(t, 1, s.Reason, "only a's label agrees")
	assert.Equal(t, 1, s.All)
	assert.Len(t, s.Disagreements, 4)
	assert.Equal(t, classify.Reason("mailboxfull"), s.Disagreements[0].Label.Reason)
	assert.Equal(t, filepath.Join(dir, "bsd/b.eml"), s.Disagreements[0].Path)
	assert.Equal(t, classify.Reason(""), s.Disagreements[1].Got.Reason, "b has one recipient, the label two")
	assert.InDelta(t, 20.0, s.Percent(s.Reason), 0.01)

	s, err = Run(dir, Slice{Name: regexp.MustCompile(`^a`)})
	require.NoError(t, err)
	assert.Equal(t, 1, s.Rows)
	assert.Equal(t, 1, s.All)

	n, recs, err := NotBounces(dir)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Empty(t, recs)
}

func firstNot(t *testing.T) string {
	es, err := os.ReadDir("../../testdata/corpus/not")
	require.NoError(t, err)
	require.NotEmpty(t, es)
	return es[0].Name()
}
