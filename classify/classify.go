// Package classify decides why a bounce bounced: for each recipient fact
// that package dsn decodes, it names a Reason in Sisimai's vocabulary and
// the rule that decided it.
//
// The stages run in this order; the first that decides wins:
//
//  1. decoder: what the report's kind already says. A feedback report is
//     feedback, an auto-reply is vacation, a read receipt, a 2.X.X status
//     or Action: delivered is delivered. Nothing later overrides these.
//  2. provider: the receiving provider's own table (Mimecast, Cox, Google,
//     Microsoft, ...), for facts whose remote host, recipient domain or
//     reporting MTA belongs to a known provider. A provider's words mean
//     what its documentation says, which generic patterns get wrong.
//  3. text: patterns over the diagnostic text, per reason, in a
//     deliberate reason order (TextRules).
//  4. vendor: the category the sending MTA or service wrote into its
//     report (PowerMTA's X-PowerMTA-BounceCategory, Amazon SES's bounce
//     subtype; VendorCategoryTables).
//  5. status: the enhanced status code (RFC 3463), where its subject and
//     detail name one reason (StatusRules).
//  6. command: the SMTP reply code and the command the remote host
//     answered: a refusal at HELO is blocked, at MAIL FROM rejected, 556
//     notaccept, and so on; then the loose status codes X.7.0 and X.7.1
//     (LooseStatusRules), which receivers send for any refusal.
//  7. fallback: a delayed report is expired; text with no decision is
//     onhold; nothing at all is undefined.
//
// Corrections apply to the generic stages (text, status, command): a
// recipient refused in generic user-unknown words other than at RCPT, and
// without an X.1.1 status, is filtered (mailbox checks happen at RCPT;
// filters refusing a message reuse the words), or suspended when the
// status is X.2.1 ("mailbox disabled") and nothing says which command
// failed; an unknown host in a temporary failure is a network error.
//
// Text comes before the status code on purpose. Receivers choose codes
// loosely (5.7.1 for spam, blocks and policy alike; 5.1.1 for a rate limit;
// 5.2.1 for unknown, disabled and filtered mailboxes) but their words are
// specific, so a recognised text beats the code, and the code decides only
// when the text says nothing a rule knows. Text rules are written narrowly
// so that they do not fire on words that merely appear in a reply.
package classify

import (
	"fmt"
	"strings"

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
	// Text is the diagnostic text lower-cased with white space folded.
	Text string
	// Provider is the provider the fact's hosts belong to, nil if none.
	Provider *Provider
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
	v, ok := decide(in)
	if !ok {
		v = fallback(in)
	}
	return finish(in, v)
}

func newInput(r *dsn.Report, rc *dsn.Recipient) *Input {
	in := &Input{Report: r, Recipient: rc, ReplyCode: rc.ReplyCode, Command: rc.Command}
	in.Text = foldText(rc.DiagnosticCode)
	in.Status = rc.Status
	// The code the remote host quoted in its reply is more specific than
	// the reporting MTA's summary in the Status field, when both are of
	// the same class (a Status of 5.1.0 with "550 5.2.2 mailbox full").
	// A failed recipient (Action: failed is final) whose Status field
	// says 4.X.X while the remote host answered 5.X.X was refused for good.
	if found := dsn.FindStatus(rc.DiagnosticCode); !found.IsZero() && found.Class != 2 {
		switch {
		case in.Status.IsZero(), found.Class == in.Status.Class && !found.Generic():
			in.Status = found
		case found.Class == 5 && in.Status.Class == 4 && rc.Action == dsn.ActionFailed:
			in.Status = found
		}
	}
	// A reply code whose class contradicts the status belongs to another
	// exchange than the one that failed.
	if in.ReplyCode != 0 && !in.Status.IsZero() && in.ReplyCode/100 != in.Status.Class && in.Status.Class != 2 {
		in.ReplyCode = 0
	}
	in.Provider = identify(in)
	return in
}

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
// "host not found" is a network error, not an unknown host.
func temper(in *Input, v Verdict) Verdict {
	if v.Reason == HostUnknown && in.Temporary() {
		v.Reason, v.Rule = NetworkError, v.Rule+"@temporary"
	}
	return v
}

// stages are the deciding stages in order (see the package doc).
var stages = []func(*Input) (Verdict, bool){
	decoderStage,
	providerStage,
	textStage,
	vendorStage,
	statusStage,
	commandStage,
	looseStatusStage,
}

// RuleReadReceipt is the rule of every fact of a read receipt (a message
// disposition notification, RFC 8098). Its reason is delivered, as for a
// delivery notice: the message reached its recipient, who opened it. The
// rule is what tells a read receipt from a delivery notice.
const RuleReadReceipt = "decoder/read-receipt"

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

func fallback(in *Input) Verdict {
	switch {
	case in.Recipient.Action == dsn.ActionDelayed:
		return Verdict{Reason: Expired, Stage: StageFallback, Rule: "fallback/delayed"}
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
	v.Status = in.Status
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

// foldText lower-cases s, folds runs of white space into one space and
// drops the reply-code prefixes of a multi-line reply's continuation lines
// ("550-5.7.1 ... 550-5.7.1 ..."), so that phrases split across lines match.
func foldText(s string) string {
	if s == "" {
		return ""
	}
	words := strings.Fields(strings.ToLower(s))
	var b strings.Builder
	b.Grow(len(s))
	skipStatus := false
	for i, w := range words {
		if skipStatus {
			skipStatus = false
			if st, err := dsn.ParseStatus(w); err == nil && !st.IsZero() {
				continue
			}
		}
		if i > 0 && isReplyPrefix(w, words, i) && repeatsCode(w[:3], words[:i]) {
			skipStatus = !strings.Contains(w, "-")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

// isReplyPrefix reports whether words[i] is the reply code (or the code
// and status) that starts a continuation line of a multi-line SMTP reply:
// "550-5.7.1", "550-", or "550" followed by a status code.
func isReplyPrefix(w string, words []string, i int) bool {
	if len(w) < 3 || !isDigits(w[:3]) || w[0] != '4' && w[0] != '5' && w[0] != '2' {
		return false
	}
	rest := w[3:]
	switch {
	case rest == "-":
		return true
	case rest == "":
		// "550 5.7.1" in mid-text: the code goes here, the status below.
		return i+1 < len(words) && !dsn.FindStatus(words[i+1]).IsZero()
	case rest[0] == '-':
		st, err := dsn.ParseStatus(rest[1:])
		return err == nil && !st.IsZero()
	}
	return false
}

// repeatsCode reports whether one of words starts with the reply code.
func repeatsCode(code string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(w, code) {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
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
