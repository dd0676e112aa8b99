package classify

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// arf8Batch attaches feedback reports of the given types, one recipient
// each, to a message that is no report itself (batched complaints, RFC
// 6449 section 3.2; RFC 5965 appendix B's layout for each).
func arf8Batch(types ...string) string {
	var b strings.Builder
	b.WriteString("From: <batch@receiver.example>\nTo: <fbl@sender.example>\nSubject: reports\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/mixed; boundary=\"m\"\n\n--m\nContent-Type: text/plain\n\nReports attached.\n\n")
	for i, ft := range types {
		n := string(rune('a' + i))
		b.WriteString("--m\nContent-Type: message/rfc822\n\n" +
			"From: <fbl@receiver.example>\nTo: <fbl@sender.example>\nSubject: report\nMIME-Version: 1.0\n" +
			"Content-Type: multipart/report; report-type=feedback-report; boundary=\"r" + n + "\"\n\n" +
			"--r" + n + "\nContent-Type: text/plain\n\nThis is an email abuse report.\n\n" +
			"--r" + n + "\nContent-Type: message/feedback-report\n\nFeedback-Type: " + ft +
			"\nUser-Agent: X/1\nVersion: 1\nOriginal-Rcpt-To: <" + n + "@receiver.example>\n\n" +
			"--r" + n + "\nContent-Type: text/rfc822-headers\n\nFrom: news@sender.example\nTo: " + n + "@receiver.example\n\n" +
			"--r" + n + "--\n\n")
	}
	b.WriteString("--m--\n")
	return b.String()
}

// TestARFBatchFeedbackTypes: each complaint of a batch keeps its own
// report's Feedback-Type.
func TestARFBatchFeedbackTypes(t *testing.T) {
	cases := []struct {
		name  string
		types []string
	}{
		{"same", []string{"abuse", "abuse"}},
		{"mixed", []string{"abuse", "not-spam", "Opt-Out"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.Parse(strings.NewReader(arf8Batch(tc.types...)), lhost.Registry())
			require.NoError(t, err)
			recs := Records("batch", r)
			require.Len(t, recs, len(tc.types))
			for i, ft := range tc.types {
				assert.Equal(t, Feedback, recs[i].Reason)
				assert.Equal(t, strings.ToLower(ft), recs[i].FeedbackType)
				assert.Equal(t, string(rune('a'+i))+"@receiver.example", recs[i].Recipient)
			}
		})
	}
}
