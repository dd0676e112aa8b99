package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestDominoUnlabelledReason: a Domino reason in ISO-8859-1 bytes under no
// charset is converted when the conversion holds a localised Domino
// reason; other 8-bit text, and text already valid, stay as they came.
func TestDominoUnlabelledReason(t *testing.T) {
	raw := func(reason string) string {
		return "From: Postmaster%EXBE@smtp.example.be\nTo: s@example.org\nSubject: DELIVERY FAILURE: User\n" +
			"MIME-Version: 1.0\nContent-Type: text/plain\nContent-Transfer-Encoding: 8bit\n\n" +
			"Your message\n\n  Subject: hi\n\nwas not delivered to:\n\n  mlenoir@example.be\n\nbecause:\n\n  " + reason + "\n\n"
	}
	tests := []struct{ name, reason, want string }{
		{"French in Latin-1", "User Marc Lenoir (mlenoir@example.be) non r\xe9pertori\xe9 dans l'annuaire Domino",
			"User Marc Lenoir (mlenoir@example.be) non répertorié dans l'annuaire Domino"},
		{"French in UTF-8", "User Marc Lenoir (mlenoir@example.be) non répertorié dans l'annuaire Domino",
			"User Marc Lenoir (mlenoir@example.be) non répertorié dans l'annuaire Domino"},
		{"other 8-bit text kept", "Benutzer M\xfcller unbekannt", "Benutzer M\xfcller unbekannt"},
		{"English", "User Marc Lenoir (mlenoir@example.be) not listed in Domino Directory",
			"User Marc Lenoir (mlenoir@example.be) not listed in Domino Directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := decodeMTA(t, raw(tt.reason))
			require.Equal(t, dsn.DeliveryReport, r.Kind, "notes: %v", r.Notes)
			assert.Equal(t, string(Domino), string(r.Decoder))
			checkRecipients(t, r, []wantRecipient{{addr: "mlenoir@example.be"}})
			assert.Equal(t, tt.want, r.Recipients[0].DiagnosticCode)
		})
	}
}
