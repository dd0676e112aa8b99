package classify

import (
	"strconv"
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// Explanation says why a recipient got its verdict: every candidate each
// stage had, in stage order, and which one decided. It is what
// `bounce-milter classify --explain` prints.
type Explanation struct {
	Verdict    Verdict
	Candidates []Candidate
}

// Candidate is one rule that spoke (or, for the reply-code stage, that
// matched without naming a reason) for a recipient.
type Candidate struct {
	Stage  Stage
	Rule   string // the rule id a verdict would carry
	Reason Reason // "" for a mask or a row that names no reason
	Source string // where the rule's knowledge comes from
	// Where is the row's place: "postfix.tsv:12" for a text row,
	// "google row 3" for a provider row; "" for code tables.
	Where string
	// Also lists the other text rows with the same phrase and reason,
	// "file:line source" each: independent confirmations.
	Also []string
	// Match is the text the row matched and Start, End its byte offsets in
	// the text read: the diagnostic text, then, past a newline, the
	// comment of the Status field when there is one (withStatusComment);
	// for the notice stage, the recipient's notice; text rows and
	// provider text rows only.
	Match      string
	Start, End int
	// Outcome is what became of the candidate: "decided" (or "decided as
	// <reason>" when a correction changed its reason), "outranked"
	// (another candidate of the stage won), "covered by <rule>" (inside a
	// wider phrase), "mask" (decides nothing), "held back" (user-unknown
	// words outside RCPT, expiry words: heard after the codes), "out of
	// place" (a recipient's reason before RCPT), "no reason" (a code whose meaning names none), "not
	// reached" (an earlier stage decided).
	Outcome string
}

// Candidate outcomes.
const (
	OutcomeDecided    = "decided"
	OutcomeOutranked  = "outranked"
	OutcomeMask       = "mask"
	OutcomeHeldBack   = "held back"
	OutcomeOutOfPlace = "out of place"
	OutcomeNoReason   = "no reason"
	OutcomeNotReached = "not reached"
	outcomeCoveredBy  = "covered by "
)

// Explain classifies one recipient as ClassifyRecipient does and says why.
func Explain(r *dsn.Report, rc *dsn.Recipient) Explanation {
	in := newInput(r, rc)
	defer in.release()
	v := in.verdict()
	ex := Explanation{Verdict: v}
	ex.Candidates = append(ex.Candidates, explainProvider(in)...)
	ex.Candidates = append(ex.Candidates, explainDecoderRows(in)...)
	ex.Candidates = append(ex.Candidates, explainText(in)...)
	ex.Candidates = append(ex.Candidates, explainVendor(in)...)
	// The notice stage runs after the status code's own row and before
	// the reply code's.
	codes := explainCodes(in)
	at := 0
	if len(codes) > 0 && codes[0].Rule == "status/"+in.Status.String() {
		at = 1
	}
	ex.Candidates = append(ex.Candidates, codes[:at]...)
	ex.Candidates = append(ex.Candidates, explainNotice(in)...)
	ex.Candidates = append(ex.Candidates, codes[at:]...)
	decided := false
	for i := range ex.Candidates {
		c := &ex.Candidates[i]
		switch {
		case c.Rule == v.Rule || strings.HasPrefix(v.Rule, c.Rule+"@"):
			c.Outcome, decided = OutcomeDecided, true
			if c.Reason != v.Reason {
				// Held back, then heard (filtered), or corrected
				// (@temporary, @expired).
				c.Outcome = OutcomeDecided + " as " + string(v.Reason)
			}
		case c.Outcome == "" && decided:
			c.Outcome = OutcomeNotReached
		case c.Outcome == "":
			c.Outcome = OutcomeOutranked
		}
	}
	if !decided {
		ex.Candidates = append(ex.Candidates, Candidate{Stage: v.Stage, Rule: v.Rule, Reason: v.Reason, Outcome: OutcomeDecided})
	}
	return ex
}

func explainProvider(in *Input) []Candidate {
	p := in.Provider
	if p == nil || in.Text == "" {
		return nil
	}
	i := p.match(in)
	if i < 0 {
		return nil
	}
	r := &p.Rules[i]
	c := Candidate{Stage: StageProvider, Rule: p.RuleID(i), Reason: r.Reason, Source: r.Source,
		Where: p.Name + " row " + strconv.Itoa(i+1)}
	if ph := p.phrase(i); ph >= 0 && in.scan != nil {
		for _, m := range in.scan.matches {
			if m.phrase == ph {
				c.Start, c.End = in.scan.byteSpan(m)
				c.Match = in.scan.text[c.Start:c.End]
				break
			}
		}
	}
	return []Candidate{c}
}

// explainDecoderRows lists the @by rows of the report's decoder that the
// text matched.
func explainDecoderRows(in *Input) []Candidate {
	s := in.scan
	if s == nil || len(s.matches) == 0 {
		return nil
	}
	var out []Candidate
	for _, ri := range tables.byDecoder[in.Report.Decoder] {
		r := &tables.rows[ri]
		for _, m := range s.matches {
			if m.phrase != r.phrase {
				continue
			}
			c := Candidate{Stage: StageDecoder, Rule: tables.decoderRuleID(ri), Reason: r.Reason,
				Source: r.Source, Where: r.where()}
			c.Start, c.End = s.byteSpan(m)
			c.Match = s.text[c.Start:c.End]
			out = append(out, c)
			break
		}
	}
	return out
}

func explainText(in *Input) []Candidate {
	s := in.scan
	if s == nil || len(s.matches) == 0 {
		return nil
	}
	states := make([]uint8, len(s.matches))
	cover := make([]int32, len(s.matches))
	resolveText(tables, s, in.Command, states, cover)
	var out []Candidate
	for i, m := range s.matches {
		if states[i] == matchOther {
			continue
		}
		x := &tables.reasons[m.phrase]
		row := &tables.rows[x.row]
		c := Candidate{Stage: StageText, Rule: tables.textRuleID(m.phrase), Reason: x.reason,
			Source: row.Source, Where: row.where()}
		c.Start, c.End = s.byteSpan(m)
		c.Match = s.text[c.Start:c.End]
		for _, ri := range tables.index.phrases[m.phrase].rows {
			if r := &tables.rows[ri]; ri != x.row && r.Reason == x.reason && r.By == "" {
				c.Also = append(c.Also, r.where()+" "+r.Source)
			}
		}
		switch states[i] {
		case matchCovered:
			c.Outcome = outcomeCoveredBy + tables.textRuleID(s.matches[cover[i]].phrase)
		case matchMask:
			c.Rule, c.Outcome = "text/-/"+tables.index.phrases[m.phrase].Text, OutcomeMask
		case matchHeld:
			c.Outcome = OutcomeHeldBack
		case matchOutOfPlace:
			c.Outcome = OutcomeOutOfPlace
		}
		out = append(out, c)
	}
	return out
}

func explainVendor(in *Input) []Candidate {
	t, i := vendorMatch(in)
	if t == nil {
		return nil
	}
	match := t.Field + ": " + t.Rows[i].Value
	if t.Field == "" {
		match = "a report of the " + t.Decoder + " decoder"
	}
	return []Candidate{{Stage: StageVendor, Rule: "vendor/" + t.RuleID(i), Reason: t.Rows[i].Reason, Source: t.Source, Match: match}}
}

// explainCodes lists the status row, the reply-code row, the delayed
// fallback and the status subject row that apply.
func explainCodes(in *Input) []Candidate {
	var out []Candidate
	if c := lookupStatus(in.Status); c != nil {
		cand := Candidate{Stage: StageStatus, Rule: "status/" + in.Status.String(), Reason: c.Reason,
			Source: c.Source, Match: c.Meaning}
		if c.Reason == "" {
			cand.Outcome = OutcomeNoReason
		} else if statusOutOfPlace(c.Reason, in.Command) {
			cand.Outcome = OutcomeOutOfPlace
		}
		out = append(out, cand)
	}
	if i := replyRowFor(in.ReplyCode, in.Command); i >= 0 {
		r := &replyRows[i]
		cand := Candidate{Stage: StageCommand, Rule: replyRuleID(i), Reason: r.Reason, Source: r.Source, Match: r.Meaning}
		if r.Reason == "" {
			cand.Outcome = OutcomeNoReason
		}
		out = append(out, cand)
	}
	if v, ok := delayedStage(in); ok {
		src := "RFC 3464 section 2.3.3 (Action: delayed)"
		if v.Rule == "fallback/given-up" {
			src = "RFC 3463 section 3.1 (a 4.X.X failed: retries ran out)"
		}
		out = append(out, Candidate{Stage: v.Stage, Rule: v.Rule, Reason: v.Reason, Source: src})
	}
	if v, ok := xUnixStage(in); ok {
		out = append(out, Candidate{Stage: v.Stage, Rule: v.Rule, Reason: v.Reason, Source: "RFC 3464 section 2.3.6"})
	}
	if s, _ := subjectRow(in.Status); s != nil {
		v, _ := subjectStage(in)
		out = append(out, Candidate{Stage: StageStatus, Rule: v.Rule, Reason: s.Reason, Source: s.Source, Match: s.Meaning})
	}
	return out
}

// explainNotice gives the candidate the recipient's notice offers (the
// notice stage's choice), whether or not the stage was reached. Its
// Match and offsets are in the notice.
func explainNotice(in *Input) []Candidate {
	s, ok := in.readNotice()
	if !ok {
		return nil
	}
	defer putScan(s)
	nv, ok := noticeChoice(in, s)
	if !ok {
		return nil
	}
	row := &tables.rows[nv.row]
	c := Candidate{Stage: StageNotice, Rule: nv.verdict.Rule, Reason: nv.verdict.Reason, Source: row.Source, Where: row.where()}
	phrase := nv.phrase
	for _, m := range s.matches {
		if m.phrase == phrase {
			c.Start, c.End = s.byteSpan(m)
			c.Match = s.text[c.Start:c.End]
			break
		}
	}
	return []Candidate{c}
}
