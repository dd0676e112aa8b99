package lhost

import "github.com/bounce-milter/bounce-milter/dsn"

// rfc3464Decoder reads delivery status notifications (RFC 3464) for the
// registry: package dsn's RFC3464Decoder (its name, header test and marks), with the
// repairs of faults some MTAs' notifications are known for, which take this
// package's knowledge of their text layouts:
//   - Sendmail cuts a multi-line reply to its first line in
//     Diagnostic-Code; the rest is taken from its transcript
//     (completeCutReplies).
//   - Exim writes a Diagnostic-Code only for a remote host's reply; a
//     local failure's explanation, a delay's reason and the program or
//     file of a delivery are taken from its text part
//     (completeFromEximText).
type rfc3464Decoder struct{ dsn.RFC3464Decoder }

// Decode reads the notification and repairs what it can.
func (d rfc3464Decoder) Decode(m *dsn.Message) *dsn.Report {
	r := d.RFC3464Decoder.Decode(m)
	if r != nil {
		completeCutReplies(r, m)
		completeFromEximText(r, m)
	}
	return r
}
