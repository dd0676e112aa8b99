package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// appleUnsubscribeDecoder reads the unsubscribe requests Apple Mail (on
// iCloud) sends to a list's mailto: List-Unsubscribe address (RFC 2369)
// when its user taps "Unsubscribe". They are complaints in effect, not
// auto-replies, though they carry Auto-Submitted: auto-replied:
//
//	From: user@icloud.com
//	To: opt-out-....@list.example.org
//	Subject: unsubscribe
//	X-Apple-Unsubscribe: true
//
//	Apple Mail sent this email to unsubscribe from the message "...".
//
// The report is a feedback report of type opt-out (RFC 6650) for the
// address that asked to leave, the message's author.
type appleUnsubscribeDecoder struct{}

func (appleUnsubscribeDecoder) Name() dsn.DecoderName { return AppleUnsubscribe }

func (appleUnsubscribeDecoder) Match(m *dsn.Message) bool {
	return strings.EqualFold(mailtext.TrimSpace(m.Header.Get("X-Apple-Unsubscribe")), "true")
}

func (appleUnsubscribeDecoder) Decode(m *dsn.Message) *dsn.Report {
	from := m.Header.Address("From")
	if from == "" {
		return nil
	}
	text := mailtext.Truncate(mailtext.FoldSpace(reportText(m)), 512)
	r := &dsn.Report{Kind: dsn.FeedbackReport, FeedbackType: "opt-out"}
	r.Fields = dsn.Fields{{Name: "Feedback-Type", Value: "opt-out"}, {Name: "Removal-Recipient", Value: from}}
	r.AddRecipient(dsn.Recipient{Recipient: from, DiagnosticCode: text})
	// The request answers the unsubscribe address; the message the user
	// left is named only by its subject in the text.
	r.Original = dsn.Original{To: from, MessageID: dsn.TrimMessageID(m.Header.Get("In-Reply-To"))}
	return r
}
