package classify

import "github.com/bounce-milter/bounce-milter/dsn"

// TextRecord builds the Record of a recipient that the report does not
// list but that is known from outside it, such as the recipient a
// bounce's VERP envelope address encodes, when only the report's text
// says what went wrong. The stages read text as that recipient's
// diagnostic: the phrases of the text tables, the status code, reply code
// and command found in it, the provider of the recipient's domain, then
// the fallbacks (onhold for text that names no reason, undefined for no
// text). The fact is a failed delivery; its diagnosticcode is text, cut
// to dsn.MaxDiagnosticBytes between characters (lhost.ReportText gives a
// report's own text with white space folded). r supplies the
// message's own facts (the original's sender, the dates, the reporting
// MTA); its kind, decoder and recipients are not read, and r is not
// changed. DecodedBy is left empty for the caller to name the source.
func TextRecord(origin string, r *dsn.Report, recipient, text string) Record {
	rep := dsn.Report{Kind: dsn.DeliveryReport}
	if r != nil {
		rep = *r
		rep.Kind, rep.Decoder, rep.FeedbackType = dsn.DeliveryReport, "", ""
	}
	diag := cutUTF8(text, dsn.MaxDiagnosticBytes)
	rep.Recipients = []dsn.Recipient{{
		Recipient:      recipient,
		Action:         dsn.ActionFailed,
		Status:         dsn.FindStatus(diag),
		ReplyCode:      dsn.FindReplyCode(diag),
		Command:        dsn.FindCommand(diag),
		DiagnosticCode: diag,
	}}
	rc := &rep.Recipients[0]
	return NewRecord(origin, &rep, rc, ClassifyRecipient(&rep, rc))
}
