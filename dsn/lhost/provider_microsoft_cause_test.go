package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestOffice365SummaryCause checks which line the Office 365 decoder
// takes for the cause under the summary of its newest layout.
func TestOffice365SummaryCause(t *testing.T) {
	const head = "From: postmaster@contoso.onmicrosoft.com\nTo: lee@example.org\nSubject: Undeliverable: Minutes\n" +
		"Content-Type: text/plain; charset=\"us-ascii\"\n\n"
	tests := []struct {
		name, body, diag string
	}{
		{"on the next line", "Your message to ann@example.com couldn't be delivered.\nann wasn't found at example.com.\n", "ann wasn't found at example.com."},
		{"after a blank line", "Your message to ann@example.com couldn't be delivered.\n\nann wasn't found at example.com.\nlee\tOffice 365\tann\n", "ann wasn't found at example.com."},
		{"a section heading is no cause", "Your message to ann@example.com couldn't be delivered.\n\nMore Info for Email Admins\nStatus code: 550 5.1.10\n", "550 5.1.10"},
		{"two blank lines: nothing taken", "Your message to ann@example.com couldn't be delivered.\n\n\nsomething further down\nError Details\n", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(head+tc.body), Registry())
			require.NoError(t, err)
			require.Equal(t, "Office365", r.Decoder)
			require.Len(t, r.Recipients, 1)
			assert.Equal(t, "ann@example.com", r.Recipients[0].Recipient)
			assert.Equal(t, tc.diag, r.Recipients[0].DiagnosticCode)
		})
	}
}
