// Package classify decides why a bounce bounced: for each recipient fact
// that package dsn decodes, it names a Reason in Sisimai's vocabulary and
// the rule that decided it.
//
// The stages run in this order; the first that decides wins:
//
//  1. decoder: what the report's kind already says. A feedback report is
//     feedback, an auto-reply is vacation, a read receipt, a 2.X.X status
//     or Action: delivered is delivered. Nothing later overrides these.
//     Then a vendor's mark on the whole notice that overrides its words
//     (VendorCategories.Overrides: au's X-SPASIGN: NG is filtered).
//  2. provider: the receiving provider's own table (Mimecast, Cox, Google,
//     Microsoft, ...), for facts whose remote host, recipient domain or
//     reporting MTA belongs to a known provider. A provider's words mean
//     what its documentation says, which generic phrases get wrong.
//  3. evidence (evidenceStage): the text and the status code weighed
//     together, then the vendor's category and the words the text held
//     back (see below).
//  4. notice (notice.go): the recipient's part of the report's
//     human-readable notification (dsn.Recipient.Notice), read as text
//     weaker than the diagnostic's: the report's decoder's own rows, then
//     the text tables' deciding match; the rule id begins "notice/".
//     Not for an X-Unix diagnostic.
//  5. command: the reply code and the command the remote host answered,
//     where their meaning names a reason (replyRows: a refusal at HELO is
//     blocked, at MAIL FROM rejected, 556 notaccept, ...).
//  6. the expiry words, when nothing else named a reason.
//  7. X-Unix: a diagnostic of that type (a delivery program's exit status)
//     that nothing explained is a mailer error.
//  8. fallback: a delayed report that nothing above explained is expired,
//     and so is a failed one whose Status is still 4.X.X (given up)
//     and whose words are a deferral naming no failure (a mask);
//     then the status code's subject alone (5.7.x security, 5.2.x
//     mailbox, ...), the very last resort; then onhold when there was
//     text, undefined when there was nothing.
//
// The evidence stage, in order:
//
//   - The text's reason: the wording of the MTA whose report this is (rows
//     flagged @by, read only in that decoder's reports), else the phrases
//     of the text tables (classify/texts/*.tsv, each row with its source),
//     settled by principle in text.go: a phrase inside a wider one loses,
//     then the reason's textPriority, then the longer phrase. The Status
//     field's comment is read after the diagnostic.
//   - The status code's reason (statusCodes, the IANA registry), where its
//     registered meaning names one; for a code the registry lacks, the
//     meaning its vendor documents (vendorStatusCodes: Exchange's X.2.121,
//     X.7.508, ...). A code naming a specific reason (X.2.2
//     mailbox full, X.3.4 too big, X.7.13 account disabled, ...) is a
//     statement as good as a text: it competes with the text's reason by
//     textPriority. A code naming the catch-all reason of its subject
//     (X.1.1 userunknown, X.1.2 and X.4.4 hostunknown, X.4.x networkerror,
//     X.4.7 expired, X.3.x systemerror, X.6.x contenterror, X.7.x
//     securityerror) is sent for failures receivers do not tell apart, so
//     a text naming another reason overrides it.
//   - With no text reason: the category the sending MTA or service wrote
//     into its report (PowerMTA, Amazon SES; VendorCategoryTables), then
//     a specific status code.
//   - Then the user-unknown words the text held back: said where RCPT was
//     not answered (or with no command known), they are not the mailbox
//     check RFC 5321 section 3.3 makes of RCPT but a filter's refusal:
//     filtered. An address status (X.1.0, X.1.1, X.1.3) confirms them:
//     userunknown.
//   - Then words saying the queue time ran out, over a status naming a
//     transient condition (networkerror, systemerror: RFC 3463 calls X.4.1,
//     X.4.2, X.4.5 useful only as persistent transient errors, so a report
//     that gives them up has run out of time).
//   - Then 4.4.1, "no answer from host", with nothing else said: the MTA
//     stopped retrying a host that never answered, expired.
//   - Then the status code's own reason.
//
// A verdict of the generic stages (not decoder or provider) for
// hostunknown in a temporary failure is a networkerror: a domain that
// does not resolve now may resolve later (RFC 3463 section 3.1: a 4.X.X
// condition is transient).
//
// Why text and code are weighed this way. Receivers choose codes loosely
// (5.7.1 for spam, blocks and policy alike; 5.1.1 for a rate limit; 5.2.1
// for unknown, disabled and filtered mailboxes) but their words are
// specific, so a recognised text beats a catch-all code. A code whose
// registered meaning is itself specific is evidence of the same weight
// as a phrase, and the reasons' priority settles the two as it settles
// two phrases. A text naming the cause of a failure beats words saying
// only that the queue gave up: RFC 3463 asks for the code of the actual
// problem rather than X.4.7 where it can be had. The resolution follows
// the sources Sisimai encodes (go-sisimai's reason/find.go probes the
// specific reasons, status or text, before the retry reasons' statuses),
// written from those principles rather than copied.
package classify

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// Stage names a decision stage.
type Stage string

// The stages, in the order they run.
const (
	StageDecoder  Stage = "decoder"
	StageProvider Stage = "provider"
	StageText     Stage = "text"
	StageVendor   Stage = "vendor"
	StageStatus   Stage = "status"
	StageNotice   Stage = "notice"
	StageCommand  Stage = "command"
	StageFallback Stage = "fallback"
)

// Verdict is the classification of one recipient fact.
type Verdict struct {
	Reason Reason
	Stage  Stage
	// Rule is the id of the rule that decided, e.g. "status/5.1.1",
	// "text/userunknown/no-such-user", "mimecast/emailtoolarge/554".
	Rule string
	// Status is the status the bounce gives, or, when it gives none,
	// Sisimai's pseudo code for the reason (5.0.9NN, 4.0.9NN).
	Status dsn.Status
	// ReplyCode is the SMTP reply code in the diagnostic text, 0 if none.
	ReplyCode int
	// HardBounce is true when the address will never work: userunknown,
	// hostunknown, hasmoved, and notaccept unless temporary.
	HardBounce bool
	// Provider names the provider whose table was consulted, "" if none.
	Provider string
}

// Input is what the stages see of one recipient.
type Input struct {
	Report    *dsn.Report
	Recipient *dsn.Recipient
	// Status is the effective status: the Status field, or the code found
	// in the diagnostic text when the field is missing or says no more
	// than its class.
	Status    dsn.Status
	ReplyCode int
	Command   string
	// Text is the diagnostic text (its first maxScanBytes) lower-cased
	// with white space folded.
	Text string
	// Provider is the provider the fact's hosts belong to, nil if none.
	Provider *Provider

	scan *scan // the diagnostic text read into words, and its matches
	// textRead is set once readText has settled the matches: best is the
	// deciding generic match, unknown and expiry the user-unknown and
	// expiry matches held back (indices in scan.matches), own the best
	// row of the report's decoder (index in tables.rows); -1 if none.
	// masked is set when the text held a mask (textChoice).
	// cause is the best expiry match with another reading (textChoice).
	textRead                     bool
	masked                       bool
	best, unknown, expiry, cause int
	own                          int32
}

// Temporary reports whether the failure is temporary: a 4.X.X status, a
// 4XX reply, or a delayed action.
func (in *Input) Temporary() bool {
	if in.Status.Class == 4 {
		return true
	}
	if in.Status.Class == 5 {
		return false
	}
	if in.ReplyCode >= 400 && in.ReplyCode < 500 {
		return true
	}
	return in.Recipient.Action == dsn.ActionDelayed
}

// Classify classifies every recipient of a report, in order.
func Classify(r *dsn.Report) []Verdict {
	if r == nil {
		return nil
	}
	out := make([]Verdict, len(r.Recipients))
	for i := range r.Recipients {
		out[i] = ClassifyRecipient(r, &r.Recipients[i])
	}
	return out
}

// ClassifyRecipient classifies one recipient of a report.
func ClassifyRecipient(r *dsn.Report, rc *dsn.Recipient) Verdict {
	in := newInput(r, rc)
	defer in.release()
	return in.verdict()
}

// verdict runs the stages, then the fallback, and fills the verdict.
func (in *Input) verdict() Verdict {
	v, ok := decide(in)
	if !ok {
		v = fallback(in)
	}
	return finish(in, v)
}

func newInput(r *dsn.Report, rc *dsn.Recipient) *Input {
	in := inputPool.Get().(*Input)
	*in = Input{Report: r, Recipient: rc, ReplyCode: rc.ReplyCode, Command: rc.Command, best: -1, unknown: -1, expiry: -1, cause: -1, own: -1}
	cut := cutUTF8(rc.DiagnosticCode, maxScanBytes)
	diag := legacyText(cut) // text in an undeclared single-byte charset, converted
	in.Text = foldText(diag)
	if words := withStatusComment(diag, in.Text, rc); words != "" {
		in.scan = getScan()
		in.scan.readParts(tables.index, words, len(diag))
	}
	in.Status = rc.Status
	// The code the remote host quoted in its reply is more specific than
	// the reporting MTA's summary in the Status field, when both are of
	// the same class (a Status of 5.1.0 with "550 5.2.2 mailbox full").
	// A failed recipient (Action: failed is final) whose Status field
	// says 4.X.X while the remote host answered 5.X.X was refused for good.
	found := rc.TextStatus() // found by dsn, read in the whole text
	if len(cut) < len(rc.DiagnosticCode) {
		found = dsn.FindStatus(diag) // the classifier reads the text's start only
	}
	if !found.IsZero() && found.Class != 2 {
		switch {
		case in.Status.IsZero():
			in.Status = found
		case found.Class == in.Status.Class && !found.Generic() && !coarserStatus(found, in.Status):
			in.Status = found
		case found.Class == 5 && in.Status.Class == 4 && rc.Action == dsn.ActionFailed:
			in.Status = found
		}
	}
	// With no code in the diagnostic, the one the recipient's part of the
	// notification quotes (Sendmail's transcript: "552 5.2.3 Message
	// exceeds maximum fixed size" under a Status of 5.0.0) is the remote
	// host's, more specific than a summary of the same class.
	if found.IsZero() && in.Status.Generic() && rc.Notice != "" {
		if n := dsn.FindStatus(cutUTF8(rc.Notice, maxScanBytes)); n.Class == in.Status.Class && !n.Generic() {
			in.Status = n
		}
	}
	if replyDigitsStatus(in.Status, in.ReplyCode, diag) {
		in.Status = dsn.Status{Class: in.Status.Class}
	}
	// A reply code whose class contradicts the status belongs to another
	// exchange than the one that failed.
	if in.ReplyCode != 0 && !in.Status.IsZero() && in.ReplyCode/100 != in.Status.Class && in.Status.Class != 2 && !replyCarriesStatus(diag, in.ReplyCode, in.Status) {
		in.ReplyCode = 0
	}
	in.Provider = identify(in)
	return in
}

// withStatusComment returns the text the phrases are read in: the
// diagnostic, and after it the comment the reporting MTA wrote beside the
// Status code ("Status: 5.2.1 (mailbox disabled, not accepting
// messages)"), its own words about the failure (RFC 5322 comments are
// allowed in the field), unless the diagnostic (folded: folded) already
// says it.
func withStatusComment(diag, folded string, rc *dsn.Recipient) string {
	c := statusComment(rc.Fields.Get("Status"))
	if c == "" || len(diag)+1+len(c) > maxScanBytes || strings.Contains(folded, foldText(c)) {
		return diag
	}
	if diag == "" {
		return c
	}
	return diag + "\n" + c
}

// statusComment returns the comment after the code in a Status field
// value, "" if none.
func statusComment(v string) string {
	i := strings.IndexByte(v, '(')
	if i < 0 {
		return ""
	}
	v = v[i+1:]
	if j := strings.LastIndexByte(v, ')'); j >= 0 {
		v = v[:j]
	}
	return strings.TrimSpace(v)
}

// release returns the input's pooled buffers.
func (in *Input) release() {
	putScan(in.scan)
	*in = Input{}
	inputPool.Put(in)
}

// inputPool holds the Inputs of recipients classified: an Input lives
// while its recipient is classified (or explained), and no longer.
var inputPool = sync.Pool{New: func() any { return new(Input) }}

// decide runs the stages before the fallback.
func decide(in *Input) (Verdict, bool) {
	for _, stage := range stages {
		if v, ok := stage(in); ok {
			if v.Stage != StageProvider && v.Stage != StageDecoder {
				v = temper(in, v)
			}
			return v, true
		}
	}
	return Verdict{}, false
}

// temper corrects a generic verdict by whether the failure is temporary:
// a domain that does not resolve now may resolve later, so a temporary
// "host not found" is a network error, not an unknown host (RFC 3463
// section 3.1: 4.X.X means the condition may pass).
func temper(in *Input, v Verdict) Verdict {
	if v.Reason == HostUnknown && in.Temporary() {
		v.Reason, v.Rule = NetworkError, v.Rule+"@temporary"
	}
	return v
}

// stages are the deciding stages in order (see the package doc).
var stages = []func(*Input) (Verdict, bool){
	decoderStage,
	vendorOverride,
	providerStage,
	evidenceStage,
	noticeStage,
	replyStage,
	expiryStage,
	xUnixStage,
	delayedStage,
	subjectStage,
}

// RuleReadReceipt is the rule of every fact of a read receipt (a message
// disposition notification, RFC 8098). Its reason is delivered, as for a
// delivery notice: the message reached its recipient, who opened it. The
// rule is what tells a read receipt from a delivery notice.
const RuleReadReceipt = "decoder/read-receipt"

// overridable are the reasons a status code names that a text naming
// another reason overrides: each is the catch-all of its subject, which
// receivers send for failures they do not tell apart (X.1.1 for any
// refused recipient, X.4.x for any failed route, X.3.x for any local
// fault, X.6.x for any refused content, spam included, X.7.x for any
// refusal on security grounds), so the words around the code say more.
// The other reasons a code names (X.2.2 mailbox full, X.3.4 too big,
// X.7.13 account disabled, ...) are as specific as any text and compete
// with it by textPriority.
var overridable = map[Reason]bool{
	UserUnknown: true, HostUnknown: true, NetworkError: true, Expired: true,
	SystemError: true, SecurityError: true, ContentError: true,
}

// endsRetrying are the reasons a status code names for a condition that
// is useful only as a persistent transient failure (RFC 3463: X.4.1,
// X.4.2, X.4.5, X.3.1, ...): words saying the queue time ran out tell
// that the MTA stopped retrying it, which is what expired means.
// hostunknown is among them: X.4.4 (unable to route) is registered for
// persistent transient failures too, and an MTA that says it retried
// until it gave up did not find the destination missing (a domain that
// does not exist is a permanent failure, answered at once): its X.1.2
// is the catch-all it wrote when the retries ran out (Haraka's outbound
// turns its 4.1.2 "Tried all MXs" into 5.1.2 then).
var endsRetrying = map[Reason]bool{NetworkError: true, SystemError: true, Expired: true, HostUnknown: true}

// evidenceStage weighs the text against the status code:
//
//  1. the text's reason (the decoder's own row, else the deciding
//     generic match) decides, unless the status code names a specific
//     reason (not overridable) of higher textPriority: a code and a text
//     are then two statements about the failure, and the more specific
//     reason wins, as among two texts;
//  2. with no text reason, the vendor's category, then a specific status
//     (unless it is an address status that confirms user-unknown words
//     the text held back: those words decide first);
//  3. then the user-unknown words held back (filtered, or userunknown
//     when an address status confirms them);
//  4. then the expiry words, over a status that names a transient
//     condition (with no status they wait for the reply code:
//     expiryStage);
//  5. then the status code's own reason.
func evidenceStage(in *Input) (Verdict, bool) {
	in.readText()
	var sr Reason
	if c := lookupStatus(in.Status); c != nil && !statusOutOfPlace(c.Reason, in.Command) {
		sr = c.Reason
	}
	specific := sr != "" && !overridable[sr]
	if v, ok := in.textVerdict(); ok {
		if specific && textPriorityOf(sr) < textPriorityOf(v.Reason) {
			return statusVerdict(in, sr), true
		}
		return v, true
	}
	if v, ok := vendorStage(in); ok {
		return v, true
	}
	if specific && addressConfirmsUnknown(in.Status) {
		// X.1.10 is registered for a null MX, but Exchange sends it
		// for a recipient its address lookup did not find: the words
		// tell the two apart (see addressConfirmsUnknown).
		if v, ok := in.heldUnknownVerdict(); ok {
			return v, true
		}
	}
	if specific {
		return statusVerdict(in, sr), true
	}
	if sr != UserUnknown {
		if v, ok := in.heldUnknownVerdict(); ok {
			return v, true
		}
	}
	if endsRetrying[sr] {
		if v, ok := in.expiryVerdict(); ok {
			return v, true
		}
	}
	if noAnswerPersisted(in) {
		return noAnswerVerdict(in), true
	}
	if sr != "" {
		return statusVerdict(in, sr), true
	}
	return Verdict{}, false
}

// statusOutOfPlace reports whether the status code's reason cannot be the
// answer to the command the remote host gave it to, as resolveText rules
// for a phrase: a reason about the recipient's mailbox or domain
// (recipientReasons) cannot answer a command given before RCPT, nor the
// sender's refusal (rejected) one given before MAIL. Receivers reuse codes
// loosely there: "550 5.1.2 Sender Domain Not Found" answers MAIL FROM
// (X.1.2 is registered for the destination's system), ASSP greets a
// blocked client with "554 5.7.2 Service denied" (X.7.2 is registered for
// mailing list expansion). Such a code says nothing of the failure; the
// text, the command and the code's subject speak instead.
func statusOutOfPlace(r Reason, command string) bool {
	if !beforeRCPT[command] {
		return false
	}
	// Before RCPT, and for the sender's refusal before MAIL itself.
	return recipientReasons[r] || r == Rejected && command != dsn.CommandMAIL
}

// noAnswerPersisted reports whether the report gives X.4.1, "no answer
// from host", as a transient status the MTA stopped retrying: RFC 3463
// says the code is useful only as a persistent transient error, so a
// 4.4.1 in a failed or delayed report means the host did not answer
// while the MTA retried, and the delivery time is what ran out (Sisimai
// reads 4.4.1 as expired likewise). A text that names the failure still
// decides ("No route to host" is a network error).
func noAnswerPersisted(in *Input) bool {
	st := in.Status
	return st.Class == 4 && st.Subject == 4 && st.Detail == 1
}

func noAnswerVerdict(in *Input) Verdict {
	return Verdict{Reason: Expired, Stage: StageStatus, Rule: "status/" + in.Status.String() + "@persisted"}
}

func decoderStage(in *Input) (Verdict, bool) {
	switch in.Report.Kind {
	case dsn.FeedbackReport:
		return Verdict{Reason: Feedback, Stage: StageDecoder, Rule: "decoder/feedback"}, true
	case dsn.AutoReply:
		return Verdict{Reason: Vacation, Stage: StageDecoder, Rule: "decoder/vacation"}, true
	case dsn.ReadReceipt:
		return Verdict{Reason: Delivered, Stage: StageDecoder, Rule: RuleReadReceipt}, true
	}
	if in.Recipient.Action == dsn.ActionDelivered || in.Recipient.Status.Class == 2 {
		return Verdict{Reason: Delivered, Stage: StageDecoder, Rule: "decoder/delivered"}, true
	}
	return Verdict{}, false
}

// expiryStage hears the words saying the queue time ran out when neither
// status nor reply code named a reason.
func expiryStage(in *Input) (Verdict, bool) { return in.expiryVerdict() }

// delayedStage: a delayed report that nothing before explained was
// delayed past the queue's patience. So was a failed recipient whose
// Status field keeps a transient class and whose words the text tables
// read as a deferral naming no failure (a mask: greylisting): a 4.X.X
// names a condition that may pass (RFC 3463 section 3.1), and a report
// that fails it says the MTA stopped retrying when its queue time ran
// out (Postfix's maximal_queue_lifetime, Sendmail's Timeout.queuereturn).
// Words that nothing recognised stay onhold (fallback), as Sisimai
// leaves a failed "450 4.0.0 Temporary failure".
func delayedStage(in *Input) (Verdict, bool) {
	switch {
	case in.Recipient.Action == dsn.ActionDelayed:
		return Verdict{Reason: Expired, Stage: StageFallback, Rule: "fallback/delayed"}, true
	case in.Recipient.Action == dsn.ActionFailed && in.Recipient.Status.Class == 4 && in.masked:
		return Verdict{Reason: Expired, Stage: StageFallback, Rule: "fallback/given-up"}, true
	}
	return Verdict{}, false
}

// fallback is the verdict when no stage decided: onhold when the bounce
// had text that nothing recognised, undefined when it had nothing.
func fallback(in *Input) Verdict {
	switch {
	case in.Text != "":
		return Verdict{Reason: OnHold, Stage: StageFallback, Rule: "fallback/undecided-text"}
	}
	return Verdict{Reason: Undefined, Stage: StageFallback, Rule: "fallback/nothing"}
}

// finish fills the verdict's derived fields: status, reply code, hard bounce.
func finish(in *Input, v Verdict) Verdict {
	v.ReplyCode = in.ReplyCode
	if in.Provider != nil {
		v.Provider = in.Provider.Name
	}
	switch v.Reason {
	case Feedback, Vacation:
		v.Status, v.ReplyCode = dsn.Status{}, 0
		return v
	}
	v.Status = reportedStatus(in)
	if v.Status.IsZero() || v.Status.Class == 2 && v.Reason != Delivered {
		v.Status = pseudoStatus(v.Reason, in.Temporary())
	}
	// A delay notice is never a hard bounce: the MTA is still trying, and
	// whatever the remote host said may change before it gives up.
	v.HardBounce = hardBounce(v.Reason, in.Temporary()) && in.Recipient.Action != dsn.ActionDelayed
	return v
}

// pseudoStatus returns Sisimai's pseudo status code for a reason.
func pseudoStatus(r Reason, temporary bool) dsn.Status {
	d, ok := pseudoDetail[r]
	if !ok {
		return dsn.Status{}
	}
	class := 5
	if temporary && r != UserUnknown && r != HostUnknown && r != HasMoved {
		class = 4
		if r == Filtered {
			d = 924
		}
	}
	return dsn.Status{Class: class, Subject: 0, Detail: d}
}

// foldText lower-cases s and folds runs of white space into one space,
// in one pass. The provider stage's code patterns and the text's host
// ("host mx.example.jp[...] said:") are read from it; phrases are matched
// on the text's words instead (words.go).
func foldText(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f':
				space = true
				i++
				continue
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func ruleID(parts ...any) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteByte('/')
		}
		fmt.Fprint(&b, p)
	}
	return b.String()
}
