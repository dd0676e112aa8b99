package classify_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/internal/corpus"
	"github.com/bounce-milter/bounce-milter/internal/metamorph"
)

// metamorphicKnownFailures lists the corpus bounces whose facts a
// transformation still changes, as "transformation file", each with the
// reason it is left. The test fails on a change not listed here, and on a
// listed pair that no longer changes (remove it then).
var metamorphicKnownFailures = map[string]string{}

// fact is what a bounce says of one recipient: the facts a rewrite on
// the way must not change.
type fact struct {
	Recipient, Action, Status, ReplyCode, FeedbackType string
	Reason                                             classify.Reason
	HardBounce                                         bool
}

func facts(recs []classify.Record) []fact {
	out := make([]fact, len(recs))
	for i, r := range recs {
		out[i] = fact{Recipient: strings.ToLower(r.Recipient), Action: r.Action, Status: r.DeliveryStatus,
			ReplyCode: r.ReplyCode, FeedbackType: r.FeedbackType, Reason: r.Reason, HardBounce: r.HardBounce}
	}
	return out
}

// TestMetamorphic rewrites every corpus bounce as the software on a
// bounce's way rewrites messages without changing what they say
// (package metamorph: line ends, folding, transfer encodings, boundaries,
// trace fields, field-name case, the returned message cut) and checks
// that each recipient's facts stay what they were.
func TestMetamorphic(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(corpusDir, "bsd", "*.eml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	type original struct {
		name  string
		msg   []byte
		facts []fact
	}
	origs := make([]original, 0, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		recs, err := corpus.ClassifyBytes(f, b)
		require.NoError(t, err)
		if len(recs) == 0 {
			continue // no bounce to keep
		}
		origs = append(origs, original{filepath.Base(f), b, facts(recs)})
	}
	seen := map[string]bool{}
	for _, tr := range metamorph.All() {
		t.Run(tr.Name, func(t *testing.T) {
			var changed []string
			rewritten := 0
			for _, o := range origs {
				msg := tr.Func(append([]byte(nil), o.msg...))
				if !bytes.Equal(msg, o.msg) {
					rewritten++
				}
				recs, err := corpus.ClassifyBytes(o.name, msg)
				require.NoError(t, err, o.name)
				got := facts(recs)
				key := tr.Name + " " + o.name
				_, known := metamorphicKnownFailures[key]
				seen[key] = true
				if fmt.Sprint(got) == fmt.Sprint(o.facts) {
					assert.False(t, known, "%s: listed as a known failure but its facts no longer change", key)
					continue
				}
				changed = append(changed, o.name)
				if !known {
					t.Errorf("%s: %s changes the facts\nwas %+v\nnow %+v", o.name, tr.Name, o.facts, got)
				}
			}
			sort.Strings(changed)
			t.Logf("%s: rewrites %d of %d bounces; %d change facts %v", tr.Name, rewritten, len(origs), len(changed), changed)
			assert.NotZero(t, rewritten, "the transformation rewrites no bounce")
		})
	}
	for key := range metamorphicKnownFailures {
		assert.True(t, seen[key], "known failure %q names no transformation and bounce", key)
	}
}
