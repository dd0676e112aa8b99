package dsn

import "strings"

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

func (appleUnsubscribeDecoder) Name() string { return "AppleUnsubscribe" }

func (appleUnsubscribeDecoder) Match(m *Message) bool {
	return strings.EqualFold(trimSpace(m.Header.Get("X-Apple-Unsubscribe")), "true")
}

func (appleUnsubscribeDecoder) Decode(m *Message) *Report {
	from := m.Header.Address("From")
	if from == "" {
		return nil
	}
	text := provUnfold(reportText(m))
	if len(text) > 512 {
		text = text[:512]
	}
	r := &Report{Kind: FeedbackReport, FeedbackType: "opt-out"}
	r.Fields = Fields{{Name: "Feedback-Type", Value: "opt-out"}, {Name: "Removal-Recipient", Value: from}}
	r.provAddRecipient(Recipient{Recipient: from, Action: ActionFailed, DiagnosticCode: text})
	// The request answers the unsubscribe address; the message the user
	// left is named only by its subject in the text.
	r.Original = Original{To: from, MessageID: trimMessageID(m.Header.Get("In-Reply-To"))}
	return r
}
