package lhost

import (
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// nonReadReceiptDecoder reads the non-read receipts of Exchange and
// Outlook ("Not read: <subject>", message class REPORT.IPM.Note.IPNNRN,
// [MS-OXOMSG] section 2.2.2.1): a message disposition notification sent
// when a message that asked for a read receipt is deleted unread, by the
// reader or by the mailbox's retention cleanup. Its disposition is
// "automatic-action/MDN-sent-automatically; deleted", the disposition a
// Sieve "reject" uses too (RFC 5429 section 2.1.2), which
// dsn.MDNDecoder reads as a failure. A non-read receipt is no failure: the
// message was delivered to the mailbox (RFC 8098 section 3.2.6.2,
// "deleted: The message has been deleted. The recipient may or may not
// have seen the message."). Its human-readable part says so in
// Exchange's words, "was deleted without being read" (Microsoft KB
// Q186215, "XADM: Cleanup of Items Past Retention Triggers Read
// Receipts": "The message was deleted without being read."), which a
// rejection's text (Dovecot's "was automatically rejected", a user's
// reject reason) does not hold. Such a receipt is reported as a read
// receipt, Kind dsn.ReadReceipt, as dsn.MDNDecoder reports the others.
type nonReadReceiptDecoder struct{}

// NonReadReceipt is the name of nonReadReceiptDecoder.
const NonReadReceipt dsn.DecoderName = "NonReadReceipt"

func (nonReadReceiptDecoder) Name() dsn.DecoderName { return NonReadReceipt }

// Marks returns dsn.MDNDecoder's marks (the report-type): a non-read
// receipt is a disposition notification.
func (nonReadReceiptDecoder) Marks() []dsn.Mark { return dsn.MDNDecoder{}.Marks() }

// nonReadPhrase is Exchange's wording of a non-read receipt.
const nonReadPhrase = "deleted without being read"

// Match reports whether m is a disposition notification whose text says
// the message was deleted without being read.
func (nonReadReceiptDecoder) Match(m *dsn.Message) bool {
	if !(dsn.MDNDecoder{}).Match(m) {
		return false
	}
	// The human-readable part: text/plain, or the first text part where
	// the receipt has only HTML.
	return mailtext.IndexFold(mailtext.FoldSpace(m.TextBody()), nonReadPhrase) >= 0
}

// Decode reads m as dsn.MDNDecoder does and reports it as a read receipt
// even where its disposition is the deleted one.
func (nonReadReceiptDecoder) Decode(m *dsn.Message) *dsn.Report {
	r := (dsn.MDNDecoder{}).Decode(m)
	if r == nil {
		return nil
	}
	r.Kind = dsn.ReadReceipt
	for i := range r.Recipients {
		rc := &r.Recipients[i]
		rc.Action = ""
		rc.DiagnosticCode = mailtext.Truncate(mailtext.FoldSpace(rc.Fields.Get("Disposition")), dsn.MaxDiagnosticBytes)
	}
	return r
}
