package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// win13GoogleNotice writes Google's titled notice (the layout of
// sisimai/go-sisimai lhost/via-googleworkspace.go): From Google's
// mailer-daemon, no RFC 3464 fields, the returned message attached.
func win13GoogleNotice(from, extraHeader, body, returnedTo string) string {
	return "From: Mail Delivery Subsystem <" + from + ">\nTo: office@sender.example\n" +
		"Subject: Delivery Status Notification (Failure)\n" + extraHeader + "MIME-Version: 1.0\n" +
		"Content-Type: multipart/mixed; boundary=\"g13\"\n\n--g13\nContent-Type: text/plain; charset=\"UTF-8\"\n\n" +
		body + "\n\n--g13\nContent-Type: message/rfc822\n\nFrom: office@sender.example\nTo: " + returnedTo +
		"\nSubject: Price list\nMessage-ID: <abc@mail.gmail.com>\n\nHello\n\n--g13--\n"
}

const win13SendAs = "** Message not delivered **\n\n" +
	"You're sending this from a different address or alias using the 'Send mail as' feature. The settings for your " +
	"'Send mail as' account are misconfigured or out of date. Check those settings and try resending.\n\n" +
	"Learn more here: https://support.google.com/mail/?p=CustomFromDenied\n\n" +
	"The response was:\nUnspecified Error (SENT_SECOND_EHLO): Smtp server does not advertise AUTH capability"

// TestGoogleWorkspaceSendAs: the 'Send mail as' failure names no address;
// the failed recipient is the returned message's first To, the diagnostic
// the line after "The response was:". Near misses: a notice whose sentence
// names the address is Gmail's decoder's; another sender's notice is not
// Google's; without a returned message there is no recipient to name.
func TestGoogleWorkspaceSendAs(t *testing.T) {
	cases := []struct {
		name, raw          string
		wantRcpt, wantDiag string
		wantBy             dsn.DecoderName
	}{
		{"send mail as", win13GoogleNotice("mailer-daemon@googlemail.com", "", win13SendAs, "Shop <orders@shop.example>, b@other.example"),
			"orders@shop.example", "Unspecified Error (SENT_SECOND_EHLO): Smtp server does not advertise AUTH capability", GoogleWorkspace},
		{"no reply line", win13GoogleNotice("mailer-daemon@googlemail.com", "",
			"** Message not delivered **\n\nThere was a problem delivering your message. See the technical details below.", "c@shop.example"),
			"c@shop.example", "There was a problem delivering your message. See the technical details below.", GoogleWorkspace},
		// Near misses.
		{"sentence names the address", win13GoogleNotice("mailer-daemon@googlemail.com", "",
			"** Address not found **\n\nYour message wasn't delivered to x@far.example because the address couldn't be found. "+
				"Check for typos or unnecessary spaces and try again.", "x@far.example"),
			"x@far.example", "", Gmail},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(c.raw), Registry())
			require.NoError(t, err)
			require.Len(t, r.Recipients, 1)
			assert.Equal(t, string(c.wantBy), r.Decoder)
			assert.Equal(t, c.wantRcpt, r.Recipients[0].Recipient)
			if c.wantDiag != "" {
				assert.Equal(t, c.wantDiag, r.Recipients[0].DiagnosticCode)
			}
		})
	}
	for _, c := range []struct{ name, raw string }{
		{"not Google's daemon", win13GoogleNotice("mailer-daemon@mail.example", "", win13SendAs, "orders@shop.example")},
		{"X-Failed-Recipients set", win13GoogleNotice("mailer-daemon@googlemail.com", "X-Failed-Recipients: z@far.example\n", win13SendAs, "orders@shop.example")},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(c.raw), Registry())
			require.NoError(t, err)
			assert.NotEqual(t, string(GoogleWorkspace), r.Decoder)
		})
	}
	// No returned message: no recipient to name.
	raw := "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\nTo: office@sender.example\n" +
		"Subject: Delivery Status Notification (Failure)\nMIME-Version: 1.0\nContent-Type: text/plain\n\n" + win13SendAs + "\n"
	m, err := dsn.ReadMessage([]byte(raw))
	if err == nil {
		assert.Nil(t, googleWorkspaceDecoder{}.Decode(m))
	}
}
