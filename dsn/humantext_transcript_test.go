package dsn

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestTranscriptCommand: a Sendmail transcript that names no recipient
// (the session failed at MAIL) gives its command to the recipient whose
// reply it quotes, and to no other.
func TestTranscriptCommand(t *testing.T) {
	const mailFailed = "   ----- The following addresses had permanent fatal errors -----\n" +
		"<daisuke@softbank.ne.jp>\n    (reason: 553 news.example.jp does not exist)\n\n" +
		"   ----- Transcript of session follows -----\n" +
		"... while talking to mx.softbank.ne.jp.:\n" +
		">>> MAIL From:<info@news.example.jp> SIZE=2048\n" +
		"<<< 553 news.example.jp does not exist\n" +
		"554 5.0.0 Service unavailable\n"
	cases := []struct {
		name, text, rcpt, diag, want string
	}{
		{"MAIL refused: the transcript's command", mailFailed, "daisuke@softbank.ne.jp", "553 news.example.jp does not exist", CommandMAIL},
		{"a disk-full deferral at MAIL", "... while talking to mx.example.co.jp.:\n>>> MAIL From:<> SIZE=2222\n<<< 452 4.4.5 Insufficient disk space; try again later\n",
			"neko@example.co.jp", "452 4.4.5 Insufficient disk space; try again later", CommandMAIL},
		// Near-misses: another reply, or no reply line, names no command.
		{"another reply", mailFailed, "daisuke@softbank.ne.jp", "550 5.1.1 User unknown", ""},
		{"a command without its reply", "... while talking to mx.example.org.:\n>>> DATA\n", "neko@example.org", "554 5.7.1 refused", ""},
		{"a reply without a command", "<<< 553 news.example.jp does not exist\n", "neko@example.org", "553 news.example.jp does not exist", ""},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			r := &Report{Recipients: []Recipient{{Recipient: tt.rcpt, DiagnosticCode: tt.diag}}}
			r.SupplementFromText(tt.text)
			assert.Equal(t, tt.want, r.Recipients[0].Command)
		})
	}
}
