package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestInterScanSession: an InterScan Messaging Security Suite notice that
// quotes the SMTP session ("Sent <<< RCPT TO:<...>", "Received >>> 550
// ..."; sisimai/go-sisimai lhost/via-interscanmss.go) instead of naming the
// recipient in an "Unable to deliver message to <...>" line.
func TestInterScanSession(t *testing.T) {
	head := "From: \"InterScan MSS\" <imss@corp.example>\nTo: a@sender.example\n" +
		"Subject: Mail could not be delivered\nContent-Type: text/plain\n\n" +
		"This message is from InterScan Messaging Security Suite.\n\n"
	tests := []struct {
		name string
		body string
		want []wantRecipient
		none bool
	}{
		{
			name: "rcpt refused",
			body: "Sent <<< RCPT TO:<li@corp.example>\nReceived >>> 550 5.1.1 <li@corp.example>... user unknown\n",
			want: []wantRecipient{{addr: "li@corp.example", diagContains: "550 5.1.1 <li@corp.example>... user unknown"}},
		},
		{
			name: "two recipients, one accepted",
			body: "Sent <<< RCPT TO:<ok@corp.example>\nReceived >>> 250 2.1.5 Ok\n" +
				"Sent <<< RCPT TO:<gone@corp.example>\nReceived >>> 550 5.1.1 unknown user.\n",
			want: []wantRecipient{{addr: "gone@corp.example", diagContains: "550 5.1.1 unknown user."}},
		},
		{
			name: "arrows turned round (localized notice)",
			body: "送信 >>> RCPT TO:<ken@corp.example>\n受信 <<< 550 5.1.1 <ken@corp.example>... user unknown\n",
			want: []wantRecipient{{addr: "ken@corp.example", diagContains: "user unknown"}},
		},
		{
			name: "data refused after accepted rcpt",
			body: "Sent <<< RCPT TO:<ann@corp.example>\nReceived >>> 250 2.1.5 Ok\n" +
				"Sent <<< DATA\nReceived >>> 354 go ahead\nSent <<< .\nReceived >>> 554 5.7.1 Message rejected\n",
			want: []wantRecipient{{addr: "ann@corp.example", diagContains: "554 5.7.1 Message rejected"}},
		},
		{
			name: "near miss: every reply accepted",
			body: "Sent <<< RCPT TO:<ann@corp.example>\nReceived >>> 250 2.1.5 Ok\nSent <<< DATA\nReceived >>> 354 go ahead\n",
			none: true,
		},
		{
			name: "near miss: arrows in prose, no command",
			body: "Quoted text >>> see below <<< end\nReceived >>> 550 not a session\n",
			none: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := dsn.ReadMessage([]byte(head + tt.body))
			require.NoError(t, err)
			r := interScanDecoder{}.Decode(m)
			if tt.none {
				assert.Nil(t, r)
				return
			}
			require.NotNil(t, r)
			checkRecipients(t, r, tt.want)
		})
	}
}
