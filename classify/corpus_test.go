package classify_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
	"github.com/bounce-milter/bounce-milter/internal/corpus"
)

// The agreement with the corpus labels this code has reached, in percent
// of labelled rows over bsd/, mac/ and dos/. The corpus test fails when
// agreement falls below them: raise them when the classifier improves,
// never lower them to make a change pass.
const (
	floorReason     = 96.0
	floorStatus     = 97.5
	floorReplyCode  = 98.5
	floorHardBounce = 98.5
	floorAll        = 93.5
)

const corpusDir = "../testdata/corpus"

// classifyFile classifies a message file, or each message of an mbox.
func classifyFile(t *testing.T, path string) []classify.Record {
	recs, err := corpus.ClassifyFile(path)
	require.NoError(t, err, path)
	return recs
}

// TestCorpusAgreement classifies every labelled corpus message (and its CR
// and CRLF copies) and compares the facts with the labels, as make
// corpus-score does for the README's table ("the whole corpus").
func TestCorpusAgreement(t *testing.T) {
	s, err := corpus.Run(corpusDir, corpus.Slice{Variants: true})
	require.NoError(t, err)
	require.Greater(t, s.Rows, 500)
	t.Logf("rows=%d reason=%.1f%% status=%.1f%% replycode=%.1f%% hardbounce=%.1f%% all=%.1f%%",
		s.Rows, s.Percent(s.Reason), s.Percent(s.Status), s.Percent(s.ReplyCode), s.Percent(s.HardBounce), s.Percent(s.All))
	assert.GreaterOrEqual(t, s.Percent(s.Reason), floorReason, "reason agreement fell")
	assert.GreaterOrEqual(t, s.Percent(s.Status), floorStatus, "status agreement fell")
	assert.GreaterOrEqual(t, s.Percent(s.ReplyCode), floorReplyCode, "reply code agreement fell")
	assert.GreaterOrEqual(t, s.Percent(s.HardBounce), floorHardBounce, "hard bounce agreement fell")
	assert.GreaterOrEqual(t, s.Percent(s.All), floorAll, "all-field agreement fell")
}

// TestCorpusNotBounces checks that no message of not/ is reported as a bounce.
func TestCorpusNotBounces(t *testing.T) {
	n, recs, err := corpus.NotBounces(corpusDir)
	require.NoError(t, err)
	require.NotZero(t, n)
	assert.Empty(t, recs)
}

// TestCorpusLineEndsAgree checks that the CR (mac/) and CRLF (dos/) copies
// classify as their LF originals (bsd/) do.
func TestCorpusLineEndsAgree(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(corpusDir, "mac", "*.eml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, mac := range files {
		name := filepath.Base(mac)
		want := classifyFile(t, filepath.Join(corpusDir, "bsd", name))
		for _, sub := range []string{"mac", "dos"} {
			got := classifyFile(t, filepath.Join(corpusDir, sub, name))
			require.Len(t, got, len(want), sub+"/"+name)
			for i := range want {
				assert.Equal(t, want[i].Reason, got[i].Reason, sub+"/"+name)
				assert.Equal(t, want[i].DeliveryStatus, got[i].DeliveryStatus, sub+"/"+name)
				assert.Equal(t, want[i].ReplyCode, got[i].ReplyCode, sub+"/"+name)
			}
		}
	}
}

// BenchmarkClassifyCorpus decodes and classifies every corpus message.
func BenchmarkClassifyCorpus(b *testing.B) {
	files, err := filepath.Glob(filepath.Join(corpusDir, "bsd", "*.eml"))
	if err != nil || len(files) == 0 {
		b.Fatal("no corpus")
	}
	msgs := make([][]byte, len(files))
	for i, f := range files {
		if msgs[i], err = os.ReadFile(f); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := dsn.ParseBytes(msgs[i%len(msgs)], lhost.Registry())
		if err != nil {
			b.Fatal(err)
		}
		classify.Records("", r)
	}
}
