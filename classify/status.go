package classify

import (
	"strconv"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// statusCode is one code of the IANA SMTP Enhanced Status Codes registry
// (https://www.iana.org/assignments/smtp-enhanced-status-codes), for
// classes 4 and 5: its registered meaning, and the reason where the
// meaning names one. A code whose meaning names none ("other or
// undefined", "delivery not authorized") has no reason: the reply code,
// the command and at the very last the code's subject decide.
type statusCode struct {
	Subject, Detail int
	Meaning         string
	Reason          Reason // "" where the meaning names no reason
	Source          string
}

const srcIANA = "https://www.iana.org/assignments/smtp-enhanced-status-codes"

// statusCodes is the registry, in its order. Choices worth a word:
//
//   - X.2.1 "mailbox disabled, not accepting messages": the mailbox exists
//     and its owner's side refuses; Sisimai::Reason (seed 002) reads it
//     as filtered, the refusal of the recipient's own side, and so do we.
//     An account the provider suspended says so in words (suspend rows)
//     or with X.7.13. (The first engine turned generic user-unknown words
//     with X.2.1 and no command into suspend; now the words are held back
//     and X.2.1 speaks for itself, as RFC 3463 defines it.)
//   - X.4.3 "directory server failure": a directory the receiver relies
//     on (DNS, LDAP) failed: the receiver's system error.
//   - X.4.4 "unable to route": RFC 3463's example is a domain with no
//     mail routing data in the DNS: hostunknown.
//   - X.7.2 "mailing list expansion prohibited": the sender may not send
//     to the list, so the sender was refused: rejected.
//   - X.7.17, X.7.18 (RFC 7293): the mailbox or domain the sender knew
//     has a new owner: the address has moved away from its owner.
//   - X.7.27 "sender address has null MX" (RFC 7505 section 4.2): the
//     sender's domain accepts no mail, so the sender is refused:
//     rejected, not notaccept (which is about the destination).
var statusCodes = []statusCode{
	{0, 0, "other undefined status", "", "RFC 3463 section 3.1"},
	{1, 0, "other address status", "", "RFC 3463 section 3.2"},
	{1, 1, "bad destination mailbox address", UserUnknown, "RFC 3463 section 3.2"},
	{1, 2, "bad destination system address", HostUnknown, "RFC 3463 section 3.2"},
	{1, 3, "bad destination mailbox address syntax", UserUnknown, "RFC 3463 section 3.2"},
	{1, 4, "destination mailbox address ambiguous", "", "RFC 3463 section 3.2"},
	{1, 5, "destination address valid", "", "RFC 3463 section 3.2"},
	{1, 6, "destination mailbox has moved, no forwarding address", HasMoved, "RFC 3463 section 3.2"},
	{1, 7, "bad sender's mailbox address syntax", Rejected, "RFC 3463 section 3.2"},
	{1, 8, "bad sender's system address", Rejected, "RFC 3463 section 3.2"},
	{1, 9, "message relayed to non-compliant mailer", "", "RFC 3886 section 3.3.1"},
	{1, 10, "recipient address has null MX", NotAccept, "RFC 7505 section 4.2"},
	{2, 0, "other or undefined mailbox status", "", "RFC 3463 section 3.3"},
	{2, 1, "mailbox disabled, not accepting messages", Filtered, "RFC 3463 section 3.3"},
	{2, 2, "mailbox full", MailboxFull, "RFC 3463 section 3.3"},
	{2, 3, "message length exceeds administrative limit", EmailTooLarge, "RFC 3463 section 3.3"},
	{2, 4, "mailing list expansion problem", "", "RFC 3463 section 3.3"},
	{3, 0, "other or undefined mail system status", "", "RFC 3463 section 3.4"},
	{3, 1, "mail system full", SystemFull, "RFC 3463 section 3.4"},
	{3, 2, "system not accepting network messages", NotAccept, "RFC 3463 section 3.4"},
	{3, 3, "system not capable of selected features", "", "RFC 3463 section 3.4"},
	{3, 4, "message too big for system", EmailTooLarge, "RFC 3463 section 3.4"},
	{3, 5, "system incorrectly configured", SystemError, "RFC 3463 section 3.4"},
	{3, 6, "requested priority was changed", "", "RFC 6710 section 8"},
	{4, 0, "other or undefined network or routing status", "", "RFC 3463 section 3.5"},
	{4, 1, "no answer from host", NetworkError, "RFC 3463 section 3.5"},
	{4, 2, "bad connection", NetworkError, "RFC 3463 section 3.5"},
	{4, 3, "directory server failure", SystemError, "RFC 3463 section 3.5"},
	{4, 4, "unable to route", HostUnknown, "RFC 3463 section 3.5"},
	{4, 5, "mail system congestion", "", "RFC 3463 section 3.5"},
	{4, 6, "routing loop detected", NetworkError, "RFC 3463 section 3.5"},
	{4, 7, "delivery time expired", Expired, "RFC 3463 section 3.5"},
	{5, 0, "other or undefined protocol status", "", "RFC 3463 section 3.6"},
	{5, 1, "invalid command", SyntaxError, "RFC 3463 section 3.6"},
	{5, 2, "syntax error", SyntaxError, "RFC 3463 section 3.6"},
	{5, 3, "too many recipients", RateLimited, "RFC 3463 section 3.6"},
	{5, 4, "invalid command arguments", SyntaxError, "RFC 3463 section 3.6"},
	{5, 5, "wrong protocol version", SyntaxError, "RFC 3463 section 3.6"},
	{5, 6, "authentication exchange line is too long", SyntaxError, "RFC 4954 section 6"},
	{6, 0, "other or undefined media error", ContentError, "RFC 3463 section 3.7"},
	{6, 1, "media not supported", ContentError, "RFC 3463 section 3.7"},
	{6, 2, "conversion required and prohibited", ContentError, "RFC 3463 section 3.7"},
	{6, 3, "conversion required but not supported", ContentError, "RFC 3463 section 3.7"},
	{6, 4, "conversion with loss performed", "", "RFC 3463 section 3.7"},
	{6, 5, "conversion failed", ContentError, "RFC 3463 section 3.7"},
	{6, 6, "message content not available", "", "RFC 4468 section 7"},
	{6, 7, "non-ASCII addresses not permitted for that sender/recipient", ContentError, "RFC 6531 section 3.7.4.2"},
	{6, 8, "UTF-8 string reply is required, but not permitted by the SMTP client", ContentError, "RFC 6531 section 3.7.4.2"},
	{6, 9, "UTF-8 header message cannot be transferred to one or more recipients", ContentError, "RFC 6531 section 3.7.4.2"},
	{7, 0, "other or undefined security status", "", "RFC 3463 section 3.8"},
	{7, 1, "delivery not authorized, message refused", "", "RFC 3463 section 3.8"},
	{7, 2, "mailing list expansion prohibited", Rejected, "RFC 3463 section 3.8"},
	{7, 3, "security conversion required but not possible", SecurityError, "RFC 3463 section 3.8"},
	{7, 4, "security features not supported", SecurityError, "RFC 3463 section 3.8"},
	{7, 5, "cryptographic failure", SecurityError, "RFC 3463 section 3.8"},
	{7, 6, "cryptographic algorithm not supported", SecurityError, "RFC 3463 section 3.8"},
	{7, 7, "message integrity failure", SecurityError, "RFC 3463 section 3.8"},
	{7, 8, "authentication credentials invalid", SecurityError, "RFC 4954 section 6"},
	{7, 9, "authentication mechanism is too weak", SecurityError, "RFC 4954 section 6"},
	{7, 10, "encryption needed", FailedSTARTTLS, "RFC 5248 section 2.4"},
	{7, 11, "encryption required for requested authentication mechanism", FailedSTARTTLS, "RFC 4954 section 6"},
	{7, 12, "a password transition is needed", SecurityError, "RFC 4954 section 6"},
	{7, 13, "user account disabled", Suspend, "RFC 5248 section 2.4"},
	{7, 14, "trust relationship required", SecurityError, "RFC 5248 section 2.4"},
	{7, 15, "priority level is too low", "", "RFC 6710 section 8"},
	{7, 16, "message is too big for the specified priority", EmailTooLarge, "RFC 6710 section 8"},
	{7, 17, "mailbox owner has changed", HasMoved, "RFC 7293 section 10.2"},
	{7, 18, "domain owner has changed", HasMoved, "RFC 7293 section 10.2"},
	{7, 19, "RRVS test cannot be completed", "", "RFC 7293 section 10.2"},
	{7, 20, "no passing DKIM signature found", AuthFailure, "RFC 7372 section 3.1"},
	{7, 21, "no acceptable DKIM signature found", AuthFailure, "RFC 7372 section 3.1"},
	{7, 22, "no valid author-matched DKIM signature found", AuthFailure, "RFC 7372 section 3.1"},
	{7, 23, "SPF validation failed", AuthFailure, "RFC 7372 section 3.2"},
	{7, 24, "SPF validation error", AuthFailure, "RFC 7372 section 3.2"},
	{7, 25, "reverse DNS validation failed", RequirePTR, "RFC 7372 section 3.3"},
	{7, 26, "multiple authentication checks failed", AuthFailure, "RFC 7372 section 3.4"},
	{7, 27, "sender address has null MX", Rejected, "RFC 7505 section 4.2"},
	{7, 28, "mail flood detected", RateLimited, srcIANA},
	{7, 29, "ARC validation failure", AuthFailure, "RFC 8617 section 7.2.2"},
	{7, 30, "REQUIRETLS support required", FailedSTARTTLS, "RFC 8689 section 5"},
}

// statusSubject is the last resort: what a code's subject alone says, when
// nothing else in the bounce spoke (RFC 3463 section 3.1 defines the
// subjects). Addressing (X.1) covers both sender and recipient and the
// protocol subject (X.5) both implementation errors and unreliable
// connections, so they name no reason; "other" (X.0) names none.
type statusSubject struct {
	Subject int
	Meaning string
	Reason  Reason
	Source  string
}

var statusSubjects = []statusSubject{
	{2, "mailbox status: under the general control of the recipient", Filtered, "RFC 3463 section 3.3"},
	{3, "mail system status: under the general control of the destination's administrator", SystemError, "RFC 3463 section 3.4"},
	{4, "network and routing status", NetworkError, "RFC 3463 section 3.5"},
	{6, "message content or media status", ContentError, "RFC 3463 section 3.7"},
	{7, "security or policy status", SecurityError, "RFC 3463 section 3.8"},
}

// statusIndex maps subject*1000+detail to statusCodes' index.
var statusIndex = func() map[int]int {
	m := make(map[int]int, len(statusCodes))
	for i, c := range statusCodes {
		m[c.Subject*1000+c.Detail] = i
	}
	return m
}()

// lookupStatus returns the registry row of st; for a code the registry
// does not have, the row of the vendor that assigns it
// (vendorStatusCodes); nil if neither knows it.
func lookupStatus(st dsn.Status) *statusCode {
	if st.Class != 4 && st.Class != 5 {
		return nil
	}
	if i, ok := statusIndex[st.Subject*1000+st.Detail]; ok {
		return &statusCodes[i]
	}
	return lookupVendorStatus(st)
}

// statusVerdict is the verdict of the status code's registered reason r.
func statusVerdict(in *Input, r Reason) Verdict {
	return Verdict{Reason: r, Stage: StageStatus, Rule: "status/" + in.Status.String()}
}

// statusReadings are the codes whose registered meaning names no reason
// and whose subject names none either (addressing, X.1, covers the
// sender's address and the recipient's), but which the vocabulary's owner
// reads as one: the last resort for them, as the subject's row is for the
// other codes. Without them a bare "550 5.1.0 <addr>... Rejected" stays
// onhold where Sisimai says userunknown. Class 0 is either class.
var statusReadings = []struct {
	Class, Detail int
	subject       statusSubject
}{
	{5, 0, statusSubject{1, "other address status (Sisimai: the recipient's address)", UserUnknown, srcSisimaiStatus}},
	{5, 4, statusSubject{1, "destination mailbox address ambiguous (Sisimai: filtered)", Filtered, srcSisimaiStatus}},
	{0, 9, statusSubject{1, "message relayed to non-compliant mailer (Sisimai: a system error)", SystemError, srcSisimaiStatus}},
}

// srcSisimaiStatus is Sisimai's reading of status codes.
const srcSisimaiStatus = "sisimai/go-sisimai:smtp/status/lib.go@02714b7712e97580097338c68384eea22c9f158f (Name)"

// subjectRow returns the subject row of st, nil if its subject names none:
// the code's own row of statusReadings first (own reports which).
func subjectRow(st dsn.Status) (row *statusSubject, own bool) {
	if st.Class != 4 && st.Class != 5 {
		return nil, false
	}
	for i := range statusReadings {
		r := &statusReadings[i]
		if (r.Class == 0 || r.Class == st.Class) && r.subject.Subject == st.Subject && r.Detail == st.Detail {
			return &r.subject, true
		}
	}
	for i := range statusSubjects {
		if statusSubjects[i].Subject == st.Subject {
			return &statusSubjects[i], false
		}
	}
	return nil, false
}

func subjectStage(in *Input) (Verdict, bool) {
	s, own := subjectRow(in.Status)
	if s == nil {
		return Verdict{}, false
	}
	if own {
		return Verdict{Reason: s.Reason, Stage: StageStatus, Rule: "status/" + in.Status.String() + "@sisimai"}, true
	}
	return Verdict{Reason: s.Reason, Stage: StageStatus, Rule: "status/" + strconv.Itoa(in.Status.Class) + "." + strconv.Itoa(s.Subject) + ".x"}, true
}

// replyRow is one row of the reply-code stage: a reply code (RFC 5321
// section 4.2.3 and later RFCs), a command, or both, and the reason where
// their meaning names one.
type replyRow struct {
	Code    int    // the reply code, 0 for any
	Command string // the SMTP command answered, "" for any
	MinCode int    // with Code 0: the least reply code (500: permanent refusals)
	Meaning string
	Reason  Reason // "" where the meaning names no reason
	Source  string
}

const (
	srcRFC5321Codes = "RFC 5321 section 4.2.3"
	srcRFC4954Codes = "RFC 4954 section 6"
)

// replyRows are tried in order, the first match deciding; the order goes
// from a code said to a command, to a command, to a code alone, because a
// code's meaning depends on what it answered. The rows without a reason
// are there to say so (--explain shows them).
//
//   - A refusal at the greeting or at HELO/EHLO is about the connecting
//     client (its address, name or HELO argument): blocked (seed 002's
//     example of blocked is a 501 at HELO). At STARTTLS it is TLS.
//   - A permanent refusal of MAIL FROM is a refusal of the sender.
//   - 550 and 553 at RCPT are the answers to "does this mailbox exist"
//     (RFC 5321 section 3.3: "mailbox unavailable", "mailbox name not
//     allowed"), unless the status code puts the refusal under another
//     subject than addressing (X.2 mailbox, X.7 security or policy, ...):
//     RFC 5321 says 550 also answers a command "rejected for policy
//     reasons", and the status says which it was.
//   - 452 at RCPT is the answer RFC 5321 section 4.5.3.1.10 requires for
//     too many recipients; 552 at RCPT its old form.
//   - 552 at MAIL FROM (with SIZE) or after DATA is the size limit of the
//     SIZE extension (RFC 1870 section 6); elsewhere it keeps RFC 5321's
//     "exceeded storage allocation", a full mailbox.
var replyRows = []replyRow{
	{Code: 452, Command: dsn.CommandRCPT, Meaning: "too many recipients", Reason: RateLimited, Source: "RFC 5321 section 4.5.3.1.10"},
	{Code: 552, Command: dsn.CommandRCPT, Meaning: "too many recipients (the old reply)", Reason: RateLimited, Source: "RFC 5321 section 4.5.3.1.10"},
	{Code: 552, Command: dsn.CommandMAIL, Meaning: "message size exceeds fixed maximum message size", Reason: EmailTooLarge, Source: "RFC 1870 section 6"},
	{Code: 552, Command: dsn.CommandDATA, Meaning: "message size exceeds fixed maximum message size", Reason: EmailTooLarge, Source: "RFC 1870 section 6"},
	{Code: 550, Command: dsn.CommandRCPT, Meaning: "mailbox unavailable (not found, no access)", Reason: UserUnknown, Source: "RFC 5321 section 3.3"},
	{Code: 553, Command: dsn.CommandRCPT, Meaning: "mailbox name not allowed", Reason: UserUnknown, Source: "RFC 5321 section 3.3"},
	{Command: dsn.CommandCONN, Meaning: "refused at the greeting: the client's address", Reason: Blocked, Source: "RFC 5321 section 3.1"},
	{Command: dsn.CommandHELO, Meaning: "refused at HELO: the client's name", Reason: Blocked, Source: "RFC 5321 section 4.1.1.1"},
	{Command: dsn.CommandEHLO, Meaning: "refused at EHLO: the client's name", Reason: Blocked, Source: "RFC 5321 section 4.1.1.1"},
	{Command: dsn.CommandSTARTTLS, Meaning: "refused at STARTTLS", Reason: FailedSTARTTLS, Source: "RFC 3207 section 4"},
	{Command: dsn.CommandMAIL, MinCode: 500, Meaning: "the reverse-path (sender) refused", Reason: Rejected, Source: "RFC 5321 section 4.1.1.2"},
	{Code: 421, Meaning: "service not available, closing transmission channel", Source: srcRFC5321Codes},
	{Code: 450, Meaning: "requested mail action not taken: mailbox unavailable", Source: srcRFC5321Codes},
	{Code: 451, Meaning: "requested action aborted: local error in processing", Reason: SystemError, Source: srcRFC5321Codes},
	{Code: 452, Meaning: "requested action not taken: insufficient system storage", Reason: SystemFull, Source: srcRFC5321Codes},
	{Code: 455, Meaning: "server unable to accommodate parameters", Source: srcRFC5321Codes},
	{Code: 500, Meaning: "syntax error, command unrecognized", Reason: SyntaxError, Source: srcRFC5321Codes},
	{Code: 501, Meaning: "syntax error in parameters or arguments", Reason: SyntaxError, Source: srcRFC5321Codes},
	{Code: 502, Meaning: "command not implemented", Reason: SyntaxError, Source: srcRFC5321Codes},
	{Code: 503, Meaning: "bad sequence of commands", Reason: SyntaxError, Source: srcRFC5321Codes},
	{Code: 504, Meaning: "command parameter not implemented", Reason: SyntaxError, Source: srcRFC5321Codes},
	{Code: 521, Meaning: "host does not accept mail", Reason: NotAccept, Source: "RFC 7504 section 3"},
	{Code: 530, Meaning: "authentication required", Reason: SecurityError, Source: srcRFC4954Codes},
	{Code: 534, Meaning: "authentication mechanism is too weak", Reason: SecurityError, Source: srcRFC4954Codes},
	{Code: 535, Meaning: "authentication credentials invalid", Reason: SecurityError, Source: srcRFC4954Codes},
	{Code: 538, Meaning: "encryption required for requested authentication mechanism", Reason: FailedSTARTTLS, Source: srcRFC4954Codes},
	{Code: 550, Meaning: "requested action not taken: mailbox unavailable (not found, no access, or refused by policy)", Source: srcRFC5321Codes},
	{Code: 551, Meaning: "user not local; please try <forward-path>", Reason: HasMoved, Source: srcRFC5321Codes},
	{Code: 552, Meaning: "requested mail action aborted: exceeded storage allocation", Reason: MailboxFull, Source: srcRFC5321Codes},
	{Code: 553, Meaning: "requested action not taken: mailbox name not allowed", Reason: UserUnknown, Source: srcRFC5321Codes},
	{Code: 554, Meaning: "transaction failed (at the greeting: no SMTP service here)", Source: srcRFC5321Codes},
	{Code: 555, Meaning: "MAIL FROM/RCPT TO parameters not recognized or not implemented", Reason: SyntaxError, Source: srcRFC5321Codes},
	{Code: 556, Meaning: "domain does not accept mail", Reason: NotAccept, Source: "RFC 7504 section 3"},
}

// replyRowFor returns the first reply row matching the fact, -1 if none.
func replyRowFor(code int, command string) int {
	for i := range replyRows {
		r := &replyRows[i]
		if r.Code != 0 && r.Code != code || r.Command != "" && r.Command != command {
			continue
		}
		if r.Code == 0 && r.MinCode != 0 && code < r.MinCode {
			continue
		}
		return i
	}
	return -1
}

// replyRuleID is row i's rule id: reply/550, command/HELO, command/RCPT/452.
func replyRuleID(i int) string {
	r := &replyRows[i]
	switch {
	case r.Command != "" && r.Code != 0:
		return "command/" + r.Command + "/" + strconv.Itoa(r.Code)
	case r.Command != "":
		return "command/" + r.Command
	}
	return "reply/" + strconv.Itoa(r.Code)
}

// replyStage decides from the reply code and the command the remote host
// answered, when neither text nor status code did.
//
// A transient reply whose words the text tables read as a mask (a
// greylisting deferral: "451 4.7.1 Greylisting in action, please come
// back later") is not read by its code: the receiver said why it
// deferred, and RFC 5321's generic text for the code ("local error in
// processing", "insufficient system storage") is not that reason.
func replyStage(in *Input) (Verdict, bool) {
	if in.masked && in.ReplyCode/100 == 4 {
		return Verdict{}, false
	}
	i := replyRowFor(in.ReplyCode, in.Command)
	if i < 0 || replyRows[i].Reason == "" {
		return Verdict{}, false
	}
	// 553 and 551 speak of the recipient's address (RFC 5321: "mailbox
	// name not allowed", "user not local"); a status whose subject is not
	// addressing (RFC 3463: X.1.X, or X.0.X saying nothing) says the
	// refusal was about something else ("551 5.7.1" for a policy).
	if r := replyRows[i].Reason; (r == UserUnknown || r == HasMoved) && in.Status.Subject > 1 {
		return Verdict{}, false
	}
	return Verdict{Reason: replyRows[i].Reason, Stage: StageCommand, Rule: replyRuleID(i)}, true
}
