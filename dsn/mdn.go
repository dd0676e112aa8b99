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
// Kind ReadReceipt, never as a failure, whatever its disposition, with one
// exception: a Sieve reject (RFC 5429) is sent as an MDN whose disposition
// is "automatic-action/MDN-sent-automatically; deleted", and that is a
// refusal, reported as a DeliveryReport whose recipient failed (see
// sieveReject).
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
	if sieveReject(fs.Get("Disposition")) {
		r.Kind = DeliveryReport
		rc.Action = ActionFailed
	}
	r.Recipients = append(r.Recipients, rc)
	if r.Kind == DeliveryReport {
		r.KeepNotices(m.notificationText())
	}
	return r
}

// sieveReject reports whether an MDN's Disposition value says a filter
// refused the message: action mode automatic-action and disposition type
// deleted (RFC 8098 section 3.2.6: "disposition-mode; disposition-type
// [/ modifiers]"). It is what the Sieve reject action sends back, as
// Dovecot 2.3.19.1 (src/lib-lda/mail-send.c mail_send_rejection),
// Pigeonhole 0.5.19 (src/lib-sieve/sieve-actions.c
// sieve_action_do_reject_mail) and Cyrus IMAP 3.6.1 (imap/lmtp_sieve.c
// send_rejection) write it. A reader's deletion (manual-action) stays a
// read receipt.
func sieveReject(disposition string) bool {
	mode, typ, ok := strings.Cut(strings.ToLower(disposition), ";")
	if !ok {
		return false
	}
	action, _, _ := strings.Cut(mailtext.TrimSpace(mode), "/")
	typ, _, _ = strings.Cut(mailtext.TrimSpace(typ), "/")
	return mailtext.TrimSpace(action) == "automatic-action" && mailtext.TrimSpace(typ) == "deleted"
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
