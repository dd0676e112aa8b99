package classify

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

func TestTextRecord(t *testing.T) {
	tests := []struct {
		name, text string
		reason     Reason
		hard       bool
		status     string
		rule       string // prefix
	}{
		{"user unknown with its code", "This is the mail system at host mx.example.net. I'm sorry to have to inform you " +
			"that your message could not be delivered. 550 5.1.1 <user@example.com>: Recipient address rejected: " +
			"User unknown in virtual mailbox table", UserUnknown, true, "5.1.1", ""},
		{"mailbox full", "Your message could not be delivered: the recipient's mailbox is full (552 5.2.2)",
			MailboxFull, false, "5.2.2", ""},
		{"a temporary failure names no hard bounce", "Delivery to user@example.com is delayed: 451 4.3.0 mail server temporarily rejected message",
			"", false, "4.3.0", ""},
		{"words that name nothing", "Something happened to your message. Please contact the administrator.",
			OnHold, false, "", "fallback/undecided-text"},
		{"no text", "", Undefined, false, "", "fallback/nothing"},
	}
	for _, tc := range tests {
		rec := TextRecord("f.eml", nil, "user@example.com", tc.text)
		assert.Equal(t, "user@example.com", rec.Recipient, tc.name)
		assert.Equal(t, "example.com", rec.Destination, tc.name)
		assert.Equal(t, "failed", rec.Action, tc.name)
		assert.Equal(t, "f.eml", rec.Origin, tc.name)
		assert.Equal(t, tc.text, rec.DiagnosticCode, tc.name)
		assert.Empty(t, rec.DecodedBy, "%s: the caller names the source", tc.name)
		if tc.reason != "" {
			assert.Equal(t, tc.reason, rec.Reason, tc.name)
		} else {
			assert.True(t, rec.Reason.IsFailure(), "%s: %s", tc.name, rec.Reason)
		}
		assert.Equal(t, tc.hard, rec.HardBounce, "%s: %s", tc.name, rec.Reason)
		if tc.status != "" {
			assert.Equal(t, tc.status, rec.DeliveryStatus, tc.name)
		}
		assert.True(t, strings.HasPrefix(rec.Rule, tc.rule), "%s: %s", tc.name, rec.Rule)
	}
}

// The report's own facts fill the record; the report is not changed.
func TestTextRecordReportFacts(t *testing.T) {
	when := time.Date(2024, 3, 1, 12, 0, 0, 0, time.FixedZone("", 3600))
	r := &dsn.Report{
		Kind: dsn.NotBounce, Decoder: "NotSeen", ReportingMTA: "mx.example.net", Date: when,
		Original: dsn.Original{From: "list@lists.example.org", MessageID: "m1@example.org", Subject: "News"},
	}
	rec := TextRecord("", r, "user@example.com", "550 5.1.1 user unknown")
	assert.Equal(t, "list@lists.example.org", rec.Addresser)
	assert.Equal(t, "lists.example.org", rec.SenderDomain)
	assert.Equal(t, "mx.example.net", rec.LHost)
	assert.Equal(t, "m1@example.org", rec.MessageID)
	assert.Equal(t, "News", rec.Subject)
	assert.Equal(t, when.Unix(), rec.Timestamp)
	assert.Equal(t, "+0100", rec.TimezoneOffset)
	assert.Equal(t, Token("list@lists.example.org", "user@example.com", when.Unix()), rec.Token)
	assert.Equal(t, "550", rec.ReplyCode)
	assert.Equal(t, dsn.NotBounce, r.Kind, "the report is not changed")
	assert.Equal(t, "NotSeen", r.Decoder)
	assert.Empty(t, r.Recipients)
}

// A long text is cut to the diagnostic bound, between characters.
func TestTextRecordLongText(t *testing.T) {
	text := strings.Repeat("é", dsn.MaxDiagnosticBytes) // two bytes each
	rec := TextRecord("", nil, "user@example.com", text)
	require.LessOrEqual(t, len(rec.DiagnosticCode), dsn.MaxDiagnosticBytes)
	assert.Greater(t, len(rec.DiagnosticCode), dsn.MaxDiagnosticBytes-2)
	assert.True(t, utf8.ValidString(rec.DiagnosticCode))
	assert.Equal(t, OnHold, rec.Reason)
}
