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
//  2. A reason about the recipient (recipientReasons) cannot be the
//     answer to a command given before the recipient was named (the
//     greeting, HELO/EHLO, STARTTLS, AUTH, MAIL FROM): there "invalid
//     domain name" is the client's HELO argument and "no such domain"
//     the sender's domain; such a match is out of place.
//  3. Some words are heard later than the others (held back):
//     - user-unknown words given in answer to a command other than RCPT
//       (RFC 5321 section 3.3: the server says whether a mailbox exists
//       when it answers RCPT; after DATA the same words are a filter's
//       refusal of the message for that recipient), and, when the report
//       does not say which command was answered, the generic short forms
//       filters reuse (rows flagged @generic, and wider userunknown
//       phrases that contain them): see weakTextStage;
//     - words saying the queue time ran out (expired): they say that the
//       MTA gave up, not why. Another reason in the text, the status or
//       the reply code decides; a network error (the usual reason retries
//       fail, and RFC 3463's X.4.7 "delivery time expired" is itself a
//       network and routing status) becomes expired; with nothing else,
//       expired.
//  4. Among the rest, the reason of higher textPriority wins.
//  5. Then the phrase of more words of its own (a '*' is not a word of
//     its own), then the tighter match (fewer words taken by '*'), then
//     the earlier row (files in name order, rows in file order).

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

// recipientReasons are about the recipient's mailbox or domain: they
// cannot answer a command given before RCPT.
var recipientReasons = map[Reason]bool{
	UserUnknown: true, HostUnknown: true, MailboxFull: true, Suspend: true,
	HasMoved: true, Filtered: true,
}

// beforeRCPT are the commands answered before any recipient is named.
var beforeRCPT = map[string]bool{
	dsn.CommandCONN: true, dsn.CommandHELO: true, dsn.CommandEHLO: true,
	dsn.CommandSTARTTLS: true, dsn.CommandAUTH: true, dsn.CommandMAIL: true,
}

// Match states, per match of a scan.
const (
	matchCandidate  uint8 = iota // took part in the choice
	matchCovered                 // inside a wider match
	matchMask                    // a mask: decides nothing
	matchOutOfPlace              // a recipient reason before RCPT
	matchHeld                    // user-unknown words outside RCPT, or expiry words: heard later
	matchOther                   // a provider table's phrase only
)

// textChoice is what the text stage found: the indices (in the scan's
// matches) of the deciding match, of the best held-back user-unknown
// match and of an expiry match, each -1 if none.
type textChoice struct{ best, unknown, expiry int }

// resolveText settles the matches of s for a fact whose remote host
// answered command ("" if the report does not say). states and coveredBy,
// if not nil, receive each match's state and the index of the wider match
// covering it.
func resolveText(t *textTables, s *scan, command string, states []uint8, coveredBy []int32) textChoice {
	c := textChoice{-1, -1, -1}
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
			case recipientReasons[xi.reason] && beforeRCPT[command]:
				state = matchOutOfPlace
			case xi.reason == Expired:
				state = matchHeld
				if c.expiry < 0 || t.better(ms[i], ms[c.expiry]) {
					c.expiry = i
				}
			case xi.reason == UserUnknown && t.heldUnknown(s, i, command):
				state = matchHeld
				if c.unknown < 0 || t.better(ms[i], ms[c.unknown]) {
					c.unknown = i
				}
			default:
				if c.best < 0 || t.better(ms[i], ms[c.best]) {
					c.best = i
				}
			}
		}
		if states != nil {
			states[i], coveredBy[i] = state, cover
		}
	}
	return c
}

// heldUnknown reports whether user-unknown match i is held back: said in
// answer to a command other than RCPT, or, with the command unknown,
// generic words (a @generic phrase, or a wider one containing one).
func (t *textTables) heldUnknown(s *scan, i int, command string) bool {
	switch command {
	case dsn.CommandRCPT:
		return false
	case "":
		if t.reasons[s.matches[i].phrase].generic {
			return true
		}
		for j, m := range s.matches {
			x := &t.reasons[m.phrase]
			if j != i && x.generic && x.reason == UserUnknown && s.matches[i].owns(m) {
				return true
			}
		}
		return false
	}
	return true
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
		c := resolveText(tables, in.scan, in.Command, nil, nil)
		in.unknown, in.expiry = c.unknown, c.expiry
		if c.best >= 0 {
			p := in.scan.matches[c.best].phrase
			return Verdict{Reason: tables.reasons[p].reason, Stage: StageText, Rule: tables.textRuleID(p)}, true
		}
	}
	return xUnix(in)
}

// weakTextStage hears the words the text stage held back, once the
// vendor, status and reply-code stages had nothing to say: user-unknown
// words not said at RCPT mean the recipient was filtered (had they been
// the mailbox check, they would have come at RCPT, or with X.1.1, which
// the status stage hears first); words saying the queue time ran out
// mean expired.
func weakTextStage(in *Input) (Verdict, bool) {
	if in.scan == nil {
		return Verdict{}, false
	}
	if in.unknown >= 0 {
		p := in.scan.matches[in.unknown].phrase
		return Verdict{Reason: Filtered, Stage: StageText, Rule: tables.textRuleID(p) + "@not-RCPT"}, true
	}
	if in.expiry >= 0 {
		p := in.scan.matches[in.expiry].phrase
		return Verdict{Reason: Expired, Stage: StageText, Rule: tables.textRuleID(p)}, true
	}
	return Verdict{}, false
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
