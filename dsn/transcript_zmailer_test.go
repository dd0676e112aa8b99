package dsn

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestZMailerTranscriptCommand: the command a ZMailer report's "Diagnostic
// texts:" transcript shows the remote host answering with the recipient's
// Diagnostic-Code (layout of vger.kernel.org's reports archived on LKML).
func TestZMailerTranscriptCommand(t *testing.T) {
	failed := func(lines string) string {
		return "FAILED:\n  Original Recipient:\n      rfc822;bob@lynx.example\n  Diagnostic texts:\n" + lines
	}
	for _, tc := range []struct {
		name, para, diag, want string
	}{
		{"reply after the final dot is DATA", failed(`      <<- MAIL From:<list-owner@vger.example> BODY=8BITMIME SIZE=23117
     ->> 250 2.1.0 <list-owner@vger.example>... Sender ok
     <<- RCPT To:<bob@lynx.example> NOTIFY=FAILURE
     ->> 250 2.1.5 <bob@lynx.example>... Recipient ok
     <<- DATA
     ->> 354 Enter mail, end with "." on a line by itself
     <<- .
     ->> 553 5.0.0 Message-Id header line format error`), "553 (Message-Id header line format error)", CommandDATA},
		{"refusal at RCPT", failed(`      <<- MAIL From:<list-owner@vger.example> BODY=8BITMIME SIZE=3040
     ->> 250 2.1.0 <list-owner@vger.example>... Sender ok
     <<- RCPT To:<bob@lynx.example> NOTIFY=FAILURE
     ->> 550 5.7.1 <bob@lynx.example>... Mail from 192.0.2.194 refused by blackhole site dnsbl.example`),
			"550 (<bob@lynx.example>... Mail from 192.0.2.194 refused by blackhole site dnsbl.example)", CommandRCPT},
		// Near misses: a reply the transcript does not hold; Sendmail's arrows
		// only (transcriptCommand's); a paragraph without replies.
		{"other reply", failed("     <<- RCPT To:<bob@lynx.example>\n     ->> 550 5.1.1 unknown user"), "553 (Possible Spam)", ""},
		{"sendmail arrows", ">>> DATA\n<<< 554 5.7.1 Message refused", "554 5.7.1 Message refused", ""},
		{"no replies", failed("     <<- DATA"), "553 (x)", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, zmailerTranscriptCommand([]string{tc.para}, tc.diag))
		})
	}
}

// TestZMailerSupplement: SupplementFromText fills the command of a ZMailer
// report's recipient from its transcript.
func TestZMailerSupplement(t *testing.T) {
	text := "This is a collection of reports about email delivery\nprocess concerning a message you originated.\n\n" +
		"FAILED:\n  Original Recipient:\n      rfc822;bob@lynx.example\n  Diagnostic texts:\n" +
		"      <<- RCPT To:<bob@lynx.example>\n     ->> 250 2.1.5 Ok\n     <<- DATA\n     ->> 354 go ahead\n     <<- .\n     ->> 553 5.0.0 Possible Spam\n"
	r := &Report{Recipients: []Recipient{{Recipient: "bob@lynx.example", DiagnosticCode: "553 (Possible Spam)"}}}
	r.SupplementFromText(text)
	assert.Equal(t, CommandDATA, r.Recipients[0].Command)
}
