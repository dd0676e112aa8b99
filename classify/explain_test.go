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

	// An MTA's own wording in its own report decides ahead of the generic
	// rows; the same words elsewhere are held back.
	r, rc = newFact("", "The recipient name is not recognized MSEXCH:IMS:NEKO 0 (000C05A6) Unknown Recipient", "", dsn.ActionFailed)
	r.Decoder = "Exchange2003"
	ex = Explain(r, rc)
	assert.Equal(t, UserUnknown, ex.Verdict.Reason)
	assert.Equal(t, StageDecoder, ex.Verdict.Stage)
	o = outcomes(ex)
	assert.Equal(t, OutcomeDecided, o["decoder/Exchange2003/userunknown/the recipient name is not recognized"])
	assert.Equal(t, OutcomeHeldBack, o["text/userunknown/the recipient name is not recognized"])
	r.Decoder = "RFC3464"
	assert.Equal(t, Filtered, ClassifyRecipient(r, rc).Reason)

	// The Status field's comment is read after the diagnostic.
	r, rc = newFact("5.2.1", "550 5.2.1 <neko@example.jp>... User Unknown", "", dsn.ActionFailed)
	rc.Fields = dsn.Fields{{Name: "Status", Value: "5.2.1 (mailbox disabled, not accepting messages)"}}
	ex = Explain(r, rc)
	assert.Equal(t, Suspend, ex.Verdict.Reason, ex.Verdict.Rule)
	for _, c := range ex.Candidates {
		if c.Rule == ex.Verdict.Rule {
			assert.Equal(t, "mailbox disabled, not accepting messages", c.Match)
			assert.Greater(t, c.Start, len(rc.DiagnosticCode))
		}
	}

	// Nothing speaks: the fallback is the one candidate.
	r, rc = newFact("", "computer says no", "", dsn.ActionFailed)
	ex = Explain(r, rc)
	require.NotEmpty(t, ex.Candidates)
	last := ex.Candidates[len(ex.Candidates)-1]
	assert.Equal(t, OnHold, last.Reason)
	assert.Equal(t, OutcomeDecided, last.Outcome)
}

// The tables are read-only and the scans pooled: classifying from many
// goroutines at once gives each the verdict it gets alone (go test -race).
func TestClassifyConcurrently(t *testing.T) {
	texts := []string{
		"550 5.1.1 <neko@example.jp>: Recipient address rejected: User unknown in local recipient table",
		"552 5.2.2 Mailbox full",
		"554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
		"Sorry, I wasn't able to establish an SMTP connection. (#4.4.1) I'm not going to try again; this message has been in the queue too long.",
	}
	want := make([]Verdict, len(texts))
	for i, text := range texts {
		r, rc := newFact("", text, dsn.CommandRCPT, dsn.ActionFailed)
		want[i] = ClassifyRecipient(r, rc)
	}
	done := make(chan bool)
	for g := 0; g < 8; g++ {
		go func() {
			ok := true
			for n := 0; n < 200; n++ {
				i := n % len(texts)
				r, rc := newFact("", texts[i], dsn.CommandRCPT, dsn.ActionFailed)
				ok = ok && ClassifyRecipient(r, rc) == want[i]
			}
			done <- ok
		}()
	}
	for g := 0; g < 8; g++ {
		assert.True(t, <-done)
	}
}

func TestExplainNotice(t *testing.T) {
	r := &dsn.Report{Kind: dsn.DeliveryReport, Recipients: []dsn.Recipient{{
		Recipient: "user@example.net", Action: dsn.ActionFailed, Status: dsn.Status{Class: 5},
		Notice: "user@example.net: mailbox full",
	}}}
	ex := Explain(r, &r.Recipients[0])
	assert.Equal(t, MailboxFull, ex.Verdict.Reason)
	assert.Equal(t, StageNotice, ex.Verdict.Stage)
	o := outcomes(ex)
	assert.Equal(t, OutcomeDecided, o[ex.Verdict.Rule], "%v", o)
	assert.True(t, strings.HasPrefix(ex.Verdict.Rule, "notice/text/mailboxfull/"), ex.Verdict.Rule)
}
