package classify

import (
	"math/bits"
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// The text stage. Every phrase of the text tables found in the diagnostic
// text is a candidate; they are settled by principle, not by the order of
// the rows:
//
//  1. A match whose words are all words of a wider match loses: the
//     wider phrase is the more specific ("sender address rejected: user
//     unknown" is about the sender; "mailbox almost full" is not full).
//     A mask (reason "-") is such a wider phrase that decides nothing.
//     Words a wider phrase's '*' stood for are not its own: "user *
//     unknown" across "user@example.org... user unknown" does not cover
//     the "user unknown" at its end.
//  2. Among the rest, the reason of higher textPriority wins.
//  3. Then the phrase of more words of its own (a '*' is not a word of
//     its own), then the tighter match (fewer words taken by '*'), then
//     the earlier row (files in name order, rows in file order).
//
// A @generic row (user-unknown words filters reuse) decides only when the
// remote host said it at RCPT; otherwise it is held back for
// weakTextStage.

// textPriority orders the reasons for matches that neither contains the
// other (the text names two things). It keeps the order the old ordered
// table's groups had, with one change, for the reasons its comments gave:
//
//   - What the destination's delivery program or content scanner did
//     (mailererror, virusdetected) explains the words that follow it: a
//     pipe's "No such user" is the program's output, not the MTA's check.
//   - What is wrong with the message itself (notcompliantrfc,
//     contenterror) and with the sender's standing (authfailure,
//     norelaying, failedstarttls, requireptr, rejected, badreputation,
//     blocked, spamdetected) comes before the recipient's mailbox: a
//     refusal of the sender is often worded with a recipient phrase
//     after it, never the other way round.
//   - Then the recipient's mailbox and its limits, from what is most
//     specific (suspend, ratelimited, emailtoolarge, mailboxfull,
//     hasmoved, suppressed) to the existence of the mailbox and its
//     domain (userunknown, notaccept, hostunknown).
//   - Then the receiver's general refusals (policyviolation,
//     securityerror, filtered) and its own troubles (systemfull,
//     systemerror, networkerror), then protocol errors (syntaxerror).
//   - expired is last: a delayed or expired report that also names what
//     went wrong (a network, system or mailbox problem) is about that
//     problem; the queue time running out is only what made the MTA
//     give up.
//
// The change: the old table checked "authentication required" words
// (securityerror) before authfailure and norelaying. One position per
// reason cannot keep that; securityerror stays where the rest of its
// rows were, after policyviolation, so "relaying denied, authentication
// required" is a refused relay, which is what happened.
var textPriority = []Reason{
	MailerError,
	VirusDetected,
	NotCompliantRFC,
	ContentError,
	AuthFailure,
	NoRelaying,
	FailedSTARTTLS,
	RequirePTR,
	Rejected,
	BadReputation,
	Blocked,
	SpamDetected,
	Suspend,
	RateLimited,
	EmailTooLarge,
	MailboxFull,
	HasMoved,
	Suppressed,
	UserUnknown,
	NotAccept,
	HostUnknown,
	PolicyViolation,
	SecurityError,
	Filtered,
	SystemFull,
	SystemError,
	NetworkError,
	SyntaxError,
	Expired,
}

var textRank = func() map[Reason]int {
	m := make(map[Reason]int, len(textPriority))
	for i, r := range textPriority {
		m[r] = i
	}
	return m
}()

// textPriorityOf returns r's rank: lower decides first. A mask ("") ranks
// first; a reason not in textPriority last.
func textPriorityOf(r Reason) int {
	if r == "" {
		return -1
	}
	if i, ok := textRank[r]; ok {
		return i
	}
	return len(textPriority)
}

// Match states, per match of a scan.
const (
	matchCandidate uint8 = iota // took part in the choice
	matchCovered                // inside a wider match
	matchMask                   // a mask: decides nothing
	matchGeneric                // @generic, said outside RCPT: held back
	matchOther                  // a provider table's phrase only
)

// resolveText settles the matches of s and returns the index of the
// winning match (-1 if none) and of the best held-back @generic match
// (-1 if none). states, if not nil, receives each match's state and
// coveredBy the index of the wider match that covers it.
func resolveText(t *textTables, s *scan, atRCPT bool, states []uint8, coveredBy []int32) (best, generic int) {
	best, generic = -1, -1
	ms := s.matches
	for i := range ms {
		xi := &t.reasons[ms[i].phrase]
		state := matchCandidate
		cover := int32(-1)
		switch {
		case !xi.rows:
			state = matchOther
		default:
			for j := range ms {
				if j == i || !t.reasons[ms[j].phrase].rows {
					continue
				}
				if ms[j].end-ms[j].start > ms[i].end-ms[i].start && ms[j].owns(ms[i]) {
					state, cover = matchCovered, int32(j)
					break
				}
			}
		}
		if state == matchCandidate {
			switch {
			case xi.reason == "":
				state = matchMask
			case xi.generic && !atRCPT:
				state = matchGeneric
				if generic < 0 || t.better(ms[i], ms[generic]) {
					generic = i
				}
			default:
				if best < 0 || t.better(ms[i], ms[best]) {
					best = i
				}
			}
		}
		if states != nil {
			states[i], coveredBy[i] = state, cover
		}
	}
	return best, generic
}

// better reports whether match a beats match b (both deciding).
func (t *textTables) better(a, b match) bool {
	xa, xb := &t.reasons[a.phrase], &t.reasons[b.phrase]
	if pa, pb := textPriorityOf(xa.reason), textPriorityOf(xb.reason); pa != pb {
		return pa < pb
	}
	if wa, wb := t.index.phrases[a.phrase].Words, t.index.phrases[b.phrase].Words; wa != wb {
		return wa > wb
	}
	if ga, gb := bits.OnesCount64(a.gaps), bits.OnesCount64(b.gaps); ga != gb {
		return ga < gb
	}
	return xa.row < xb.row
}

// textRuleID is the rule id of phrase p's decision: text/<reason>/<phrase>.
func (t *textTables) textRuleID(p int32) string {
	return "text/" + string(t.reasons[p].reason) + "/" + t.index.phrases[p].Text
}

func textStage(in *Input) (Verdict, bool) {
	if in.scan != nil && len(in.scan.matches) > 0 {
		best, generic := resolveText(tables, in.scan, in.Command == dsn.CommandRCPT, nil, nil)
		in.generic = generic
		if best >= 0 {
			p := in.scan.matches[best].phrase
			return Verdict{Reason: tables.reasons[p].reason, Stage: StageText, Rule: tables.textRuleID(p)}, true
		}
	}
	return xUnix(in)
}

// weakTextStage hears the @generic user-unknown words held back by the
// text stage, once the vendor, status and reply-code stages had nothing
// to say. MTAs check whether a mailbox exists at RCPT; the same words
// from anywhere else (after DATA, or at a point of the session the
// report does not name) are what filters say when they refuse a message
// for a recipient, so the recipient was filtered. An X.1.1 status ("bad
// destination mailbox address", RFC 3463) would have decided userunknown
// at the status stage before this one.
func weakTextStage(in *Input) (Verdict, bool) {
	if in.generic < 0 || in.scan == nil {
		return Verdict{}, false
	}
	p := in.scan.matches[in.generic].phrase
	return Verdict{Reason: Filtered, Stage: StageText, Rule: tables.textRuleID(p) + "@not-RCPT"}, true
}

// xUnix decides for a diagnostic of type X-Unix that no text rule
// explained: it is the exit status or output of a local delivery program
// (RFC 3464 section 2.3.6; Postfix's pipe and local agents, Sendmail's
// prog mailer), so the mailer failed.
func xUnix(in *Input) (Verdict, bool) {
	if strings.EqualFold(in.Recipient.DiagnosticType, "x-unix") {
		return Verdict{Reason: MailerError, Stage: StageText, Rule: "text/mailererror/x-unix"}, true
	}
	return Verdict{}, false
}
