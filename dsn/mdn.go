package dsn

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// MDNDecoder recognises message disposition notifications (RFC 8098),
// the read receipts mail clients send when a message is displayed,
// deleted or otherwise disposed of: a multipart/report with
// report-type=disposition-notification and a
// message/disposition-notification part, or its internationalised form
// message/global-disposition-notification (RFC 6533 section 6.2). A read
// receipt says the message was delivered and opened: it is reported as
// Kind ReadReceipt, never as a failure.
//
// One disposition is a failure: "automatic-action/MDN-sent-automatically;
// deleted", which is how a Sieve "reject" refuses a message after it was
// accepted (RFC 5429 section 2.1.2; RFC 3028 section 4.1 before it), and
// how delivery agents send their rejections (Dovecot's LDA and LMTP,
// dovecot/core:src/lib-lda/mail-send.c, mail_send_rejection; Cyrus's
// lmtpd for its Sieve reject): the message was thrown away by a rule, not
// read. Such a notification is a delivery report whose recipient failed,
// its diagnostic text the notification's human-readable part, where the
// reason is given ("Quota exceeded (mailbox for user is full)", the
// user's reject text).
//
// The recipient it reports is the Final-Recipient, the address whose
// user agent sent the notification (RFC 8098 section 3.2.4); its Action
// is empty, since RFC 3464's actions describe delivery attempts and an
// MDN reports what happened after delivery. The disposition field
// ("automatic-action/MDN-sent-automatically; displayed") becomes the
// diagnostic text, and every field is kept in Fields.
type MDNDecoder struct{}

func (MDNDecoder) Name() DecoderName { return RFC8098 }

// mdnTypes are the media types of a disposition-notification part.
var mdnTypes = []string{
	"message/disposition-notification",        // RFC 8098 section 3.1
	"message/global-disposition-notification", // RFC 6533 section 6.2
}

// Match reports whether m is a disposition notification or has a
// disposition-notification part.
func (MDNDecoder) Match(m *Message) bool {
	return strings.EqualFold(m.Param("report-type"), "disposition-notification") ||
		m.FindPart(mdnTypes...) != nil
}

// Decode reads the disposition-notification part of m.
func (MDNDecoder) Decode(m *Message) *Report {
	p := m.FindPart(mdnTypes...)
	if p == nil {
		return nil
	}
	var fs Fields
	for _, g := range ParseFields(p.Body, 4) {
		fs = append(fs, g...)
	}
	rcpt := typedAddress(fs.Get("Final-Recipient"))
	if rcpt == "" {
		// RFC 8098 requires Final-Recipient; without it, the notification's
		// sender is the reader.
		rcpt = m.Header.Address("From")
	}
	if rcpt == "" {
		return nil
	}
	r := &Report{Kind: ReadReceipt, Fields: fs}
	// "Reporting-UA: host.example.org; Mail client 1.0": the name (of
	// the host, as a rule) comes first (RFC 8098 section 3.2.1).
	name, _, _ := strings.Cut(fs.Get("Reporting-Ua"), ";")
	r.ReportingMTA = mailtext.TrimSpace(name)
	r.Original, _ = m.Original()
	if id := fs.Get("Original-Message-Id"); id != "" {
		r.Original.MessageID = TrimMessageID(id)
	}
	rc := Recipient{
		Recipient:         rcpt,
		OriginalRecipient: typedAddress(fs.Get("Original-Recipient")),
		DiagnosticCode:    mailtext.Truncate(mailtext.FoldSpace(fs.Get("Disposition")), MaxDiagnosticBytes),
		Fields:            fs,
	}
	if isRejection(fs.Get("Disposition")) {
		r.Kind = DeliveryReport
		rc.Action = ActionFailed
		if t := m.FindPart("text/plain"); t != nil {
			if text := mailtext.FoldSpace(t.Text()); text != "" {
				rc.DiagnosticCode = mailtext.Truncate(text, MaxDiagnosticBytes)
			}
		}
	}
	r.Recipients = append(r.Recipients, rc)
	return r
}

// isRejection reports whether an MDN's disposition (RFC 8098 section
// 3.2.6: "mode/sending-mode; type[/modifier]") is the one that rejects:
// the automatic-action mode with the deleted type (RFC 5429 section 2.1.2).
func isRejection(disposition string) bool {
	mode, typ, ok := strings.Cut(disposition, ";")
	if !ok {
		return false
	}
	action, _, _ := strings.Cut(mode, "/")
	typ, _, _ = strings.Cut(typ, "/")
	return strings.EqualFold(mailtext.TrimSpace(action), "automatic-action") &&
		strings.EqualFold(mailtext.TrimSpace(typ), "deleted")
}

// typedAddress returns the address in a typed address field value
// ("rfc822; user@example.org"), or in an untyped one.
func typedAddress(v string) string {
	_, a := SplitTyped(v)
	return Address(a)
}

// Marks returns the header evidence of a disposition notification: its
// Content-Type's report-type (RFC 8098 section 3).
func (MDNDecoder) Marks() []Mark {
	return []Mark{{Field: "Content-Type", Test: MarkContains, Value: "disposition-notification"}}
}
