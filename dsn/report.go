// Package dsn reads bounce messages into per-recipient facts: delivery
// status notifications (RFC 3464, RFC 6533), feedback reports (RFC 5965),
// auto-replies (RFC 3834) and read receipts (RFC 8098). It defines the
// report types, reads a message's MIME structure once for every decoder
// (Message), and runs an ordered list of format decoders over it
// (Decoder, Decode, Parse). The MIME reader (mime.go) reads a message
// held in memory in one pass, with go-message's semantics and charset
// tables; a differential test and fuzz target keep the two in step.
//
// The decoders of non-standard formats (the plain-text reports of MTAs
// and providers) live in the subpackage lhost, which also holds the
// registry: every decoder, this package's included, in the order they are
// tried. The first decoder that reads a report ends the search, unless it
// marks its reading partial (Report.MarkPartial): the decoders after it
// are then tried, and the first whose report names recipients replaces
// the partial one, which is kept only when none does (Decode). Callers
// pass the registry to Parse:
//
//	r, err := dsn.Parse(msg, lhost.Registry())
//
// lhost needs this package's types, so this package cannot import it;
// instead of a list here that lhost fills when the program starts, the
// decoders are an argument of Parse, and the order is written out once,
// in lhost's registry.
//
// It knows nothing of bounce reasons or milters: it reports what a bounce
// says (recipient, action, status, reply code, diagnostic text, hosts, the
// returned message's headers) and leaves the judgement to its callers.
package dsn

import (
	"strings"
	"time"

	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// Kind says what sort of report a message is.
type Kind uint8

// The kinds of message Parse recognises.
const (
	NotBounce      Kind = iota // an ordinary message
	DeliveryReport             // a delivery status notification, standard or not
	FeedbackReport             // an ARF feedback report (RFC 5965)
	AutoReply                  // an automatic reply such as a vacation notice (RFC 3834)
	ReadReceipt                // a read receipt: a message disposition notification (RFC 8098)
)

var kindNames = [...]string{"not-bounce", "delivery-report", "feedback-report", "auto-reply", "read-receipt"}

// String names the kind.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Action is a per-recipient Action field value (RFC 3464 section 2.3.3).
type Action string

// The RFC 3464 actions. Non-standard reports map their wording onto these.
const (
	ActionFailed    Action = "failed"
	ActionDelayed   Action = "delayed"
	ActionDelivered Action = "delivered"
	ActionRelayed   Action = "relayed"
	ActionExpanded  Action = "expanded"
)

// ParseAction maps an Action field value onto an Action, accepting the
// misspellings seen in the wild ("failure", "expired") and "deleted", the
// MDN disposition GNU Mailutils writes as the Action of the delivery-status
// part its Sieve reject sends (mailutils 3.19: libmu_sieve/actions.c
// mime_create_ds): the recipient's filter refused the message. It returns
// "" for an unknown value.
func ParseAction(s string) Action {
	s = strings.ToLower(mailtext.TrimSpace(s))
	if i := strings.IndexAny(s, " \t(;"); i > 0 {
		s = s[:i]
	}
	switch s {
	case "failed", "failure", "fail", "expired", "deleted":
		return ActionFailed
	case "delayed", "delay":
		return ActionDelayed
	case "delivered", "deliverable":
		return ActionDelivered
	case "relayed":
		return ActionRelayed
	case "expanded":
		return ActionExpanded
	}
	return ""
}

// Report is what a bounce says, decoded.
type Report struct {
	Kind    Kind   // what sort of report this is
	Decoder string // the name of the format decoder that read it

	// Per-message facts. Fields holds every per-message field of a
	// delivery status notification as it came (Reporting-MTA,
	// X-Postfix-Queue-ID, ...), keyed by canonical field name.
	ReportingMTA    string
	ReceivedFromMTA string
	ArrivalDate     time.Time
	Fields          Fields

	// The bounce's own header.
	From      string    // the bounce's From address
	To        string    // the bounce's To address: the original's sender, as a rule
	Subject   string    // the bounce's Subject, decoded
	Date      time.Time // the bounce's Date, zero if absent or unreadable
	MessageID string    // the bounce's Message-ID

	// FeedbackType is the ARF Feedback-Type of a feedback report.
	FeedbackType string

	Recipients []Recipient // in the order the report lists them
	Original   Original    // the returned (or reported) message

	// Notes records anomalies met while decoding: malformed fields kept
	// raw, limits reached, charsets not understood. None is fatal.
	Notes []string
	// partial says why the decoder's reading is partial (MarkPartial);
	// Decode clears it.
	partial string
}

// IsBounce reports whether the message is any kind of bounce.
func (r *Report) IsBounce() bool { return r != nil && r.Kind != NotBounce }

// MarkPartial marks r as a partial reading of its message, for the reason
// why (which Decode notes): its decoder found the message in its format
// but learnt too little from it. Decode keeps r as the fallback and asks
// the decoders after r's whether they read more; see Decode.
func (r *Report) MarkPartial(why string) {
	if why == "" {
		why = "partial reading"
	}
	r.partial = why
}

// AddNote records an anomaly met while decoding, up to a bound on how many
// a report keeps.
func (r *Report) AddNote(s string) {
	if len(r.Notes) < maxNotes {
		r.Notes = append(r.Notes, s)
	}
}

const maxNotes = 32

// AddRecipient appends rc to the report's recipients, as the decoders of
// free-text reports build them, and reports whether it did. The address
// is taken without the brackets, quotes and final period that surround
// it in text; a recipient without an address is not added, nor one the
// report already lists with the same diagnostic text, nor any beyond
// MaxRecipients. The diagnostic text is cut to MaxDiagnosticBytes, on a
// character boundary. An unset Action is ActionFailed (but in a feedback
// report or a read receipt, which report no delivery) and an unset Status
// the status code the diagnostic text gives, if any. (Parse then fills an
// unset ReplyCode and Command from the diagnostic text, for every
// decoder's recipients.)
func (r *Report) AddRecipient(rc Recipient) bool {
	rc.Recipient = trimAddress(rc.Recipient)
	if rc.Recipient == "" {
		return false
	}
	for _, have := range r.Recipients {
		if strings.EqualFold(have.Recipient, rc.Recipient) && have.DiagnosticCode == rc.DiagnosticCode {
			return false
		}
	}
	if len(r.Recipients) >= MaxRecipients {
		r.AddNote("more than the maximum number of recipients: the rest not read")
		return false
	}
	if len(rc.DiagnosticCode) > MaxDiagnosticBytes {
		rc.DiagnosticCode = mailtext.Truncate(rc.DiagnosticCode, MaxDiagnosticBytes)
		r.AddNote("diagnostic text longer than the limit: truncated")
	}
	if rc.Action == "" && r.Kind != FeedbackReport && r.Kind != ReadReceipt {
		rc.Action = ActionFailed
	}
	if rc.Status.IsZero() {
		rc.Status = rc.TextStatus()
	}
	r.Recipients = append(r.Recipients, rc)
	return true
}

// trimAddress strips the brackets, quotes, dots and spaces a report's
// text leaves around an address, and a display name before it, keeping
// the quotes of a quoted local part ("jo smith"@example.org; RFC 5321
// section 4.1.2: Local-part = Dot-string / Quoted-string), which
// Postfix, for one, writes in its reports when the local part needs them
// (quote_822_local).
func trimAddress(a string) string {
	a = strings.Trim(a, "<>'. ")
	// A display name before the address in angle brackets ("Jo Smith
	// <jo@example.org>"): qmail-send prints the envelope recipient
	// between "<" and ">:" as it holds it, and one injected with the
	// name of a header's address keeps that name.
	if i := strings.LastIndexByte(a, '<'); i > 0 && strings.ContainsAny(a[:i], " \t") {
		if inner := strings.Trim(a[i+1:], "<>'\". "); strings.IndexByte(inner, '@') > 0 && !strings.ContainsAny(inner, " \t<>") {
			return inner
		}
	}
	if strings.HasPrefix(a, `"`) {
		if j := strings.Index(a[1:], `"@`) + 1; j > 1 && j+2 < len(a) && !strings.ContainsAny(a[j+2:], `"@<> `) {
			return a
		}
	}
	return strings.Trim(a, "<>'\". ")
}

// Recipient holds the facts a report gives about one recipient.
type Recipient struct {
	Recipient         string // the final recipient's address
	OriginalRecipient string // the address as the sender gave it, if the report says
	Action            Action // the delivery's outcome; empty for a feedback report or a read receipt, which report what followed delivery
	Status            Status // the enhanced status code the report gives, zero if none
	StatusRaw         string // the Status field as it came, when it did not parse
	ReplyCode         int    // the SMTP reply code found in the diagnostic text, 0 if none
	Command           string // the SMTP command the remote host answered (CommandRCPT, ...), "" if unknown
	RemoteMTA         string // the remote host that answered
	DiagnosticType    string // the Diagnostic-Code type: "smtp", "X-Postfix", "X-Unix", ...
	DiagnosticCode    string // the diagnostic text, unfolded
	// Notice is the part of the report's human-readable notification
	// that belongs to this recipient (RFC 3464 section 2.1: the first
	// part of a report explains the failure to a person): the lines that
	// name it and the lines that continue them, or the whole notification
	// when the report names no other recipient; "" if none. It is weaker
	// evidence than DiagnosticCode, which is about this recipient alone.
	Notice          string
	LastAttemptDate time.Time
	WillRetryUntil  time.Time
	Fields          Fields // every per-recipient field as it came
	// NoRemoteAnswer is set by a decoder whose format says that no
	// server answered for this recipient: it failed in the reporting
	// MTA's own routing or mailbox lookup, and its diagnostic and notice
	// are that MTA's own words, not a remote reply they quote. A decoder
	// sets it only where its format tells the two apart (a delivery
	// status notification's recipient group without Remote-MTA and
	// Diagnostic-Code, RFC 3464 sections 2.3.5 and 2.3.6; Exim's text
	// item without a host line); false says nothing.
	NoRemoteAnswer bool

	statusComment string // the comment after the Status code, if any
	// supplementaryInfo is Exchange's X-Supplementary-Info field, the
	// remote reply its DSNs give in place of a Diagnostic-Code.
	supplementaryInfo string

	// The status code found in DiagnosticCode, once TextStatus looked:
	// textStatusOf is the text it was found in.
	textStatus    Status
	textStatusOf  string
	textStatusSet bool
}

// TextStatus returns the first enhanced status code in the diagnostic
// text (FindStatus), zero if none. It is found once per recipient: the
// decoders and the classifier ask for it again (a changed DiagnosticCode
// is read again).
func (rc *Recipient) TextStatus() Status {
	if !rc.textStatusSet || rc.textStatusOf != rc.DiagnosticCode {
		rc.textStatus, rc.textStatusOf, rc.textStatusSet = FindStatus(rc.DiagnosticCode), rc.DiagnosticCode, true
	}
	return rc.textStatus
}

// Original holds the headers of the message a bounce returns or a feedback
// report reports.
type Original struct {
	From       string // the address in From
	To         string // the first address in To
	Subject    string
	MessageID  string // without angle brackets
	ListID     string
	Date       string
	FeedbackID string
	ReturnPath string
}

// Field is one header-like field of a report, as it came.
type Field struct {
	Name  string // canonical, e.g. "Final-Recipient"
	Value string // unfolded, trimmed
}

// Fields is an ordered list of fields.
type Fields []Field

// Get returns the value of the first field named name (case-insensitive), or "".
func (fs Fields) Get(name string) string {
	for _, f := range fs {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}
