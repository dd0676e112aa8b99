package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// ezmlmTop is ezmlm-idx's text/top for our list.
const ezmlmTop = "Hi! This is the ezmlm program. I'm managing the\nwalkers@lists.example.org mailing list.\n\nI'm working for my owner, who can be reached\nat walkers-owner@lists.example.org.\n\n"

// ezmlmReturned builds ezmlm-idx's return of a post (MIME layout) from
// the sender given, under the Subject given, with the text given after
// text/top; withList adds the Mailing-List field.
func ezmlmReturned(from, subject, text string, withList bool) string {
	h := ""
	if withList {
		h = "Mailing-List: contact walkers-help@lists.example.org; run by ezmlm\n"
	}
	return h + `Date: 4 Mar 2025 09:00:00 -0000
Message-ID: <1741078800.2241.ezmlm@lists.example.org>
From: ` + from + `
To: eva@example.com
Subject: ` + subject + `
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary=cbfkgdjfpcjgbepmkbal

--cbfkgdjfpcjgbepmkbal
Content-Type: text/plain; charset=us-ascii
Content-Transfer-Encoding: 8bit

` + ezmlmTop + text + `
--cbfkgdjfpcjgbepmkbal
Content-Type: message/rfc822

Return-Path: <eva@example.com>
` + mailmanPost + `
--cbfkgdjfpcjgbepmkbal--
`
}

const (
	ezmlmModReject  = "I'm sorry, your message (enclosed) was not accepted by the moderator.\nIf the moderator has made any comments, they are shown below.\n\n>>>>> -------------------- >>>>>\nPlease post routes on the web site.\n<<<<< -------------------- <<<<<\n"
	ezmlmModTimeout = "I'm sorry, the list moderators for the walkers list\nhave failed to act on your post. Thus, I'm returning it to you.\nIf you feel that this is in error, please repost the message\nor contact a list moderator directly.\n\n--- Enclosed, please find the message you sent.\n"
)

var ezmlmSamples = []registrySample{
	{
		name: "a moderator rejects the post",
		msg:  ezmlmReturned("walkers-owner@lists.example.org", "Returned post for walkers@lists.example.org", ezmlmModReject, true),
		want: provWant{decoder: "ezmlm", kind: dsn.DeliveryReport, origSubject: "Route for Sunday", origID: "route-1@example.com", rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "was not accepted by the moderator"},
		}},
	},
	{
		name: "no moderator acted in time",
		msg:  ezmlmReturned("walkers-help@lists.example.org", "Returned post for walkers@lists.example.org", ezmlmModTimeout, true),
		want: provWant{decoder: "ezmlm", kind: dsn.DeliveryReport, origSubject: "Route for Sunday", origID: "route-1@example.com", rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "have failed to act on your post"},
		}},
	},
	{
		name: "without MIME (-M), the post appended",
		msg: "Mailing-List: contact walkers-help@lists.example.org; run by ezmlm\nFrom: walkers-owner@lists.example.org\nTo: eva@example.com\nSubject: Returned post for walkers@lists.example.org\n\n" +
			ezmlmTop + ezmlmModReject + "\nReturn-Path: <eva@example.com>\n" + mailmanPost,
		want: provWant{decoder: "ezmlm", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "Please post routes on the web site."},
		}},
	},
	{
		name: "a German list's Subject (lang/de/messages), RFC 2047",
		msg:  ezmlmReturned("walkers-owner@lists.example.org", "=?utf-8?q?R=C3=BCckkehrende_Einsundung_f=C3=BCr?= walkers@lists.example.org", ezmlmModReject, true),
		want: provWant{decoder: "ezmlm", kind: dsn.DeliveryReport, origSubject: "Route for Sunday", origID: "route-1@example.com", rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "was not accepted by the moderator"},
		}},
	},
	{
		name: "an Italian list's Subject (lang/it/messages)",
		msg:  ezmlmReturned("walkers-help@lists.example.org", "Messaggio rigettato da walkers@lists.example.org", ezmlmModTimeout, true),
		want: provWant{decoder: "ezmlm", kind: dsn.DeliveryReport, origSubject: "Route for Sunday", origID: "route-1@example.com", rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.org", action: dsn.ActionFailed, diag: "have failed to act on your post"},
		}},
	},
}

func TestEzmlmDecoder(t *testing.T) { checkRegistrySamples(t, ezmlmSamples) }

// TestEzmlmDecoderKeepsThePostOut checks that the diagnostic of a notice
// without MIME stops where the appended post starts.
func TestEzmlmDecoderKeepsThePostOut(t *testing.T) {
	m, err := dsn.ReadMessage([]byte(ezmlmSamples[2].msg))
	require.NoError(t, err)
	r := ezmlmDecoder{}.Decode(m)
	require.NotNil(t, r)
	assert.NotContains(t, r.Recipients[0].DiagnosticCode, "We meet at the station")
}

// TestEzmlmDecoderNotReturns checks mail that shares the notice's
// Subject or field but returns no post.
func TestEzmlmDecoderNotReturns(t *testing.T) {
	msgs := map[string]string{
		"a person's message with the Subject":           "From: eva@example.com\nTo: walkers-owner@lists.example.org\nSubject: Returned post for walkers@lists.example.org\n\nWhy was my post returned?\n",
		"the notice's layout without ezmlm's field":     ezmlmReturned("walkers-owner@lists.example.org", "Returned post for walkers@lists.example.org", ezmlmModReject, false),
		"a person's message with the Italian Subject":   "From: eva@example.com\nTo: walkers-owner@lists.example.org\nSubject: Messaggio rigettato da walkers@lists.example.org\n\nPerché?\n",
		"an Italian list post about a rejected message": ezmlmReturned("eva@example.com", "Messaggio rigettato da walkers@lists.example.org", "Il mio è tornato.", true),
		"a list post about returned posts":              ezmlmReturned("eva@example.com", "Returned post for the walkers list, again", "Mine came back.", true),
	}
	for name, msg := range msgs {
		t.Run(name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(msg), Registry())
			require.NoError(t, err)
			assert.NotEqual(t, string(Ezmlm), r.Decoder)
		})
	}
}
