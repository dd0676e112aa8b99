package classify

import (
	"crypto/sha1"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// Record is one classified recipient fact in the shape of Sisimai's JSON
// output, plus the rule that decided. It is what `bounce-milter classify
// --format json` prints and what the webhook posts. Every field is always
// present; strings are "" when the bounce does not say.
type Record struct {
	Origin         string `json:"origin"`         // where the message came from: the MTA's queue id (serve), a path or path:N for an mbox (classify)
	Action         string `json:"action"`         // failed, delayed, delivered, ...
	Addresser      string `json:"addresser"`      // the original message's sender
	Alias          string `json:"alias"`          // the recipient as the sender wrote it, when it differs
	Command        string `json:"command"`        // the SMTP command the remote host answered
	DecodedBy      string `json:"decodedby"`      // the format decoder that read the bounce
	DeliveryStatus string `json:"deliverystatus"` // the status the bounce gives, or a pseudo code
	Destination    string `json:"destination"`    // the recipient's domain
	DiagnosticCode string `json:"diagnosticcode"` // the diagnostic text
	DiagnosticType string `json:"diagnostictype"` // SMTP, X-Postfix, X-Unix, ...
	FeedbackID     string `json:"feedbackid"`     // the original's Feedback-ID
	FeedbackType   string `json:"feedbacktype"`   // the ARF Feedback-Type of a complaint
	HardBounce     bool   `json:"hardbounce"`     // the address will never work
	LHost          string `json:"lhost"`          // the reporting MTA
	ListID         string `json:"listid"`         // the original's List-Id
	MessageID      string `json:"messageid"`      // the original's Message-ID
	Reason         Reason `json:"reason"`         // the bounce reason
	Recipient      string `json:"recipient"`      // the recipient that bounced
	ReplyCode      string `json:"replycode"`      // the SMTP reply code
	RHost          string `json:"rhost"`          // the remote host that answered
	SenderDomain   string `json:"senderdomain"`   // the addresser's domain
	Subject        string `json:"subject"`        // the original's Subject
	Timestamp      int64  `json:"timestamp"`      // when the bounce happened, Unix seconds
	TimezoneOffset string `json:"timezoneoffset"` // that time's zone offset, e.g. +0900
	Token          string `json:"token"`          // Sisimai's token: SHA-1 of addresser, recipient and time
	Rule           string `json:"rule"`           // the id of the rule that decided the reason
	VERP           string `json:"verp"`           // the recipient the bounce's envelope address encodes (VERP), "" if none or unknown
}

// Records classifies every recipient of a report and returns a Record for
// each, in order. origin is copied into each Record.
func Records(origin string, r *dsn.Report) []Record {
	if r == nil || !r.IsBounce() {
		return nil
	}
	out := make([]Record, len(r.Recipients))
	for i := range r.Recipients {
		// Classify's verdicts, one at a time: no slice of them.
		rc := &r.Recipients[i]
		out[i] = NewRecord(origin, r, rc, ClassifyRecipient(r, rc))
	}
	return out
}

// feedbackType returns the Feedback-Type of a complaint's recipient: its
// own report's field when it has one (the reports of a batch, dsn's
// ARFDecoder, may differ in type), else the report's.
func feedbackType(r *dsn.Report, rc *dsn.Recipient) string {
	if r.Kind == dsn.FeedbackReport {
		if v := dsn.FeedbackTypeToken(rc.Fields.Get("Feedback-Type")); v != "" {
			return v
		}
	}
	return r.FeedbackType
}

// NewRecord builds the Record of one recipient and its verdict.
func NewRecord(origin string, r *dsn.Report, rc *dsn.Recipient, v Verdict) Record {
	addresser := r.Original.From
	if addresser == "" {
		addresser = r.Original.ReturnPath
	}
	if addresser == "" {
		addresser = r.To
	}
	when := rc.LastAttemptDate
	if when.IsZero() {
		when = r.ArrivalDate
	}
	if when.IsZero() {
		when = r.Date
	}
	rec := Record{
		Origin:         origin,
		Action:         string(rc.Action),
		Addresser:      addresser,
		Command:        rc.Command,
		DecodedBy:      r.Decoder,
		DeliveryStatus: v.Status.String(),
		Destination:    domainOf(rc.Recipient),
		DiagnosticCode: rc.DiagnosticCode,
		DiagnosticType: rc.DiagnosticType,
		FeedbackID:     r.Original.FeedbackID,
		FeedbackType:   feedbackType(r, rc),
		HardBounce:     v.HardBounce,
		LHost:          r.ReportingMTA,
		ListID:         r.Original.ListID,
		MessageID:      r.Original.MessageID,
		Reason:         v.Reason,
		Recipient:      rc.Recipient,
		RHost:          rc.RemoteMTA,
		SenderDomain:   domainOf(addresser),
		Subject:        r.Original.Subject,
		Rule:           v.Rule,
	}
	if rc.OriginalRecipient != "" && !strings.EqualFold(rc.OriginalRecipient, rc.Recipient) {
		rec.Alias = rc.OriginalRecipient
	}
	if v.ReplyCode != 0 {
		rec.ReplyCode = strconv.Itoa(v.ReplyCode)
	}
	if !when.IsZero() {
		rec.Timestamp = when.Unix()
		rec.TimezoneOffset = when.Format("-0700")
	}
	rec.Token = Token(addresser, rc.Recipient, rec.Timestamp)
	return rec
}

// Token is Sisimai's identifier of a bounce: the hex SHA-1 of
// "\x02" addresser "\x1e" recipient "\x1e" unix-time "\x03", with both
// addresses lower-cased. Equal tokens mean the same bounce.
func Token(addresser, recipient string, unix int64) string {
	h := sha1.New()
	h.Write([]byte{0x02})
	h.Write([]byte(strings.ToLower(addresser)))
	h.Write([]byte{0x1e})
	h.Write([]byte(strings.ToLower(recipient)))
	h.Write([]byte{0x1e})
	h.Write(strconv.AppendInt(nil, unix, 10))
	h.Write([]byte{0x03})
	return hex.EncodeToString(h.Sum(nil))
}
