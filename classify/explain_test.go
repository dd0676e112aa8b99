package classify

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

func outcomes(ex Explanation) map[string]string {
	m := map[string]string{}
	for _, c := range ex.Candidates {
		m[c.Rule] = c.Outcome
	}
	return m
}

func TestExplain(t *testing.T) {
	// Postfix's reply to an unlisted sender: the recipient-table phrases
	// are inside the sender's refusal.
	r, rc := newFact("5.1.8", "553 5.1.8 <shironeko@example.org>: Sender address rejected: User unknown in local recipient table", dsn.CommandRCPT, dsn.ActionFailed)
	ex := Explain(r, rc)
	assert.Equal(t, ClassifyRecipient(r, rc), ex.Verdict)
	assert.Equal(t, Rejected, ex.Verdict.Reason)
	o := outcomes(ex)
	assert.Equal(t, OutcomeDecided, o[ex.Verdict.Rule])
	for _, rule := range []string{"text/userunknown/user unknown in local recipient table", "text/userunknown/user unknown"} {
		assert.True(t, strings.HasPrefix(o[rule], "covered by ") || o[rule] == OutcomeOutranked, "%s: %s", rule, o[rule])
	}
	assert.Equal(t, OutcomeNotReached, o["status/5.1.8"])
	for _, c := range ex.Candidates {
		if c.Stage == StageText {
			require.NotEmpty(t, c.Source, c.Rule)
			assert.Equal(t, c.Match, rc.DiagnosticCode[c.Start:c.End])
			assert.NotEmpty(t, c.Where, c.Rule)
		}
	}

	// Generic words after DATA are held back, then heard as filtered.
	r, rc = newFact("", "550 Unknown user neko@example.jp", dsn.CommandDATA, dsn.ActionFailed)
	ex = Explain(r, rc)
	assert.Equal(t, Filtered, ex.Verdict.Reason)
	assert.Equal(t, "decided as filtered", outcomes(ex)["text/userunknown/unknown user"])
	assert.Equal(t, OutcomeNoReason, outcomes(ex)["reply/550"])

	// Nothing speaks: the fallback is the one candidate.
	r, rc = newFact("", "computer says no", "", dsn.ActionFailed)
	ex = Explain(r, rc)
	require.NotEmpty(t, ex.Candidates)
	last := ex.Candidates[len(ex.Candidates)-1]
	assert.Equal(t, OnHold, last.Reason)
	assert.Equal(t, OutcomeDecided, last.Outcome)
}
