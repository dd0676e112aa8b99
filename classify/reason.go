package classify

// Reason is a bounce reason in Sisimai's vocabulary (version 5), the
// names bounce processors already share.
type Reason string

// The bounce reasons. Each comment says when the reason applies.
const (
	AuthFailure     Reason = "authfailure"     // SPF, DKIM or DMARC failed at the receiver
	BadReputation   Reason = "badreputation"   // the sending IP or domain has a poor reputation
	Blocked         Reason = "blocked"         // the client IP, host name or HELO was refused
	ContentError    Reason = "contenterror"    // the message's header or MIME format was refused (X.6.X)
	Delivered       Reason = "delivered"       // not a failure: a DSN reporting delivery
	EmailTooLarge   Reason = "emailtoolarge"   // the message exceeds a size limit (X.2.3, X.3.4)
	Expired         Reason = "expired"         // delivery gave up after the message sat in the queue too long
	FailedSTARTTLS  Reason = "failedstarttls"  // STARTTLS failed or was required and not offered
	Feedback        Reason = "feedback"        // an ARF complaint from a feedback loop
	Filtered        Reason = "filtered"        // refused by the recipient's own filtering, or after DATA by header content
	HasMoved        Reason = "hasmoved"        // the recipient's mailbox has moved (X.1.6)
	HostUnknown     Reason = "hostunknown"     // the recipient's domain does not exist or has no mail host (X.1.2)
	MailboxFull     Reason = "mailboxfull"     // the recipient's mailbox is full (X.2.2)
	MailerError     Reason = "mailererror"     // a mailer program (pipe, procmail) on the destination failed
	NetworkError    Reason = "networkerror"    // DNS lookup failure, routing loop or other network problem
	NoRelaying      Reason = "norelaying"      // relaying denied
	NotAccept       Reason = "notaccept"       // the destination accepts no mail (null MX, X.3.2, reply 556)
	NotCompliantRFC Reason = "notcompliantrfc" // the message breaks RFC 5322 (duplicate or missing headers)
	OnHold          Reason = "onhold"          // too little information to judge
	PolicyViolation Reason = "policyviolation" // refused by the receiver's local policy
	RateLimited     Reason = "ratelimited"     // too many messages, recipients or connections, too fast
	Rejected        Reason = "rejected"        // the envelope sender (MAIL FROM) or its domain was refused
	RequirePTR      Reason = "requireptr"      // the sending IP has no (matching) reverse DNS record
	SecurityError   Reason = "securityerror"   // a security violation, such as a forged sender or failed authentication to submit
	SpamDetected    Reason = "spamdetected"    // the message was judged to be spam
	Suppressed      Reason = "suppressed"      // the address is on a suppression list
	Suspend         Reason = "suspend"         // the recipient's account is suspended or disabled
	SyntaxError     Reason = "syntaxerror"     // the destination did not accept an SMTP command's syntax or sequence
	SystemError     Reason = "systemerror"     // an internal error on the remote host
	SystemFull      Reason = "systemfull"      // the destination's disk or spool is full (X.3.1)
	Undefined       Reason = "undefined"       // nothing in the bounce says why
	UserUnknown     Reason = "userunknown"     // the recipient's mailbox does not exist (X.1.1)
	Vacation        Reason = "vacation"        // not a failure: an auto-reply
	VirusDetected   Reason = "virusdetected"   // a virus was found in the message
)

// Reasons lists every reason, in alphabetical order.
var Reasons = []Reason{
	AuthFailure, BadReputation, Blocked, ContentError, Delivered, EmailTooLarge,
	Expired, FailedSTARTTLS, Feedback, Filtered, HasMoved, HostUnknown,
	MailboxFull, MailerError, NetworkError, NoRelaying, NotAccept,
	NotCompliantRFC, OnHold, PolicyViolation, RateLimited, Rejected,
	RequirePTR, SecurityError, SpamDetected, Suppressed, Suspend, SyntaxError,
	SystemError, SystemFull, Undefined, UserUnknown, Vacation, VirusDetected,
}

// ParseReason returns the Reason named s, accepting the names Sisimai used
// before version 5 (mesgtoobig, exceedlimit, speeding, toomanyconn), and
// false for an unknown name.
func ParseReason(s string) (Reason, bool) {
	switch s {
	case "mesgtoobig", "exceedlimit":
		return EmailTooLarge, true
	case "speeding", "toomanyconn":
		return RateLimited, true
	}
	for _, r := range Reasons {
		if string(r) == s {
			return r, true
		}
	}
	return "", false
}

// String returns the reason's name.
func (r Reason) String() string { return string(r) }

// IsFailure reports whether r is a delivery failure, as opposed to a
// delivery notice, an auto-reply or a complaint.
func (r Reason) IsFailure() bool {
	return r != Delivered && r != Vacation && r != Feedback
}

// pseudoDetail is the detail of Sisimai's pseudo status code for each
// reason (5.0.9NN or 4.0.9NN), used when a bounce gives no status code.
var pseudoDetail = map[Reason]int{
	Undefined: 900, OnHold: 901, SyntaxError: 902, Suppressed: 903,
	NoRelaying: 909, Filtered: 910, UserUnknown: 911, HostUnknown: 912,
	HasMoved: 916, Rejected: 918, Suspend: 921, MailboxFull: 922,
	AuthFailure: 926, SystemError: 930, SystemFull: 931, NotAccept: 932,
	EmailTooLarge: 934, MailerError: 939, NetworkError: 944, RateLimited: 946,
	Expired: 947, ContentError: 960, SecurityError: 970, Blocked: 971,
	PolicyViolation: 972, RequirePTR: 973, NotCompliantRFC: 974,
	BadReputation: 975, FailedSTARTTLS: 976, SpamDetected: 980, VirusDetected: 981,
}

// hardReasons are the reasons that mean the address will never work.
func hardBounce(r Reason, temporary bool) bool {
	switch r {
	case UserUnknown, HostUnknown, HasMoved:
		return true
	case NotAccept:
		return !temporary
	}
	return false
}
