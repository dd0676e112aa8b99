package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestForwardingTexts: refusals met by forwarded mail. Outlook.com's 5.7.515
// in the words of its announcement ("does not meet") is authfailure like the
// catalogued "doesn't meet"; SimpleLogin's "Email not exist" is a user-unknown
// text (filtered after DATA, userunknown at RCPT), its "Disabled mailbox" (E518)
// suspend. Near misses keep their own reading.
func TestForwardingTexts(t *testing.T) {
	for _, tc := range []struct {
		name, host, diag, cmd string
		want                  Reason
	}{
		{"5.7.515 does not", "hotmail-com.olc.protection.outlook.com", "550 5.7.515 Access denied, sending domain [example.org] does not meet the required authentication level.", "DATA", AuthFailure},
		{"5.7.515 does not, other host", "mx.forwarder.example", "550 5.7.515 Access denied, sending domain [example.org] does not meet the required authentication level.", "DATA", AuthFailure},
		{"simplelogin E502 at DATA", "mx1.simplelogin.co", "550 5.0.0 SL E502 Email not exist", "DATA", Filtered},
		{"simplelogin E515 at RCPT", "mx1.simplelogin.co", "550 5.1.1 SL E515 Email not exist", "RCPT", UserUnknown},
		{"simplelogin E518", "mx1.simplelogin.co", "550 5.0.0 SL E518 Disabled mailbox", "DATA", Suspend},
		// Near misses.
		{"meets the required level", "mx.example.net", "550 5.7.1 your message does not meet the required size level", "DATA", SecurityError},
		{"email exists", "mx.example.net", "550 5.0.0 SL E523 Unknown error", "DATA", OnHold},
		{"unverified mailbox", "mx1.simplelogin.co", "550 5.0.0 SL E517 unverified mailbox", "DATA", OnHold},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fact(tc.host, "user@example.com", tc.diag[4:9], tc.diag)
			f.Recipients[0].Command = tc.cmd
			v := classifyOne(t, f)
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
