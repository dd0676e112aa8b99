package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestXMailNotice reads XMail's notices (testdata/xmail, written after
// davidel/xmail QueueUtils.cpp QueUtBuildErrorResponse and the temporary
// error Note of SMAILSvr.cpp): the recipient of "[<00>] XMail bounce:
// Rcpt=[...]", the reason under "[<02>]" with a multi-line reply unfolded,
// the host of the Server line, and a delay for the temporary error's Note.
func TestXMailNotice(t *testing.T) {
	cases := []struct {
		file, rcpt, remote string
		action             dsn.Action
		reply              int
		diag               string
	}{
		{"unknown.eml", "jane.doe@customer.example", "mail.customer.example", dsn.ActionFailed, 550,
			"550 5.1.1 <jane.doe@customer.example>: no such mailbox here see https://customer.example/postmaster"},
		{"expired.eml", "info@unreachable.example", "", dsn.ActionFailed, 0,
			"The maximum number of delivery attempts has been reached"},
		{"delayed.eml", "bob@slow.example", "mx.slow.example", dsn.ActionDelayed, 451,
			"451 4.7.1 Greylisted, please try again later"},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			r := parseSample(t, "xmail", tc.file, XMail, 1)
			assert.Equal(t, "shop.example", r.ReportingMTA)
			rc := r.Recipients[0]
			assert.Equal(t, tc.rcpt, rc.Recipient)
			assert.Equal(t, tc.action, rc.Action)
			assert.Equal(t, tc.remote, rc.RemoteMTA)
			assert.Equal(t, tc.reply, rc.ReplyCode)
			assert.Equal(t, tc.diag, rc.DiagnosticCode)
			assert.NotEmpty(t, r.Original.Subject, "the returned message's header under [<05>]")
		})
	}
}

// TestXMailNearMisses: a person's reply quoting a notice, and other mail
// from an XMail server's postmaster, are no XMail notices.
func TestXMailNearMisses(t *testing.T) {
	for _, f := range []string{"not-reply.eml", "not-plain.eml"} {
		t.Run(f, func(t *testing.T) { assertNearMiss(t, xmailDecoder{}, "xmail", f) })
	}
}

// TestXMailErrorField: without the "[<02>]" section (a notice cut short),
// the reason comes from Error=[...], over the lines it spans.
func TestXMailErrorField(t *testing.T) {
	lines := []string{
		"[<00>] XMail bounce: Rcpt=[a@example.net];Error=[550-5.7.1 first line",
		"550 5.7.1 second line]",
		"",
		"[<01>] Error sending message [f] from [example.org].",
	}
	sm := xmailBounce().FindStringSubmatch(lines[0])
	require.NotNil(t, sm)
	assert.Equal(t, "a@example.net", sm[1])
	assert.Equal(t, "550-5.7.1 first line 550 5.7.1 second line", xmailErrorField(lines, 0, len(lines), sm[2]))
}
