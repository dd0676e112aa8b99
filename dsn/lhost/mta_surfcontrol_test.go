package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestSurfControl: WebSense SurfControl E-mail Filter's transcript notice
// (layout: sisimai/p5-sisimai lib/Sisimai/Lhost/SurfControl.pm).
func TestSurfControl(t *testing.T) {
	head := "From: postmaster@corp.example\nTo: a@sender.example\nSubject: Undeliverable\n" +
		"X-Mailer: SurfControl E-mail Filter\nX-SEF-Processed: 0_0_0_000__2010_04_29_23_34_45\n" +
		"Content-Type: text/plain\n\n"
	tests := []struct {
		name   string
		body   string
		want   []wantRecipient
		remote string
		none   bool
	}{
		{
			name: "one recipient",
			body: "Your message could not be sent.\nA transcript of the attempts to send the message follows.\n" +
				"The number of attempts made: 1\nAddressed To: kim@corp.example\n\nThu 29 Apr 2010 23:34:45 +0900\n" +
				"Failed to send to identified host,\nkim@corp.example: [192.0.2.5], 550 kim@corp.example... No such user\n" +
				"--- Message non-deliverable.\n",
			want:   []wantRecipient{{addr: "kim@corp.example", diagContains: "550 kim@corp.example... No such user"}},
			remote: "192.0.2.5",
		},
		{
			name: "near miss: no intro line",
			body: "Addressed To: kim@corp.example\nkim@corp.example: [192.0.2.5], 550 kim@corp.example... No such user\n",
			none: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := dsn.ReadMessage([]byte(head + tt.body))
			require.NoError(t, err)
			require.True(t, surfControlDecoder{}.Match(m))
			r := surfControlDecoder{}.Decode(m)
			if tt.none {
				assert.Nil(t, r)
				return
			}
			require.NotNil(t, r)
			checkRecipients(t, r, tt.want)
			assert.Equal(t, tt.remote, r.Recipients[0].RemoteMTA)
		})
	}
	m, err := dsn.ReadMessage([]byte("From: a@b.example\nX-Mailer: Microsoft Outlook\nSubject: hi\n\nYour message could not be sent.\n"))
	require.NoError(t, err)
	assert.False(t, surfControlDecoder{}.Match(m), "another mailer's message")
}
