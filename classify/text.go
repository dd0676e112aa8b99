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
//     the "user unknown" at its end. Over the same words, a phrase that
//     writes out a word the other's '*' stood for is the wider one:
//     "recipient domain does not exist" covers "recipient * does not
//     exist" matched across it.
//  2. A reason about the recipient (recipientReasons) cannot be the
//     answer to a command given before the recipient was named (the
//     greeting, HELO/EHLO, STARTTLS, AUTH, MAIL FROM): there "invalid
//     domain name" is the client's HELO argument and "no such domain"
//     the sender's domain; such a match is out of place.
//  3. Some words are heard later than the others (held back):
//     - user-unknown words given in answer to a command other than RCPT,
//       or where the report does not say which command was answered (RFC
//       5321 section 3.3: the server says whether a mailbox exists when it
//       answers RCPT; after DATA the same words are a filter's refusal of
//       the message for that recipient). An MTA's own wording in its own
//       report (@by rows) is its mailbox lookup and is not held back; nor
//       are the words where no server answered (noRemoteAnswer). See
//       heldUnknownVerdict;
//     - words saying the queue time ran out (expired): they say that the
//       MTA gave up, not why. Another reason in the text, a specific
//       status or the reply code decides; over a status naming a
//       transient condition, and with nothing else, expired.
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
// The same order places a status code that names a specific reason
// among the text's reasons (evidenceStage): "552 5.2.2 ... user unknown"
// is a full mailbox, "550 5.1.6 ... mailbox unavailable" a moved one.
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
// match, of the best expiry match and of the best expiry match whose
// rows also read another reason (the error of the last attempt, as
// "connection timed out"), each -1 if none; masked is set when a mask
// took part in the choice (words the tables read as naming no reason,
// such as a greylisting deferral).
type textChoice struct {
	best, unknown, expiry, cause int
	masked                       bool
}

// resolveText settles the matches of s for a fact whose remote host
// answered command ("" if the report does not say). states and coveredBy,
// if not nil, receive each match's state and the index of the wider match
// covering it.
func resolveText(t *textTables, s *scan, command string, states []uint8, coveredBy []int32) textChoice {
	c := textChoice{best: -1, unknown: -1, expiry: -1, cause: -1}
	frame := -1 // the best match of a frame row (textRow.Frame)
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
				if ms[j].covers(ms[i]) {
					state, cover = matchCovered, int32(j)
					break
				}
			}
		}
		if state == matchCandidate {
			switch {
			case xi.reason == "":
				state = matchMask
				c.masked = true
			case recipientReasons[xi.reason] && beforeRCPT[command]:
				state = matchOutOfPlace
			case xi.reason == Expired:
				state = matchHeld
				if c.expiry < 0 || t.better(ms[i], ms[c.expiry]) {
					c.expiry = i
				}
				if xi.otherReading(Expired) != "" && (c.cause < 0 || t.better(ms[i], ms[c.cause])) {
					c.cause = i
				}
			case xi.reason == UserUnknown && heldUnknown(command):
				state = matchHeld
				if c.unknown < 0 || t.better(ms[i], ms[c.unknown]) {
					c.unknown = i
				}
			case xi.row >= 0 && t.rows[xi.row].Frame:
				if frame < 0 || t.better(ms[i], ms[frame]) {
					frame = i
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
	if c.best < 0 {
		c.best = frame
	}
	return c
}

// heldUnknown reports whether user-unknown match i is held back: RFC
// 5321 section 3.3 makes the answer to RCPT the server's statement on
// whether a mailbox exists, so the same words in answer to another
// command, or where the report does not say which command was answered,
// are not that statement (a filter after DATA reuses them).
func heldUnknown(command string) bool {
	return command != dsn.CommandRCPT
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

// readText settles the text's matches once per fact: the deciding
// generic match, the held-back ones, and the best row of the report's
// decoder (decoderTextMatch).
func (in *Input) readText() {
	if in.textRead {
		return
	}
	in.textRead = true
	if in.scan == nil || len(in.scan.matches) == 0 {
		return
	}
	c := resolveText(tables, in.scan, in.answeredCommand(), nil, nil)
	in.best, in.unknown, in.expiry, in.cause, in.masked = c.best, c.unknown, c.expiry, c.cause, c.masked
	in.own = tables.decoderTextMatch(in.scan, in.Report.Decoder)
}

// decoderTextMatch returns the best @by row of decoder whose phrase the
// scan found (by textPriority, then the phrase's own words, then row
// order), -1 if none. A decoder's own wording is read only in its reports.
func (t *textTables) decoderTextMatch(s *scan, decoder string) int32 {
	best := int32(-1)
	for _, ri := range t.byDecoder[decoder] {
		r := &t.rows[ri]
		if !s.has(r.phrase) {
			continue
		}
		if best < 0 {
			best = ri
			continue
		}
		b := &t.rows[best]
		if pr, pb := textPriorityOf(r.Reason), textPriorityOf(b.Reason); pr != pb {
			if pr < pb {
				best = ri
			}
			continue
		}
		if t.index.phrases[r.phrase].Words > t.index.phrases[b.phrase].Words {
			best = ri
		}
	}
	return best
}

// decoderRuleID is the rule id of @by row ri: decoder/<Decoder>/<reason>/<phrase>.
func (t *textTables) decoderRuleID(ri int32) string {
	r := &t.rows[ri]
	return "decoder/" + r.By + "/" + string(r.Reason) + "/" + t.index.phrases[r.phrase].Text
}

// textVerdict is what the text says, when it names a reason: the
// decoder's own row, or the deciding generic match.
func (in *Input) textVerdict() (Verdict, bool) {
	if in.own >= 0 {
		return Verdict{Reason: tables.rows[in.own].Reason, Stage: StageDecoder, Rule: tables.decoderRuleID(in.own)}, true
	}
	if in.best >= 0 {
		p := in.scan.matches[in.best].phrase
		return Verdict{Reason: tables.reasons[p].reason, Stage: StageText, Rule: tables.textRuleID(p)}, true
	}
	return Verdict{}, false
}

// heldUnknownVerdict hears the user-unknown words held back: confirmed by
// a status about the recipient's address (addressConfirmsUnknown), or
// written by Postfix or Domino itself (postfixOwnDiagnostic,
// dominoOwnDiagnostic), or where no server answered (noRemoteAnswer),
// they are the mailbox check's answer;
// otherwise they are a filter's refusal of the recipient: filtered. ok is
// false when there were none.
func (in *Input) heldUnknownVerdict() (Verdict, bool) {
	if in.unknown < 0 {
		return Verdict{}, false
	}
	p := in.scan.matches[in.unknown].phrase
	if st := in.Status; addressConfirmsUnknown(st) {
		return Verdict{Reason: UserUnknown, Stage: StageText, Rule: tables.textRuleID(p) + "@" + st.String()}, true
	}
	if t := strings.ToLower(in.Recipient.DiagnosticType); t == postfixOwnDiagnostic || t == dominoOwnDiagnostic {
		return Verdict{Reason: UserUnknown, Stage: StageText, Rule: tables.textRuleID(p) + "@" + t}, true
	}
	if in.noRemoteAnswer() {
		return Verdict{Reason: UserUnknown, Stage: StageText, Rule: tables.textRuleID(p) + "@no-remote"}, true
	}
	if in.ldaOwnWords() {
		return Verdict{Reason: UserUnknown, Stage: StageText, Rule: tables.textRuleID(p) + "@lda"}, true
	}
	return Verdict{Reason: Filtered, Stage: StageText, Rule: tables.textRuleID(p) + "@not-RCPT"}, true
}

// noRemoteAnswer reports whether the fact's words are the reporting MTA's
// own, given where no server answered: its decoder says so
// (dsn.Recipient.NoRemoteAnswer: a delivery status notification's
// recipient without Remote-MTA and Diagnostic-Code, an Exim item without
// a host, Exchange Online's own result), and its text quotes no reply
// code and no command that would say otherwise. Such words are the MTA's
// own mailbox lookup (Exim's routers' "Unknown user", Exchange Online's
// "<user> wasn't found at <domain>"), not a filter's refusal after DATA.
func (in *Input) noRemoteAnswer() bool {
	return in.Recipient.NoRemoteAnswer && in.ReplyCode == 0 && in.Command == ""
}

// postfixOwnDiagnostic is the diagnostic type of Postfix's own reasons:
// its bounce daemon writes "Diagnostic-Code: X-Postfix; <reason>" when
// the delivery agent gave no SMTP reply (Postfix 3.7
// src/bounce/bounce_notify_util.c, "X-%s" with the mail_name). Its
// user-unknown words are then local(8)'s or virtual(8)'s own mailbox
// lookup ("unknown user: \"%s\"", src/local/unknown.c,
// src/virtual/unknown.c), not a filter's reply after DATA.
const postfixOwnDiagnostic = "x-postfix"

// dominoOwnDiagnostic is the diagnostic type of Domino's router's own
// reasons in its delivery status notifications: "Diagnostic-Code: X-Notes;
// User jdoe (jdoe@example.org) not listed in Domino Directory" (as
// Mail::DeliveryStatus::BounceParser's note on Domino's reports quotes
// it), its directory lookup, not a remote server's reply after DATA.
const dominoOwnDiagnostic = "x-notes"

// addressConfirmsUnknown reports whether st is a status about the
// recipient's address that confirms user-unknown words: X.1.0 (other
// address status), X.1.1 and X.1.3 (bad destination mailbox address,
// RFC 3463 section 3.2), and X.1.10. RFC 7505 registers X.1.10 for a
// recipient domain with a null MX, but Exchange Online and Exchange
// Server send 550 5.1.10 for a recipient their address lookup did not
// find ("RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP
// address lookup",
// https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/fix-error-code-550-5-1-10-in-exchange-online),
// so with user-unknown words beside it the code names the same fault.
func addressConfirmsUnknown(st dsn.Status) bool {
	return st.Subject == 1 && (st.Detail == 0 || st.Detail == 1 || st.Detail == 3 || st.Detail == 10)
}

// expiryVerdict hears the words saying the queue time ran out. In a
// delayed report the queue time has not run out: the MTA is still
// retrying (RFC 3464 section 2.3.3). Words that the conflicts table reads
// as expiry only because a failure report quotes them from the last
// attempt ("connection timed out": see conflicts.tsv) then keep the
// other reading their rows give (the error that keeps the message
// queued), even where the report's own delay words ("Will keep trying
// until message is 5 days old", Sendmail's queue.c, after "Deferred:
// Connection timed out with <host>") are a better expiry match: those
// say only that the MTA waits, not why. Words that say nothing but
// expiry stay expired.
func (in *Input) expiryVerdict() (Verdict, bool) {
	if in.expiry < 0 {
		return Verdict{}, false
	}
	if in.Recipient.Action == dsn.ActionDelayed && in.cause >= 0 {
		p := in.scan.matches[in.cause].phrase
		r := tables.reasons[p].otherReading(Expired)
		return Verdict{Reason: r, Stage: StageText, Rule: "text/" + string(r) + "/" + tables.index.phrases[p].Text + "@delayed"}, true
	}
	p := in.scan.matches[in.expiry].phrase
	return Verdict{Reason: Expired, Stage: StageText, Rule: tables.textRuleID(p)}, true
}

// otherReading returns the one reason other than r (and other than a
// mask) that the phrase's rows disagree on, "" if there is none or more
// than one.
func (x *textReason) otherReading(r Reason) Reason {
	var other Reason
	for _, c := range x.conflict {
		if c == "-" || Reason(c) == r {
			continue
		}
		if other != "" {
			return ""
		}
		other = Reason(c)
	}
	return other
}

// xUnixStage decides for a diagnostic of type X-Unix that nothing before
// explained: it is the exit status or output of a local delivery program
// (RFC 3464 section 2.3.6; Postfix's pipe and local agents, Sendmail's
// prog mailer), so the mailer failed.
func xUnixStage(in *Input) (Verdict, bool) {
	if isXUnix(in.Recipient) {
		return Verdict{Reason: MailerError, Stage: StageText, Rule: "text/mailererror/x-unix"}, true
	}
	return Verdict{}, false
}

// isXUnix reports whether rc's diagnostic is of type X-Unix, or quotes one
// (quotesXUnix).
func isXUnix(rc *dsn.Recipient) bool {
	return strings.EqualFold(rc.DiagnosticType, "x-unix") || quotesXUnix(rc.DiagnosticCode)
}
