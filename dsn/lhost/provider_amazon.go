package lhost

import (
	"encoding/json"
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// amazonWorkMailDecoder reads Amazon WorkMail's bounces: a text part that
// lists the recipients and then, after "Technical report:", the RFC 3464
// fields written inline instead of in a message/delivery-status part:
//
//	An error occurred while trying to deliver the mail to the following recipients:
//	user@example.jp
//
//	Technical report:
//
//	Reporting-MTA: dsn; a27-85.smtp-out.us-west-2.amazonses.com
//
//	Action: failed
//	Final-Recipient: rfc822; user@example.jp
//	Diagnostic-Code: smtp; 550 5.1.1 <user@example.jp>... User Unknown
//	Status: 5.1.1
//
// The returned message follows as a message/rfc822 part.
type amazonWorkMailDecoder struct{}

func (amazonWorkMailDecoder) Name() dsn.DecoderName { return AmazonWorkMail }

// Match wants WorkMail's X-Mailer and a sender that is Amazon's mail
// system rather than a WorkMail user: a mailer daemon, or any From at
// amazonses.com, which WorkMail's newer bounces give as the bare domain
// ("From: amazonses.com"); a user's mail comes From the user's own domain.
func (amazonWorkMailDecoder) Match(m *dsn.Message) bool {
	for _, h := range []string{"X-Mailer", "X-Original-Mailer"} {
		if strings.Contains(m.Header.Get(h), "Amazon WorkMail") {
			return dsn.IsMailerDaemon(m.Header.Address("From")) || fromAmazonSES(m)
		}
	}
	return false
}

// workMailSender is the domain WorkMail's bounces come from.
const workMailSender = "amazonses.com"

// fromAmazonSES reports whether the bounce's From names a host in
// amazonses.com, as an address or as a bare domain.
func fromAmazonSES(m *dsn.Message) bool {
	if domainIn(fromDomain(m), workMailSender) {
		return true
	}
	f := strings.Trim(mailtext.TrimSpace(m.Header.Text("From")), "<>")
	return strings.IndexByte(f, ' ') < 0 && domainIn(f, workMailSender)
}

const (
	workMailIntro  = "An error occurred while trying to deliver the mail to the following recipients:"
	workMailReport = "Technical report:"
)

func (amazonWorkMailDecoder) Decode(m *dsn.Message) *dsn.Report {
	text := reportText(m)
	r := &dsn.Report{Kind: dsn.DeliveryReport}
	if fields, ok := textSection(text, []string{workMailReport}, nil); ok {
		fields = strings.TrimLeft(fields, " \t\n")
		for _, g := range dsn.ParseFieldsText(fieldText(fields), dsn.MaxRecipients+1) {
			r.AddFieldGroup(g)
		}
	}
	for i := range r.Recipients {
		rc := &r.Recipients[i]
		if rc.Action == "" {
			rc.Action = dsn.ActionFailed
		}
	}
	if len(r.Recipients) == 0 {
		// No technical report: the intro's list is all there is.
		list, ok := textSection(text, []string{workMailIntro}, []string{workMailReport})
		if !ok {
			return nil
		}
		for _, l := range textLines(list) {
			if a := addrLine(l); a != "" {
				r.AddRecipient(dsn.Recipient{Recipient: a, Action: dsn.ActionFailed})
			}
		}
	}
	if len(r.Recipients) == 0 {
		return nil
	}
	return r
}

// amazonSESDecoder reads the bounce, complaint, delivery and delay
// notifications of Amazon SES sent by email through Amazon SNS. The body
// is a JSON document, either the SNS envelope
//
//	{"Type": "Notification", "MessageId": "...", "Message": "<JSON text>", ...}
//
// with the SES notification as a string in Message, or the SES
// notification itself. The notification's fields are AWS's documented
// ones (Amazon SES Developer Guide, "Contents of notifications"):
// notificationType (or eventType for event publishing) Bounce, Complaint,
// Delivery or DeliveryDelay, with the matching bounce, complaint, delivery
// or deliveryDelay object, and mail describing the original message.
//
// Bounces and delays become delivery reports, deliveries delivery reports
// with Action delivered, complaints feedback reports. A Reject event
// (event publishing only: "SES accepted the email, but determined that it
// contained a virus and didn't attempt to deliver it to the recipient's
// mail server"; its reject object's reason, "Bad content", is the only
// value AWS documents) fails every address the message was sent to: the
// mail object's destination, each with a Reject-Reason field.
type amazonSESDecoder struct{}

func (amazonSESDecoder) Name() dsn.DecoderName { return AmazonSES }

func (amazonSESDecoder) Match(m *dsn.Message) bool {
	return m.Header.Has("X-Amz-Sns-Message-Id") ||
		domainIn(fromDomain(m), "sns.amazonaws.com") ||
		subjectHasPrefix(m, "AWS Notification Message") ||
		m.MediaType() == "application/json"
}

// sesSNSEnvelope is the part of an Amazon SNS message that matters here.
type sesSNSEnvelope struct {
	Type    string `json:"Type"`
	Message string `json:"Message"`
}

// sesNotification is an Amazon SES notification, as AWS documents it.
type sesNotification struct {
	NotificationType string       `json:"notificationType"`
	EventType        string       `json:"eventType"`
	Bounce           *sesBounce   `json:"bounce"`
	Complaint        *sesComplain `json:"complaint"`
	Delivery         *sesDelivery `json:"delivery"`
	DeliveryDelay    *sesDelay    `json:"deliveryDelay"`
	Reject           *sesReject   `json:"reject"`
	Mail             sesMail      `json:"mail"`
}

type sesBounce struct {
	BounceType        string `json:"bounceType"`    // Undetermined, Permanent, Transient
	BounceSubType     string `json:"bounceSubType"` // General, NoEmail, Suppressed, MailboxFull, ...
	BouncedRecipients []struct {
		EmailAddress   string `json:"emailAddress"`
		Action         string `json:"action"`
		Status         string `json:"status"`
		DiagnosticCode string `json:"diagnosticCode"`
	} `json:"bouncedRecipients"`
	Timestamp    string `json:"timestamp"`
	FeedbackID   string `json:"feedbackId"`
	RemoteMtaIP  string `json:"remoteMtaIp"`
	ReportingMTA string `json:"reportingMTA"`
}

type sesComplain struct {
	ComplainedRecipients []struct {
		EmailAddress string `json:"emailAddress"`
	} `json:"complainedRecipients"`
	Timestamp             string `json:"timestamp"`
	FeedbackID            string `json:"feedbackId"`
	ComplaintSubType      string `json:"complaintSubType"`
	UserAgent             string `json:"userAgent"`
	ComplaintFeedbackType string `json:"complaintFeedbackType"`
	ArrivalDate           string `json:"arrivalDate"`
}

type sesDelivery struct {
	Timestamp    string   `json:"timestamp"`
	Recipients   []string `json:"recipients"`
	SMTPResponse string   `json:"smtpResponse"`
	ReportingMTA string   `json:"reportingMTA"`
	RemoteMtaIP  string   `json:"remoteMtaIp"`
}

type sesDelay struct {
	DelayType         string `json:"delayType"`
	DelayedRecipients []struct {
		EmailAddress   string `json:"emailAddress"`
		Status         string `json:"status"`
		DiagnosticCode string `json:"diagnosticCode"`
	} `json:"delayedRecipients"`
	ExpirationTime string `json:"expirationTime"`
	ReportingMTA   string `json:"reportingMTA"`
	Timestamp      string `json:"timestamp"`
}

// sesReject is the reject object of a Reject event.
type sesReject struct {
	Reason string `json:"reason"` // "Bad content": a virus was found
}

type sesMail struct {
	MessageID   string   `json:"messageId"`
	Source      string   `json:"source"`
	Destination []string `json:"destination"`
	Headers     []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"headers"`
	CommonHeaders struct {
		From       []string `json:"from"`
		To         []string `json:"to"`
		Subject    string   `json:"subject"`
		MessageID  string   `json:"messageId"`
		Date       string   `json:"date"`
		ReturnPath string   `json:"returnPath"`
	} `json:"commonHeaders"`
}

func (amazonSESDecoder) Decode(m *dsn.Message) *dsn.Report {
	n, ok := sesParse(sesBody(m))
	if !ok {
		return nil
	}
	kind := n.NotificationType
	if kind == "" {
		kind = n.EventType
	}
	r := &dsn.Report{Kind: dsn.DeliveryReport}
	r.Fields = append(r.Fields, dsn.Field{Name: "X-Ses-Notification-Type", Value: kind})
	switch {
	case strings.EqualFold(kind, "Bounce") && n.Bounce != nil:
		sesBounceReport(r, n.Bounce)
	case strings.EqualFold(kind, "Complaint") && n.Complaint != nil:
		sesComplaintReport(r, n.Complaint)
	case strings.EqualFold(kind, "Delivery") && n.Delivery != nil:
		sesDeliveryReport(r, n.Delivery)
	case strings.EqualFold(kind, "DeliveryDelay") && n.DeliveryDelay != nil:
		sesDelayReport(r, n.DeliveryDelay)
	case strings.EqualFold(kind, "Reject") && n.Reject != nil:
		sesRejectReport(r, n.Reject, n.Mail.Destination)
	default:
		return nil
	}
	if len(r.Recipients) == 0 {
		return nil
	}
	r.Original = sesOriginal(&n.Mail)
	return r
}

// sesBody returns the text that holds the JSON document: the first
// text/plain or application/json part.
func sesBody(m *dsn.Message) string {
	for _, p := range m.Parts {
		if p.MediaType == "application/json" || p.MediaType == "text/plain" {
			return string(mailtext.NormalizeLineEnds(p.Body))
		}
	}
	return ""
}

// sesParse finds the JSON document in body and reads the SES notification
// from it, unwrapping an SNS envelope.
func sesParse(body string) (*sesNotification, bool) {
	i := strings.IndexByte(body, '{')
	j := strings.LastIndexByte(body, '}')
	if i < 0 || j < i {
		return nil, false
	}
	// MTAs that limit line length (Sendmail's "!" continuation) break a
	// long JSON line as "...!\n ...": join it again.
	doc := strings.ReplaceAll(body[i:j+1], "!\n ", "")
	var env sesSNSEnvelope
	if err := json.Unmarshal([]byte(doc), &env); err != nil {
		return nil, false
	}
	if env.Type == "Notification" && env.Message != "" {
		doc = env.Message
	}
	var n sesNotification
	if err := json.Unmarshal([]byte(doc), &n); err != nil {
		return nil, false
	}
	if n.NotificationType == "" && n.EventType == "" {
		return nil, false
	}
	return &n, true
}

func sesBounceReport(r *dsn.Report, b *sesBounce) {
	_, r.ReportingMTA = dsn.SplitTyped(b.ReportingMTA)
	for _, br := range b.BouncedRecipients {
		rc := dsn.Recipient{Recipient: dsn.Address(br.EmailAddress), Action: dsn.ParseAction(br.Action), RemoteMTA: b.RemoteMtaIP}
		rc.DiagnosticType, rc.DiagnosticCode = dsn.SplitTyped(br.DiagnosticCode)
		if rc.DiagnosticCode == "" {
			// Bounces SES makes itself (suppression, no such address at
			// SES's own check) carry no remote reply: the bounce type is
			// what there is to say.
			rc.DiagnosticCode = "Amazon SES " + b.BounceType + " bounce: " + b.BounceSubType
		}
		if st, err := dsn.ParseStatus(br.Status); err == nil {
			rc.Status = st
		} else if br.Status != "" {
			rc.StatusRaw = br.Status
		}
		rc.Fields = dsn.Fields{{Name: "Bounce-Type", Value: b.BounceType}, {Name: "Bounce-Sub-Type", Value: b.BounceSubType}}
		r.AddRecipient(rc)
	}
}

func sesComplaintReport(r *dsn.Report, c *sesComplain) {
	r.Kind = dsn.FeedbackReport
	// complaintFeedbackType is present only when the mailbox provider sent
	// an ARF report; a complaint is otherwise a recipient marking the
	// message as spam, which ARF calls abuse.
	r.FeedbackType = strings.ToLower(mailtext.TrimSpace(c.ComplaintFeedbackType))
	if r.FeedbackType == "" {
		r.FeedbackType = "abuse"
		r.AddNote("SES complaint without complaintFeedbackType: taken as abuse")
	}
	r.ArrivalDate = dsn.ParseDate(c.ArrivalDate)
	text := "Amazon SES complaint"
	if c.UserAgent != "" {
		text += " from " + c.UserAgent
	}
	if c.ComplaintSubType != "" {
		text += ": " + c.ComplaintSubType
	}
	for _, cr := range c.ComplainedRecipients {
		r.AddRecipient(dsn.Recipient{Recipient: dsn.Address(cr.EmailAddress), DiagnosticCode: text})
	}
}

func sesDeliveryReport(r *dsn.Report, d *sesDelivery) {
	_, r.ReportingMTA = dsn.SplitTyped(d.ReportingMTA)
	for _, a := range d.Recipients {
		r.AddRecipient(dsn.Recipient{
			Recipient:      dsn.Address(a),
			Action:         dsn.ActionDelivered,
			RemoteMTA:      d.RemoteMtaIP,
			DiagnosticType: "smtp",
			DiagnosticCode: d.SMTPResponse,
		})
	}
}

func sesDelayReport(r *dsn.Report, d *sesDelay) {
	_, r.ReportingMTA = dsn.SplitTyped(d.ReportingMTA)
	for _, dr := range d.DelayedRecipients {
		rc := dsn.Recipient{Recipient: dsn.Address(dr.EmailAddress), Action: dsn.ActionDelayed, WillRetryUntil: dsn.ParseDate(d.ExpirationTime)}
		rc.DiagnosticType, rc.DiagnosticCode = dsn.SplitTyped(dr.DiagnosticCode)
		if rc.DiagnosticCode == "" {
			rc.DiagnosticCode = "Amazon SES delivery delay: " + d.DelayType
		}
		if st, err := dsn.ParseStatus(dr.Status); err == nil {
			rc.Status = st
		}
		r.AddRecipient(rc)
	}
}

// sesRejectReport fails each of the message's destinations: SES did not
// try to deliver it to any of them.
func sesRejectReport(r *dsn.Report, j *sesReject, destination []string) {
	reason := mailtext.TrimSpace(j.Reason)
	for _, a := range destination {
		rc := dsn.Recipient{Recipient: dsn.Address(a), Action: dsn.ActionFailed, NoRemoteAnswer: true,
			DiagnosticCode: "Amazon SES rejected the message before delivery: " + reason}
		rc.Fields = dsn.Fields{{Name: "Reject-Reason", Value: reason}}
		r.AddRecipient(rc)
	}
}

// sesOriginal reads the original message's header from the notification's
// mail object: its header list when SES included it, else commonHeaders.
func sesOriginal(mail *sesMail) dsn.Original {
	var fs dsn.Fields
	for _, h := range mail.Headers {
		fs = append(fs, dsn.Field{Name: dsn.CanonicalFieldName(h.Name), Value: h.Value})
	}
	o := dsn.OriginalFromFields(fs)
	ch := &mail.CommonHeaders
	if o.From == "" && len(ch.From) > 0 {
		o.From = dsn.Address(ch.From[0])
	}
	if o.From == "" {
		o.From = dsn.Address(mail.Source)
	}
	if o.To == "" && len(ch.To) > 0 {
		o.To = dsn.Address(ch.To[0])
	}
	if o.Subject == "" {
		o.Subject = ch.Subject
	}
	if o.Date == "" {
		o.Date = ch.Date
	}
	if o.ReturnPath == "" {
		o.ReturnPath = dsn.Address(ch.ReturnPath)
	}
	if o.MessageID == "" {
		o.MessageID = dsn.TrimMessageID(ch.MessageID)
	}
	if o.MessageID == "" {
		o.MessageID = mail.MessageID
	}
	return o
}
