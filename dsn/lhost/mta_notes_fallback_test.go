package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestNotesFallbackRecipient: a Lotus Notes report whose "Failure Reasons"
// name a reason but no address gives the returned message's addressee, as
// Sisimai's Notes decoder does; one with an address line keeps it.
func TestNotesFallbackRecipient(t *testing.T) {
	head := "From: Postmaster@notes.example.com\nTo: s@example.org\nSubject: Undeliverable message\n" +
		"MIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\n------- Failure Reasons  --------\n\n"
	tail := "\n\n------- Returned Message --------\nFrom: s@example.org\nTo: r.cohen@notes.example.com\n" +
		"Subject: hi\nMessage-ID: <n1@example.org>\n\nhello\n"
	tests := []struct {
		name, body string
		want       []wantRecipient
	}{
		{"reason only", "User not listed in public Name & Address Book\n",
			[]wantRecipient{{addr: "r.cohen@notes.example.com", diagContains: "not listed in public Name & Address Book"}}},
		{"reason and address", "User not listed in public Name & Address Book\nold.user@example.net\n",
			[]wantRecipient{{addr: "old.user@example.net", diagContains: "not listed"}}},
		{"hop count, no address", "Message has exceeded maximum hop count\n",
			[]wantRecipient{{addr: "r.cohen@notes.example.com", diagContains: "maximum hop count"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := decodeMTA(t, head+tt.body+tail)
			require.Equal(t, dsn.DeliveryReport, r.Kind, "notes: %v", r.Notes)
			assert.Equal(t, string(Notes), string(r.Decoder))
			checkRecipients(t, r, tt.want)
		})
	}
}

// TestNotesFallbackNearMiss: without a reason the section says nothing
// failed, and without a returned message there is no one to name.
func TestNotesFallbackNearMiss(t *testing.T) {
	for _, raw := range []string{
		"From: Postmaster@notes.example.com\nTo: s@example.org\nSubject: Undeliverable message\n\n" +
			"------- Failure Reasons  --------\n\n\n------- Returned Message --------\nFrom: s@example.org\nTo: r@notes.example.com\nSubject: hi\n\nhello\n",
		"From: Postmaster@notes.example.com\nTo: s@example.org\nSubject: Undeliverable message\n\n" +
			"------- Failure Reasons  --------\n\nUser not listed in public Name & Address Book\n",
	} {
		m, err := dsn.ReadMessage([]byte(raw))
		require.NoError(t, err)
		require.True(t, (notesDecoder{}).Match(m))
		assert.Nil(t, notesDecoder{}.Decode(m), raw)
	}
}
