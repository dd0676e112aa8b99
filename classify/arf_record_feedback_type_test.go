package classify_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// arf13Report writes an RFC 5965 feedback report with the given
// message/feedback-report fields.
func arf13Report(fields string) string {
	return "From: <abuse-reports@receiver.example>\nTo: <abuse@sender.example>\nSubject: FW: Product update\n" +
		"Date: Mon, 23 Nov 2026 11:00:00 +0000\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=feedback-report; boundary=\"q13\"\n\n" +
		"--q13\nContent-Type: text/plain\n\nThis is an email abuse report for an email message received from IP 192.0.2.9.\n\n" +
		"--q13\nContent-Type: message/feedback-report\n\n" + fields + "\n" +
		"--q13\nContent-Type: message/rfc822\n\nFrom: news@sender.example\nTo: <u@receiver.example>\nSubject: Product update\n\nbody\n" +
		"--q13--\n"
}

// TestARFRecordFeedbackType: the record's feedbacktype is the
// Feedback-Type's token (RFC 5965 section 3.5: [CFWS] token [CFWS]), not
// the comment around it; the reason stays feedback.
func TestARFRecordFeedbackType(t *testing.T) {
	for _, c := range []struct{ field, want string }{
		{"Feedback-Type: abuse (user clicked spam)", "abuse"},
		{"Feedback-Type: Not-Spam (moved back to inbox)", "not-spam"},
		{"Feedback-Type: (old generator) dkim", "dkim"},
		// Near misses: plain values unchanged.
		{"Feedback-Type: auth-failure", "auth-failure"},
		{"Feedback-Type: opt-out", "opt-out"},
	} {
		msg := arf13Report(c.field + "\nUser-Agent: ReceiverFeedback/3.1\nVersion: 1\nOriginal-Rcpt-To: <u@receiver.example>\n")
		r, err := dsn.Parse(strings.NewReader(msg), lhost.Registry())
		require.NoError(t, err)
		require.Len(t, r.Recipients, 1)
		v := classify.ClassifyRecipient(r, &r.Recipients[0])
		rec := classify.NewRecord("t", r, &r.Recipients[0], v)
		assert.Equal(t, classify.Reason("feedback"), rec.Reason, c.field)
		assert.Equal(t, c.want, rec.FeedbackType, c.field)
		assert.Equal(t, "u@receiver.example", rec.Recipient, c.field)
	}
}
