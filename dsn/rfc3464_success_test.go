package dsn_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// TestFailedWithSuccessCode reads delivery-status groups whose Action
// says the delivery failed (or is delayed) while the Status or the
// diagnostic is a success code (2.X.X, RFC 3463 section 3.1; 2XX, RFC
// 5321 section 4.2.1): the success code is dropped, so it cannot read as
// the outcome, and the report's text supplies the recipient's diagnostic.
// A delivered recipient keeps its codes.
func TestFailedWithSuccessCode(t *testing.T) {
	notice := "The mail system could not deliver your message.\n\n" +
		"<user@example.org>: host mx.example.org[192.0.2.7] said: 550 5.1.1\n    mailbox unavailable (in reply to RCPT TO command)\n"
	cases := []struct {
		name, fields string
		action       dsn.Action
		status       string // the recipient's status after decoding, "" for none
		diag         string // a substring of the diagnostic, "" for an empty one
		dropped      bool   // a note says a success code was dropped
	}{
		{"failed with 2.0.0 and 250", "Action: failed\nStatus: 2.0.0\nDiagnostic-Code: smtp; 250 OK\n",
			dsn.ActionFailed, "5.1.1", "mailbox unavailable", true},
		{"failed with 2.0.0 and a 5XX diagnostic", "Action: failed\nStatus: 2.0.0\nDiagnostic-Code: smtp; 550 5.1.1 mailbox unavailable\n",
			dsn.ActionFailed, "5.1.1", "550 5.1.1 mailbox unavailable", true},
		{"delayed with a 250 reply", "Action: delayed\nStatus: 4.4.1\nDiagnostic-Code: smtp; 250 2.1.5 Ok\n",
			dsn.ActionDelayed, "4.4.1", "mailbox unavailable", true},
		{"failed and consistent", "Action: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 no such user\n",
			dsn.ActionFailed, "5.1.1", "no such user", false},
		{"delivered keeps its codes", "Action: delivered\nStatus: 2.0.0\nDiagnostic-Code: smtp; 250 OK\n",
			dsn.ActionDelivered, "2.0.0", "250 OK", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(oneRecipientReport(notice, tc.fields)), lhost.Registry())
			require.NoError(t, err)
			require.Len(t, r.Recipients, 1)
			rc := r.Recipients[0]
			assert.Equal(t, tc.action, rc.Action)
			if tc.status == "" {
				assert.True(t, rc.Status.IsZero(), "status %s", rc.Status)
			} else {
				assert.Equal(t, tc.status, rc.Status.String())
			}
			assert.Contains(t, rc.DiagnosticCode, tc.diag)
			assert.Equal(t, tc.dropped, strings.Contains(strings.Join(r.Notes, "\n"), "with a success code"), "notes %q", r.Notes)
			// The fields as they came stay in the record.
			assert.NotEmpty(t, rc.Fields.Get("Status"))
		})
	}
}
