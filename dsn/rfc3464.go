package dsn

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// RFC3464Decoder reads delivery status notifications: a
// message/delivery-status (RFC 3464) or message/global-delivery-status
// (RFC 6533) part, wherever it is nested.
type RFC3464Decoder struct{}

func (RFC3464Decoder) Name() DecoderName { return RFC3464 }

var deliveryStatusTypes = []string{
	"message/delivery-status",        // RFC 3464 section 2
	"message/global-delivery-status", // RFC 6533 section 6.1
	"text/delivery-status",           // mislabelled by some gateways
}

// Match reports whether m has a delivery-status part.
func (RFC3464Decoder) Match(m *Message) bool {
	return m.DeliveryStatusPart() != nil
}

// Marks returns the header evidence of a delivery status notification:
// a multipart/report (RFC 6522) or a delivery-status type at the top, or,
// for the MTAs that nest the delivery-status part in a multipart/mixed, a
// mail system's sender (From, or a null Return-Path kept in a stored file).
func (RFC3464Decoder) Marks() []Mark {
	return []Mark{
		{Field: "Content-Type", Test: MarkContains, Value: "multipart/report"},
		{Field: "Content-Type", Test: MarkContains, Value: "delivery-status"},
		{Field: "From", Test: MarkDaemon},
		{Field: "Return-Path", Test: MarkDaemon},
	}
}

// DeliveryStatusPart returns m's first delivery-status part (of any of
// the media types RFC 3464 and RFC 6533 define, or a mislabelled one), or
// nil.
func (m *Message) DeliveryStatusPart() *Part {
	return m.FindPart(deliveryStatusTypes...)
}

// Decode reads every recipient of every delivery-status part of m.
func (RFC3464Decoder) Decode(m *Message) *Report {
	r := &Report{Kind: DeliveryReport}
	// A report may carry more than one delivery-status part (digests,
	// forwarded reports): every recipient of each is reported.
	for _, p := range m.Parts {
		if !isDeliveryStatus(p.MediaType) {
			continue
		}
		for _, g := range ParseFields(p.Body, MaxRecipients+1) {
			r.AddFieldGroup(g)
		}
	}
	if len(r.Recipients) == 0 {
		// Per-message fields only: the bounce is real but names no one.
		// The returned message's addressee is who it was for.
		o, _ := m.Original()
		if o.To == "" {
			return nil
		}
		r.AddNote("delivery-status part without recipient fields: recipient taken from the returned message")
		r.Recipients = append(r.Recipients, Recipient{Recipient: o.To, Action: ActionFailed})
		return r
	}
	for i := range r.Recipients {
		rc := &r.Recipients[i]
		if rc.DiagnosticCode == "" && rc.supplementaryInfo != "" {
			rc.DiagnosticType, rc.DiagnosticCode = supplementaryDiagnostic(rc.supplementaryInfo)
		}
		if rc.DiagnosticCode == "" && rc.statusComment != "" && !genericComments[strings.ToLower(rc.statusComment)] {
			rc.DiagnosticCode = rc.statusComment
		}
		unquoteRemoteReply(rc)
		dropContradictedSuccess(r, rc)
	}
	r.SupplementFromText(m.notificationText())
	r.repairRecipients(m)
	for i := range r.Recipients {
		rc := &r.Recipients[i]
		inferAction(r, rc)
		// RFC 3464 sections 2.3.5 and 2.3.6: Remote-MTA and
		// Diagnostic-Code are given when a remote MTA was tried and
		// answered, and the notice names no host either. A delivery to a
		// program (its diagnostic type X-Unix) is no routing failure. A
		// Remote-MTA naming the reporting MTA itself names no other host.
		rc.NoRemoteAnswer = rc.Fields.Get("Diagnostic-Code") == "" && (rc.RemoteMTA == "" || remoteIsReporter(r, rc)) && rc.DiagnosticType == ""
	}
	return r
}

// dropContradictedSuccess clears the success a recipient's codes claim
// when its Action says the delivery failed or is delayed: a 2.X.X status
// means success (RFC 3463 section 3.1) and a 2XX reply a completed
// command (RFC 5321 section 4.2.1), so neither explains a failure. An MTA
// that writes them under "Action: failed" has copied the last reply of a
// session, not the one that failed; the report's text, read next, is the
// better witness. The fields themselves stay in rc.Fields.
func dropContradictedSuccess(r *Report, rc *Recipient) {
	if rc.Action != ActionFailed && rc.Action != ActionDelayed {
		return
	}
	dropped := false
	if rc.Status.Class == 2 {
		rc.Status = Status{}
		dropped = true
	}
	if rc.DiagnosticCode != "" && FindReplyCode(rc.DiagnosticCode)/100 == 2 {
		rc.DiagnosticType, rc.DiagnosticCode, rc.ReplyCode = "", "", 0
		dropped = true
	}
	if dropped {
		r.AddNote("recipient " + string(rc.Action) + " with a success code: the code dropped, the report's text read instead")
	}
}

// inferAction gives a recipient whose group has no Action field (RFC 3464
// section 2.3.3 requires one; some reports leave it out) the action its
// permanent failure code says: a 5.X.X status, in the Status field or in
// the diagnostic text, or a 5XX reply is a failure. Any other recipient
// without Action keeps none: a 4.X.X is a delay or a retry given up, which
// the code alone does not tell apart.
func inferAction(r *Report, rc *Recipient) {
	if rc.Action != "" {
		return
	}
	st := rc.Status
	if st.IsZero() {
		st = rc.TextStatus()
	}
	if st.Class == 5 || st.IsZero() && FindReplyCode(rc.DiagnosticCode)/100 == 5 {
		rc.Action = ActionFailed
		r.AddNote("recipient without Action: failed, as its code says")
	}
}

func isDeliveryStatus(mediaType string) bool {
	for _, t := range deliveryStatusTypes {
		if mediaType == t {
			return true
		}
	}
	return false
}

// unquoteRemoteReply reads diagnostics that quote the remote reply after
// the reporting MTA's own summary, as Amazon SES writes them:
// "5.1.0 - Unknown address error 550-'5.2.2 <a@b>... Mailbox Full'
// (delivery attempts: 0)". The quoted reply's status is the remote
// host's, more specific than the summary's.
func unquoteRemoteReply(rc *Recipient) {
	d := rc.DiagnosticCode
	i := strings.Index(d, "-'")
	if i < 3 || !mailtext.IsDigit(d[i-1]) || !mailtext.IsDigit(d[i-2]) || !mailtext.IsDigit(d[i-3]) {
		return
	}
	j := strings.LastIndexByte(d, '\'')
	if j <= i+2 {
		return
	}
	quoted := d[i+2 : j]
	code, ok := replyCodeAt(d, i-3)
	if !ok {
		return
	}
	if st := FindStatus(quoted); !st.IsZero() && st.Class == rc.Status.Class {
		rc.Status = st
	}
	rc.ReplyCode = code
	// The remote host's words are the diagnostic; the summary before them
	// only restates the status.
	rc.DiagnosticCode = d[i-3:i] + " " + quoted
}

// notificationText returns the human-readable part of a report: the first
// text part before the delivery-status part.
func (m *Message) notificationText() string {
	first := -1
	for i, p := range m.Parts {
		if isDeliveryStatus(p.MediaType) {
			if first >= 0 && m.Parts[first].Depth < p.Depth {
				// A report nested in another message (an attachment
				// read in place, attached.go): its own text is the
				// text/plain part before it at its depth, not the
				// wrapper's note.
				for j := i - 1; j > first; j-- {
					if q := m.Parts[j]; q.MediaType == "text/plain" && q.Depth == p.Depth {
						return q.Text()
					}
				}
			}
			break
		}
		if p.MediaType == "text/plain" && first < 0 {
			first = i
		}
	}
	if first < 0 {
		return ""
	}
	return m.Parts[first].Text()
}

// perRecipient names the fields that belong to a recipient (RFC 3464
// section 2.3 and the X- fields MTAs add). Every other field is taken as a
// per-message field.
var perRecipient = map[string]bool{
	"Original-Recipient": true, "Final-Recipient": true, "Action": true,
	"Status": true, "Remote-Mta": true, "Diagnostic-Code": true,
	"Last-Attempt-Date": true, "Final-Log-Id": true, "Will-Retry-Until": true,
	"X-Actual-Recipient": true, "X-Remote-Mta": true, "X-Supplementary-Info": true,
	"X-Display-Name": true,
}

// IsRecipientField reports whether a field (named canonically, see
// CanonicalFieldName) belongs to a recipient's group of a delivery status
// notification rather than to the per-message group.
func IsRecipientField(name string) bool { return perRecipient[name] }

// AddFieldGroup adds one field group: the per-message group, or a recipient.
// Reports that forget the blank line between groups are split on each
// Final-Recipient (or Original-Recipient that starts a new recipient).
//
// The fields of a group may come in any order (RFC 3464 section 2.1 gives
// none): a Final-Recipient after an X-Actual-Recipient, an Action or a
// Status is the same recipient's; only a second Final-Recipient (or
// Original-Recipient) starts another.
func (r *Report) AddFieldGroup(g Fields) {
	first := len(r.Recipients) // the group's recipients start here
	var cur *Recipient
	curFinal := false // cur has had its Final-Recipient
	for i, f := range g {
		if !perRecipient[f.Name] {
			r.Fields = appendField(r.Fields, g, i)
			r.addMessageField(f)
			continue
		}
		starts := f.Name == "Final-Recipient" && (cur == nil || curFinal) ||
			f.Name == "Original-Recipient" && (cur == nil || cur.OriginalRecipient != "")
		if cur == nil || starts {
			if len(r.Recipients) >= MaxRecipients {
				r.AddNote("more than the maximum number of recipients: the rest not read")
				return
			}
			r.Recipients = append(r.Recipients, Recipient{})
			cur, curFinal = &r.Recipients[len(r.Recipients)-1], false
		}
		if f.Name == "Final-Recipient" {
			curFinal = true
		}
		cur.Fields = appendField(cur.Fields, g, i)
		r.setRecipientField(cur, f)
	}
	if cur != nil && cur.Recipient == "" {
		cur.Recipient = cur.OriginalRecipient
	}
	if cur != nil && cur.Recipient == "" {
		if _, v := SplitTyped(cur.Fields.Get("Final-Recipient")); v != "" {
			// Kept: the address may be recovered from the original.
			cur.Recipient = v
		} else {
			r.AddNote("recipient group without an address dropped")
			r.Recipients = r.Recipients[:len(r.Recipients)-1]
		}
	}
	for i := first; i < len(r.Recipients); i++ {
		unmaskRecipient(&r.Recipients[i])
		UnchannelRecipient(&r.Recipients[i])
	}
}

// appendField appends g[i] to fs. When fs is the run of g's fields just
// before i (the fields of a group are most often one recipient's, in a
// run), fs grows over g's array instead of copying it; its capacity ends
// at its length, so that an append to it copies.
func appendField(fs, g Fields, i int) Fields {
	n := len(fs)
	if n == 0 || n <= i && &g[i-n] == &fs[0] {
		return g[i-n : i+1 : i+1]
	}
	return append(fs, g[i])
}

// addMessageField reads a per-message field, which AddFieldGroup has
// added to r.Fields.
func (r *Report) addMessageField(f Field) {
	switch f.Name {
	case "Reporting-Mta":
		r.ReportingMTA = mtaName(SplitTyped(f.Value))
	case "Received-From-Mta":
		_, r.ReceivedFromMTA = SplitTyped(f.Value)
	case "Arrival-Date":
		r.ArrivalDate = ParseDate(f.Value)
	}
}

// setRecipientField reads a recipient's field, which AddFieldGroup has
// added to rc.Fields.
func (r *Report) setRecipientField(rc *Recipient, f Field) {
	switch f.Name {
	case "Final-Recipient", "X-Actual-Recipient":
		if rc.Recipient != "" && f.Name == "X-Actual-Recipient" {
			return
		}
		v := recipientValue(f.Value)
		// A pipe as the final recipient ("rfc822;|/usr/bin/prog", as Exim
		// 4.86 wrote it) is a delivery to a program: what failed is that
		// program, as an X-Unix diagnostic says (a Diagnostic-Code given
		// replaces the type).
		if strings.HasPrefix(v, "|") && rc.DiagnosticType == "" {
			rc.DiagnosticType = "X-Unix"
		}
		if a := Address(v); a != "" {
			rc.Recipient = a
		} else if f.Name == "Final-Recipient" {
			r.AddNote("Final-Recipient without an address: " + truncate(f.Value, 80))
		}
	case "Original-Recipient":
		rc.OriginalRecipient = Address(recipientValue(f.Value))
	case "Action":
		rc.Action = ParseAction(f.Value)
		if rc.Action == "" {
			r.AddNote("unknown Action: " + truncate(f.Value, 40))
		}
	case "Status":
		st, err := ParseStatus(f.Value)
		if err != nil {
			rc.StatusRaw = f.Value
			r.AddNote("malformed Status: " + truncate(f.Value, 40))
		}
		rc.Status = st
		// "4.0.0 (cat.example.net: host name lookup failure)": the comment
		// is the only diagnostic some MTAs give.
		if i := strings.IndexByte(f.Value, '('); i > 0 && rc.DiagnosticCode == "" {
			if c := strings.TrimSpace(strings.Trim(f.Value[i:], "() ")); c != "" {
				rc.statusComment = c
			}
		}
	case "Remote-Mta", "X-Remote-Mta":
		if rc.RemoteMTA == "" {
			rc.RemoteMTA = mtaName(SplitTyped(f.Value))
			rc.RemoteMTA = strings.TrimSuffix(strings.Trim(rc.RemoteMTA, "[]"), ".")
		}
	case "Diagnostic-Code":
		rc.DiagnosticType, rc.DiagnosticCode = SplitTyped(f.Value)
	case "X-Supplementary-Info":
		rc.supplementaryInfo = f.Value
	case "Last-Attempt-Date":
		rc.LastAttemptDate = ParseDate(f.Value)
	case "Will-Retry-Until":
		rc.WillRetryUntil = ParseDate(f.Value)
	}
}

// supplementaryDiagnostic reads the diagnostic an Exchange DSN gives in its
// X-Supplementary-Info field instead of a Diagnostic-Code (Microsoft's DSN
// writer names the field beside Diagnostic-Code and X-Display-Name;
// grommunio's gromox reads it as the recipient's supplementary info, and
// builds it from the Diagnostic-Code where a report lacks it). Its value
// is "<mx.example.org #5.1.1 smtp;550 5.1.1 ...>": the remote host (which
// may be missing), the status Exchange gives, then the diagnostic's type
// and the remote reply. It returns the type and the reply, or the whole
// value when it has not that form.
func supplementaryDiagnostic(v string) (typ, diag string) {
	v = strings.TrimSpace(mailtext.FoldSpace(v))
	v = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(v, "<"), ">"))
	if i := strings.IndexByte(v, '#'); i >= 0 {
		rest := v[i+1:]
		if j := strings.IndexByte(rest, ' '); j > 0 {
			if _, err := ParseStatus(rest[:j]); err == nil {
				if t, d := SplitTyped(rest[j+1:]); t != "" {
					return t, d
				}
			}
		}
	}
	return "", v
}

// genericComments are Status comments that say no more than the code.
var genericComments = map[string]bool{
	"permanent failure": true, "temporary failure": true, "persistent transient failure": true,
	"success": true, "other address status": true, "other or undefined status": true,
}

// repairRecipients mends recipients whose Final-Recipient holds no usable
// address ("rfc822; @host"): with one recipient, the returned message's To
// names it; otherwise the value is kept as it came and noted.
func (r *Report) repairRecipients(m *Message) {
	for i := range r.Recipients {
		rc := &r.Recipients[i]
		if Address(rc.Recipient) != "" {
			continue
		}
		r.AddNote("Final-Recipient without a usable address: " + truncate(rc.Recipient, 80))
		if len(r.Recipients) == 1 {
			if o, ok := m.Original(); ok && o.To != "" {
				rc.Recipient = o.To
			}
		}
	}
}
