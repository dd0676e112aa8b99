package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// sympaReject builds Sympa's reject.tt2 notice from the sender given,
// under the Subject given, with the text given.
func sympaReject(from, subject, text string) string {
	return "Message-Id: <sympa.1741078800.2241.7@lists.example.org>\nDate: Tue, 04 Mar 2025 09:00:00 +0000\nTo: eva@example.com\nFrom: " + from +
		"\nSubject: " + subject + "\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\nAuto-Submitted: auto-generated\n\n" + text
}

const sympaRejectText = "Your message for list walkers@lists.example.org has been rejected by the moderator (ann@example.org).\n\n(Subject of your mail: Route for Sunday)\n"

var sympaSamples = []registrySample{
	{
		name: "English",
		msg:  sympaReject("walkers-owner@lists.example.org", "Your message has been rejected", sympaRejectText),
		want: provWant{decoder: "Sympa", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "has been rejected by the moderator"},
		}},
	},
	{
		name: "German, the Subject encoded",
		msg: sympaReject("walkers-owner@lists.example.org", "=?UTF-8?Q?Ihre_Nachricht_wurde_abgelehnt?=",
			"Ihre Nachricht an die Liste walkers@lists.example.org wurde durch den Moderator (ann@example.org) abgelehnt.\n"),
		want: provWant{decoder: "Sympa", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "abgelehnt"},
		}},
	},
	{
		name: "an S/MIME list sends from its own address",
		msg:  sympaReject("walkers@lists.example.org", "Your message has been rejected", sympaRejectText),
		want: provWant{decoder: "Sympa", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed},
		}},
	},
}

func TestSympaDecoder(t *testing.T) { checkRegistrySamples(t, sympaSamples) }

// TestSympaDecoderNotRejections checks mail under the notice's Subject
// that is not the notice.
func TestSympaDecoderNotRejections(t *testing.T) {
	msgs := map[string]string{
		"a person's message":            "From: ann@example.org\nTo: eva@example.com\nSubject: Your message has been rejected\n\nYour message for list walkers@lists.example.org has been rejected by the moderator (me).\n",
		"another sender's rejection":    sympaReject("noreply@shop.example.com", "Your message has been rejected", "Your message for list walkers@lists.example.org has been rejected."),
		"another list's owner":          sympaReject("runners-owner@lists.example.org", "Your message has been rejected", sympaRejectText),
		"a Subject that only starts so": sympaReject("walkers-owner@lists.example.org", "Your message has been rejected? Not quite", sympaRejectText),
	}
	for name, msg := range msgs {
		t.Run(name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(msg), Registry())
			require.NoError(t, err)
			assert.NotEqual(t, string(Sympa), r.Decoder)
		})
	}
}
