package lhost_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// textOnlyNotice is the text-only notice of sisimai/rb-sisimai#368: the
// failed address on a "target mail address:" line, the returned header
// quoted inline after "bounced E-Mail:".
const textOnlyNotice = "Return-Path: <>\nDate: Wed, 02 Dec 2026 22:00:07 +0100\nAuto-Submitted: auto-replied\nFrom: postmaster@mail.example.de\n" +
	"To: bounce+7f3a=shop.example@mailer.example.net\nSubject: email bounce notification\n\n" +
	"This message is to inform you that an email you sent was rejected.\nYour message was rejected and discarded because it wasn't possible to\n" +
	"save the message in the target mailbox.\n\nreject reason: Mailbox full\ntarget mail address: hb@mail.example.de\n\n" +
	"------------------------------------------------------------------------\nbounced E-Mail:\n\n" +
	"Return-Path: <bounce+7f3a=shop.example@mailer.example.net>\nFrom: Shop <news@shop.example>\nTo: hb@mail.example.de\nCc: other@mail.example.de\n" +
	"Subject: Advent\nMessage-ID: <x1@mailer.example.net>\n"

// TestGenericTextOnlyNotice checks that the notice yields its one failed
// address, none of the quoted header's, and that the same words in a
// person's mail yield none.
func TestGenericTextOnlyNotice(t *testing.T) {
	person := "From: Hanna <hb@mail.example.de>\nTo: news@shop.example\nSubject: Re: Advent\n\n" +
		"Your system wrote: This message is to inform you that an email you sent was rejected.\n" +
		"target mail address: hb@mail.example.de -- what does it mean?\n"
	for _, tc := range []struct {
		name string
		msg  string
		want []string
	}{
		{"notice", textOnlyNotice, []string{"hb@mail.example.de"}},
		{"CRLF notice", crlf(textOnlyNotice), []string{"hb@mail.example.de"}},
		{"a person quoting it", person, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(tc.msg), lhost.Registry())
			require.NoError(t, err)
			var got []string
			for _, rc := range r.Recipients {
				got = append(got, rc.Recipient)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func crlf(s string) string {
	out := make([]byte, 0, len(s)+64)
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, '\r')
		}
		out = append(out, s[i])
	}
	return string(out)
}
