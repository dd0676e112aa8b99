package classify

import (
	"strconv"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// StatusRule maps an enhanced status code to a reason. Class 0 matches
// both 4 and 5; Detail -1 matches any detail of the subject.
type StatusRule struct {
	Class, Subject, Detail int
	Reason                 Reason
	Source                 string
}

// StatusRules is the status stage's table, most specific first. Codes that
// say no more than a class of problem (X.0.0, X.5.0, ...) are absent on
// purpose: they decide nothing, and later stages do. X.7.0 and X.7.1 are
// loose (receivers send them for spam, blocks and policy alike) and only
// decide when no text rule did.
var StatusRules = []StatusRule{
	{0, 1, 0, UserUnknown, "RFC 3463 X.1.0 other address status: in practice an unknown recipient"},
	{0, 1, 1, UserUnknown, "RFC 3463 X.1.1 bad destination mailbox address"},
	{0, 1, 2, HostUnknown, "RFC 3463 X.1.2 bad destination system address"},
	{0, 1, 3, UserUnknown, "RFC 3463 X.1.3 bad destination mailbox address syntax"},
	{0, 1, 4, UserUnknown, "RFC 3463 X.1.4 destination mailbox address ambiguous"},
	{0, 1, 5, UserUnknown, "RFC 3463 X.1.5 destination mailbox address valid (used for refusals)"},
	{0, 1, 6, HasMoved, "RFC 3463 X.1.6 destination mailbox has moved, no forwarding address"},
	{0, 1, 7, Rejected, "RFC 3463 X.1.7 bad sender's mailbox address syntax"},
	{0, 1, 8, Rejected, "RFC 3463 X.1.8 bad sender's system address"},
	{0, 1, 9, UserUnknown, "RFC 3886 X.1.9 message relayed to non-compliant mailer"},
	{0, 1, 10, NotAccept, "RFC 7505 X.1.10 recipient address has null MX"},
	{0, 2, 0, Filtered, "RFC 3463 X.2.0 other or undefined mailbox status"},
	{0, 2, 1, Filtered, "RFC 3463 X.2.1 mailbox disabled, not accepting messages"},
	{0, 2, 2, MailboxFull, "RFC 3463 X.2.2 mailbox full"},
	{0, 2, 3, EmailTooLarge, "RFC 3463 X.2.3 message length exceeds administrative limit"},
	{0, 2, 4, SystemError, "RFC 3463 X.2.4 mailing list expansion problem"},
	{0, 3, 1, SystemFull, "RFC 3463 X.3.1 mail system full"},
	{0, 3, 2, NotAccept, "RFC 3463 X.3.2 system not accepting network messages"},
	{0, 3, 3, SystemError, "RFC 3463 X.3.3 system not capable of selected features"},
	{0, 3, 4, EmailTooLarge, "RFC 3463 X.3.4 message too big for system"},
	{0, 3, 5, SystemError, "RFC 3463 X.3.5 system incorrectly configured"},
	{0, 4, 1, NetworkError, "RFC 3463 X.4.1 no answer from host"},
	{0, 4, 2, NetworkError, "RFC 3463 X.4.2 bad connection"},
	{0, 4, 3, SystemError, "RFC 3463 X.4.3 directory server failure"},
	{0, 4, 4, HostUnknown, "RFC 3463 X.4.4 unable to route"},
	{0, 4, 5, SystemFull, "RFC 3463 X.4.5 mail system congestion"},
	{0, 4, 6, NetworkError, "RFC 3463 X.4.6 routing loop detected"},
	{0, 4, 7, Expired, "RFC 3463 X.4.7 delivery time expired"},
	{0, 5, 1, SyntaxError, "RFC 3463 X.5.1 invalid command"},
	{0, 5, 2, SyntaxError, "RFC 3463 X.5.2 syntax error"},
	{0, 5, 3, RateLimited, "RFC 3463 X.5.3 too many recipients"},
	{0, 5, 4, SyntaxError, "RFC 3463 X.5.4 invalid command arguments"},
	{0, 5, 5, SyntaxError, "RFC 3463 X.5.5 wrong protocol version"},
	{0, 5, 6, SyntaxError, "RFC 4954 X.5.6 authentication exchange line too long"},
	{0, 6, -1, ContentError, "RFC 3463 X.6.X media and content errors"},
	{0, 7, 2, SystemError, "RFC 3463 X.7.2 mailing list expansion prohibited"},
	{0, 7, 3, SecurityError, "RFC 3463 X.7.3 security conversion required but not possible"},
	{0, 7, 4, SecurityError, "RFC 3463 X.7.4 security features not supported"},
	{0, 7, 5, SecurityError, "RFC 3463 X.7.5 cryptographic failure"},
	{0, 7, 6, SecurityError, "RFC 3463 X.7.6 cryptographic algorithm not supported"},
	{0, 7, 7, SecurityError, "RFC 3463 X.7.7 message integrity failure"},
	{0, 7, 8, SecurityError, "RFC 4954 X.7.8 authentication credentials invalid"},
	{0, 7, 9, SecurityError, "RFC 4954 X.7.9 authentication mechanism is too weak"},
	{0, 7, 10, FailedSTARTTLS, "RFC 5248 X.7.10 encryption needed"},
	{0, 7, 11, FailedSTARTTLS, "RFC 4954 X.7.11 encryption required for requested authentication mechanism"},
	{0, 7, 12, SecurityError, "RFC 4954 X.7.12 a password transition is needed"},
	{0, 7, 13, Suspend, "RFC 5248 X.7.13 user account disabled"},
	{0, 7, 14, SecurityError, "RFC 5248 X.7.14 trust relationship required"},
	{0, 7, 15, PolicyViolation, "RFC 6710 X.7.15 priority level is unacceptable"},
	{0, 7, 16, EmailTooLarge, "RFC 6710 X.7.16 message is too big for the specified priority"},
	{0, 7, 17, HasMoved, "RFC 7293 X.7.17 mailbox owner has changed"},
	{0, 7, 18, HasMoved, "RFC 7293 X.7.18 domain owner has changed"},
	{0, 7, 19, SecurityError, "RFC 7293 X.7.19 RRVS test cannot be completed"},
	{0, 7, 20, AuthFailure, "RFC 7372 X.7.20 no passing DKIM signature found"},
	{0, 7, 21, AuthFailure, "RFC 7372 X.7.21 no acceptable DKIM signature found"},
	{0, 7, 22, AuthFailure, "RFC 7372 X.7.22 no valid author-matched DKIM signature found"},
	{0, 7, 23, AuthFailure, "RFC 7372 X.7.23 SPF validation failed"},
	{0, 7, 24, AuthFailure, "RFC 7372 X.7.24 SPF validation error"},
	{0, 7, 25, RequirePTR, "RFC 7372 X.7.25 reverse DNS validation failed"},
	{0, 7, 26, AuthFailure, "RFC 7372 X.7.26 multiple authentication checks failed"},
	{0, 7, 27, NotAccept, "RFC 7505 X.7.27 sender address has null MX"},
	{0, 7, 28, RateLimited, "RFC 8689 X.7.28 mail flood detected"},
	{0, 7, 29, AuthFailure, "RFC 8617 X.7.29 ARC validation failure"},
	{0, 7, 30, FailedSTARTTLS, "RFC 8689 X.7.30 REQUIRETLS support required"},
}

// LooseStatusRules map the codes receivers send for many kinds of refusal
// (spam, blocks and policy alike). They decide only after the command
// stage: a 5.7.1 refusal of MAIL FROM is a rejected sender, not a
// security error.
var LooseStatusRules = []StatusRule{
	{0, 7, 0, SecurityError, "RFC 3463 X.7.0 other or undefined security status"},
	{0, 7, 1, SecurityError, "RFC 3463 X.7.1 delivery not authorized, message refused"},
}

// statusRule returns the first rule of rules matching st, or nil.
func statusRule(rules []StatusRule, st dsn.Status) *StatusRule {
	for i := range rules {
		r := &rules[i]
		if (r.Class == 0 || r.Class == st.Class) && r.Subject == st.Subject && (r.Detail == -1 || r.Detail == st.Detail) {
			return r
		}
	}
	return nil
}

func statusStage(in *Input) (Verdict, bool) { return statusTable(in, StatusRules) }

func looseStatusStage(in *Input) (Verdict, bool) { return statusTable(in, LooseStatusRules) }

func statusTable(in *Input, rules []StatusRule) (Verdict, bool) {
	st := in.Status
	if st.Class != 4 && st.Class != 5 {
		return Verdict{}, false
	}
	r := statusRule(rules, st)
	if r == nil {
		return Verdict{}, false
	}
	return Verdict{Reason: r.Reason, Stage: StageStatus, Rule: "status/" + st.String()}, true
}

// commandStage decides from the reply code and the SMTP command the remote
// host refused, when neither text nor status did.
func commandStage(in *Input) (Verdict, bool) {
	id := func(what string) string { return "command/" + what }
	switch {
	case in.ReplyCode == 556:
		return Verdict{Reason: NotAccept, Stage: StageCommand, Rule: id("556")}, true
	case in.Command == dsn.CommandHELO || in.Command == dsn.CommandEHLO || in.Command == dsn.CommandCONN:
		return Verdict{Reason: Blocked, Stage: StageCommand, Rule: id(in.Command)}, true
	case in.Command == dsn.CommandSTARTTLS:
		return Verdict{Reason: FailedSTARTTLS, Stage: StageCommand, Rule: id(in.Command)}, true
	case in.Command == dsn.CommandMAIL && in.ReplyCode >= 500:
		return Verdict{Reason: Rejected, Stage: StageCommand, Rule: id("MAIL")}, true
	case in.Command == dsn.CommandRCPT && (in.ReplyCode == 550 || in.ReplyCode == 553 || in.ReplyCode == 551):
		return Verdict{Reason: UserUnknown, Stage: StageCommand, Rule: id("RCPT/" + strconv.Itoa(in.ReplyCode))}, true
	case in.ReplyCode == 552 && in.Command == dsn.CommandDATA:
		return Verdict{Reason: EmailTooLarge, Stage: StageCommand, Rule: id("DATA/552")}, true
	case in.ReplyCode == 421:
		return Verdict{Reason: Blocked, Stage: StageCommand, Rule: id("421")}, true
	case in.ReplyCode == 503:
		return Verdict{Reason: SyntaxError, Stage: StageCommand, Rule: id("503")}, true
	}
	return Verdict{}, false
}
