package dsn_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// mdn builds a message disposition notification in the layout of RFC 8098
// section 9 (its examples): a multipart/report with a text part, the
// disposition-notification part holding fields, and the original's header.
func mdn(partType, fields string) string {
	return "From: Joe Recipient <joe@example.net>\n" +
		"To: Jane Sender <jane@example.com>\n" +
		"Subject: Read: Meeting\n" +
		"Date: Wed, 20 Sep 2017 00:19:00 +0000\n" +
		"MIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=disposition-notification;\n" +
		"\tboundary=\"RAA14128.773615765/example.net\"\n\n" +
		"--RAA14128.773615765/example.net\n" +
		"Content-Type: text/plain\n\n" +
		"The message sent on 2017-09-19 to joe@example.net with subject \"Meeting\" has been displayed.\n" +
		"This is no guarantee that the message has been read or understood.\n\n" +
		"--RAA14128.773615765/example.net\n" +
		"Content-Type: " + partType + "\n\n" +
		fields +
		"\n--RAA14128.773615765/example.net\n" +
		"Content-Type: text/rfc822-headers\n\n" +
		"From: Jane Sender <jane@example.com>\n" +
		"To: Joe Recipient <joe@example.net>, Other <other@example.org>\n" +
		"Subject: Meeting\n" +
		"Message-ID: <199509192301.23456@example.org>\n\n" +
		"--RAA14128.773615765/example.net--\n"
}

func TestParseReadReceipt(t *testing.T) {
	const full = "Reporting-UA: joes-pc.cs.example.com; Foomail 97.1\n" +
		"Original-Recipient: rfc822;Joe@example.net\n" +
		"Final-Recipient: rfc822;joe@example.net\n" +
		"Original-Message-ID: <199509192301.23456@example.org>\n" +
		"Disposition: manual-action/MDN-sent-manually; displayed\n"
	for _, tc := range []struct {
		name, partType, fields string
		rcpt, alias, host      string
		disposition            string
	}{
		{"displayed", "message/disposition-notification", full,
			"joe@example.net", "Joe@example.net", "joes-pc.cs.example.com", "manual-action/MDN-sent-manually; displayed"},
		{"deleted is no failure either", "message/disposition-notification",
			strings.Replace(full, "displayed", "deleted", 1),
			"joe@example.net", "Joe@example.net", "joes-pc.cs.example.com", "manual-action/MDN-sent-manually; deleted"},
		{"internationalised", "message/global-disposition-notification",
			strings.Replace(full, "rfc822;joe@example.net", "utf-8;joe@example.net", 1),
			"joe@example.net", "Joe@example.net", "joes-pc.cs.example.com", "manual-action/MDN-sent-manually; displayed"},
		{"no Final-Recipient: the sender of the receipt", "message/disposition-notification",
			"Reporting-UA: joes-pc.cs.example.com\nOriginal-Message-ID: <199509192301.23456@example.org>\nDisposition: automatic-action/MDN-sent-automatically; displayed\n",
			"joe@example.net", "", "joes-pc.cs.example.com", "automatic-action/MDN-sent-automatically; displayed"},
		{"folded disposition, no Reporting-UA", "message/disposition-notification",
			"Final-Recipient: rfc822; joe@example.net\nOriginal-Message-ID: <199509192301.23456@example.org>\nDisposition: automatic-action/MDN-sent-automatically;\n  displayed\n",
			"joe@example.net", "", "", "automatic-action/MDN-sent-automatically; displayed"},
	} {
		for _, eol := range []string{"\n", "\r\n", "\r"} {
			t.Run(fmt.Sprintf("%s/%q", tc.name, eol), func(t *testing.T) {
				raw := strings.ReplaceAll(mdn(tc.partType, tc.fields), "\n", eol)
				r, err := dsn.ParseBytes([]byte(raw), lhost.Registry())
				require.NoError(t, err)
				assert.Equal(t, dsn.ReadReceipt, r.Kind)
				assert.Equal(t, "read-receipt", r.Kind.String())
				assert.Equal(t, string(dsn.RFC8098), r.Decoder)
				assert.Equal(t, tc.host, r.ReportingMTA)
				assert.Equal(t, "199509192301.23456@example.org", r.Original.MessageID)
				assert.Equal(t, "jane@example.com", r.Original.From)
				require.Len(t, r.Recipients, 1, "the receipt's reader, not the original's other recipients")
				rc := r.Recipients[0]
				assert.Equal(t, tc.rcpt, rc.Recipient)
				assert.Equal(t, tc.alias, rc.OriginalRecipient)
				assert.Empty(t, rc.Action, "a read receipt is not a delivery attempt")
				assert.True(t, rc.Status.IsZero())
				assert.Equal(t, tc.disposition, rc.DiagnosticCode)
			})
		}
	}
}

// TestReadReceiptWithoutItsPart checks that a report announcing a
// disposition notification without the part is not a bounce.
func TestReadReceiptWithoutItsPart(t *testing.T) {
	raw := "From: joe@example.net\nTo: jane@example.com\nSubject: Read: Meeting\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=disposition-notification; boundary=B\n\n" +
		"--B\nContent-Type: text/plain\n\nYour message was displayed.\n--B--\n"
	r, err := dsn.ParseBytes([]byte(raw), lhost.Registry())
	require.NoError(t, err)
	assert.NotEqual(t, dsn.ReadReceipt, r.Kind)
	for _, rc := range r.Recipients {
		assert.NotEqual(t, dsn.ActionFailed, rc.Action)
	}
}

// TestSieveRejectMDN checks that the MDN a Sieve reject sends (RFC 5429;
// disposition "automatic-action/MDN-sent-automatically; deleted", as
// Dovecot, Pigeonhole and Cyrus write it) is a failure of its
// Final-Recipient with the notification as its Notice, and that every
// other disposition stays a read receipt.
func TestSieveRejectMDN(t *testing.T) {
	const base = "Reporting-UA: mx.example.net; Sieve filter\n" +
		"Final-Recipient: rfc822; joe@example.net\n" +
		"Original-Message-ID: <199509192301.23456@example.org>\n"
	for _, tc := range []struct {
		name, disposition string
		reject            bool
	}{
		{"automatic deleted", "automatic-action/MDN-sent-automatically; deleted", true},
		{"spacing and case", "Automatic-Action/MDN-Sent-Automatically ;  Deleted", true},
		{"with a modifier", "automatic-action/MDN-sent-automatically; deleted/error", true},
		{"folded", "automatic-action/MDN-sent-automatically;\n  deleted", true},
		{"reader deleted it", "manual-action/MDN-sent-manually; deleted", false},
		{"automatic displayed", "automatic-action/MDN-sent-automatically; displayed", false},
		{"automatic processed", "automatic-action/MDN-sent-automatically; processed", false},
		{"no type", "automatic-action/MDN-sent-automatically", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := mdn("message/disposition-notification", base+"Disposition: "+tc.disposition+"\n")
			r, err := dsn.ParseBytes([]byte(raw), lhost.Registry())
			require.NoError(t, err)
			require.Len(t, r.Recipients, 1)
			rc := r.Recipients[0]
			assert.Equal(t, "joe@example.net", rc.Recipient)
			if !tc.reject {
				assert.Equal(t, dsn.ReadReceipt, r.Kind)
				assert.Empty(t, rc.Action)
				return
			}
			assert.Equal(t, dsn.DeliveryReport, r.Kind)
			assert.True(t, r.IsBounce())
			assert.Equal(t, dsn.ActionFailed, rc.Action)
			assert.Contains(t, rc.Notice, "has been displayed", "the notification text is the recipient's notice")
		})
	}
}
