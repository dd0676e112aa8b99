package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// mlmmjNotice builds mlmmj's deny-post notice with our own list, poster
// and texts: the Subject given, a text part, the refused post attached.
func mlmmjNotice(subject, text string) string {
	return `From: walkers+owner@lists.example.org
To: eva@example.com
Subject: ` + subject + `
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="=_x_="

--=_x_=
Content-Type: text/plain; charset=utf8
Content-Transfer-Encoding: 8bit

` + text + `

--=_x_=
Content-Type: message/rfc822
Content-Disposition: inline; filename="message.eml"

From: eva@example.com
To: walkers@lists.example.org
Subject: Route for Sunday

See you there.
--=_x_=--
`
}

var mlmmjSamples = []registrySample{
	{
		name: "a post over the size limit",
		msg: mlmmjNotice("Post to walkers@lists.example.org denied: Route for Sunday",
			"The message from <eva@example.com> with subject \"Route for Sunday\" was unable to\nbe delivered to the list\n  because it exceeded the maximum allowed message size of 100000\n  bytes."),
		want: provWant{decoder: "mlmmj", kind: dsn.DeliveryReport, origSubject: "Route for Sunday", rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "maximum allowed message size of 100000 bytes"},
		}},
	},
	{
		name: "a German list, a post from a non-subscriber",
		msg: mlmmjNotice("Ihre Nachricht an walkers@lists.example.org wurde abgewiesen: Route for Sunday",
			"Die Nachricht von <eva@example.com> konnte nicht an die Liste zugestellt werden."),
		want: provWant{decoder: "mlmmj", kind: dsn.DeliveryReport, origSubject: "Route for Sunday", rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "konnte nicht"},
		}},
	},
	{
		name: "a Slovak list, the post's Subject first",
		msg: mlmmjNotice("Odmietnutie príspevku  Route for Sunday do walkers@lists.example.org",
			"Správu nebolo možné doručiť."),
		want: provWant{decoder: "mlmmj", kind: dsn.DeliveryReport, origSubject: "Route for Sunday", rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed},
		}},
	},
}

func TestMlmmjDecoder(t *testing.T) { checkRegistrySamples(t, mlmmjSamples) }

// TestMlmmjDecoderQuotedSubject checks that the post's Subject, which the
// notice quotes, is no part of the diagnostic.
func TestMlmmjDecoderQuotedSubject(t *testing.T) {
	msg := mlmmjNotice("Post to walkers@lists.example.org denied: mailbox full again",
		"The message from <eva@example.com> with subject \"mailbox full again\" was unable to be delivered to the list because you are not a list subscriber.")
	m, err := dsn.ReadMessage([]byte(msg))
	require.NoError(t, err)
	r := mlmmjDecoder{}.Decode(m)
	require.NotNil(t, r)
	require.Len(t, r.Recipients, 1)
	assert.NotContains(t, r.Recipients[0].DiagnosticCode, "mailbox full")
	assert.Contains(t, r.Recipients[0].DiagnosticCode, "not a list subscriber")
}

// TestMlmmjDecoderNotNotices checks mail that shares a deny-post Subject
// but is not the notice.
func TestMlmmjDecoderNotNotices(t *testing.T) {
	msgs := map[string]string{
		"a person's message, nothing attached": `From: eva@example.com
To: walkers@lists.example.org
Subject: Post to walkers@lists.example.org denied: why?

My post was refused, can someone help?
`,
		"a Subject naming no list address": mlmmjNotice("Post to the list denied: Route for Sunday", "Refused."),
	}
	for name, msg := range msgs {
		t.Run(name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(msg), Registry())
			require.NoError(t, err)
			assert.NotEqual(t, string(Mlmmj), r.Decoder)
		})
	}
}
