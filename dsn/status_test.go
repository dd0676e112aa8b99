package dsn

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseStatus(t *testing.T) {
	valid := []struct {
		in   string
		want Status
	}{
		{"5.1.1", Status{5, 1, 1}},
		{" 4.4.7 ", Status{4, 4, 7}},
		{"5.7.26", Status{5, 7, 26}},
		{"5.7.650", Status{5, 7, 650}},
		{"2.0.0", Status{2, 0, 0}},
		{"5.0.0 (permanent failure)", Status{5, 0, 0}},
	}
	for _, tc := range valid {
		got, err := ParseStatus(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
	invalid := []string{"", "5", "5.1", "6.1.1", "5.1.1234", "550", "x.1.1", "5..1", "192.0.2.1", "5.1.1.1"}
	for _, in := range invalid {
		_, err := ParseStatus(in)
		assert.ErrorIs(t, err, ErrBadStatus, in)
	}
}

func TestStatusMethods(t *testing.T) {
	assert.Equal(t, "5.1.1", Status{5, 1, 1}.String())
	assert.Equal(t, "", Status{}.String())
	assert.True(t, Status{5, 0, 0}.Generic())
	assert.False(t, Status{5, 0, 1}.Generic())
	assert.True(t, Status{4, 2, 2}.Temporary())
	assert.True(t, Status{5, 2, 2}.Permanent())
	assert.True(t, Status{2, 1, 5}.Success())
}

func TestFindStatus(t *testing.T) {
	cases := []struct{ in, want string }{
		{"550 5.1.1 <a@b>: Recipient address rejected", "5.1.1"},
		{"550-5.7.26 The MAIL FROM domain", "5.7.26"},
		{"Unable to contact LDAP server. (#4.4.3)I'm not going", "4.4.3"},
		{"connect to 192.0.2.1[192.0.2.1]:25: timed out", ""},
		{"version 5.1.1a", ""},
		{"", ""},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, FindStatus(tc.in).String(), tc.in)
	}
}

func TestFindReplyCode(t *testing.T) {
	cases := []struct {
		in   string
		want int
	}{
		{"host mx.example.org[192.0.2.1] said: 550 5.1.1 <a@b>: unknown", 550},
		{"452 4.3.2 Connection rate limit exceeded", 452},
		{"552-5.7.0 This message was blocked", 552},
		{"size 550000 exceeds", 0},
		{"192.0.2.250 refused", 0},
		{"522 5.2.0 Delivery failed: Over quota", 0}, // 522 is no SMTP reply code
		{"message 12345 queued; 421 Service not available", 421},
		{"port 25 closed", 0},
		// Exchange marks its reply with "#"; a "#" number without a
		// status after it is no reply.
		{"mx.example.net #550 5.2.2 STOREDRV.Deliver: mailbox full. ##", 550},
		{"color: #555 !important;", 0},
		{"ticket #550 was closed", 0},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, FindReplyCode(tc.in), tc.in)
	}
}

func TestFindCommand(t *testing.T) {
	cases := []struct{ in, want string }{
		{"said: 550 5.1.1 unknown (in reply to RCPT TO command)", CommandRCPT},
		{"said: 550 rejected (in reply to end of DATA command)", CommandDATA},
		{"SMTP error from remote mail server after MAIL FROM:<a@b> SIZE=1234: 550", CommandMAIL},
		{"... while talking to mx.example.org.:\n>>> DATA\n<<< 550 5.7.1 spam", CommandDATA},
		{"said: 501 5.5.2 bad HELO (in reply to EHLO command)", CommandEHLO},
		{"550 5.1.1 user unknown", ""},
		// Stalwart's text line for a recipient the remote host refused
		// (stalwartlabs/mail-server:crates/smtp/src/queue/dsn.rs,
		// HostResponse<ErrorDetails>::write_dsn_text).
		{"<a@example.net> (host 'mx.example.net' rejected command 'RCPT TO:<a@example.net>' with code 550 (5.1.1) 'no such user')", CommandRCPT},
		{"<a@example.net> (host 'mx.example.net' rejected command 'MAIL FROM:<b@example.org>' with code 553 (5.7.1) 'sender refused')", CommandMAIL},
		{"<a@example.net> (host 'mx.example.net' rejected transaction with code 554 (5.7.1) 'spam')", ""},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, FindCommand(tc.in), tc.in)
	}
}

func TestParseAction(t *testing.T) {
	cases := map[string]Action{
		"failed": ActionFailed, "Failed": ActionFailed, "failure": ActionFailed,
		"delayed": ActionDelayed, "delivered": ActionDelivered, "relayed": ActionRelayed,
		"expanded": ActionExpanded, "failed (bad address)": ActionFailed, "nonsense": "",
		// GNU Mailutils' Sieve reject writes the MDN disposition as the Action.
		"deleted": ActionFailed, "Deleted": ActionFailed,
	}
	for in, want := range cases {
		assert.Equal(t, want, ParseAction(in), in)
	}
}

func TestAddress(t *testing.T) {
	cases := map[string]string{
		"rfc822; <kijitora@example.jp>":            "kijitora@example.jp",
		`"Neko, Nyaan" <nekonyaan@example.org>`:    "nekonyaan@example.org",
		"kijitora@example.jp (Kijitora)":           "kijitora@example.jp",
		"MAILER-DAEMON@p351355.pool.example.ne.jp": "MAILER-DAEMON@p351355.pool.example.ne.jp",
		"<Undisclosed Recipients>":                 "",
		"":                                         "",
		"Mail Delivery System <MAILER-DAEMON@mx.example.org>": "MAILER-DAEMON@mx.example.org",
		"Mail Delivery System <MAILER-DAEMON>":                "",
		"Kijitora <kijitora@example.jp> (cat)":                "kijitora@example.jp",
		"=?UTF-8?B?44Gr44KD44KT?= <nyan@example.jp>":          "nyan@example.jp",
	}
	for in, want := range cases {
		assert.Equal(t, want, Address(in), in)
	}
}

func TestParseFieldGroups(t *testing.T) {
	in := "Reporting-MTA: dns; mx.example.org\n\nfinal-recipient: rfc822; a@b\nAction: failed\nDiagnostic-Code: smtp; 550 5.1.1\n    user unknown\nnot a field line\n\n\nFinal-Recipient: rfc822; c@d\n"
	groups := ParseFields([]byte(in), 10)
	require.Len(t, groups, 3)
	assert.Equal(t, "mx.example.org", groups[0].Get("Reporting-MTA")[5:])
	assert.Equal(t, "Final-Recipient", groups[1][0].Name)
	assert.Equal(t, "smtp; 550 5.1.1 user unknown not a field line", groups[1].Get("diagnostic-code"))
	assert.Equal(t, "rfc822; c@d", groups[2].Get("Final-Recipient"))
}

func TestParseDate(t *testing.T) {
	cases := map[string]string{
		"Thu, 29 Apr 2013 23:45:32 +0900 (JST)": "2013-04-29T23:45:32+09:00",
		"Thu,29 Apr 2012 23:34:45 +0900":        "2012-04-29T23:34:45+09:00",
		"29 Apr 13 23:45 GMT":                   "2013-04-29T23:45:00Z",
		"Mon, 15 Jul 2013 13:16:38 -0700 (PDT)": "2013-07-15T13:16:38-07:00",
		"Thu 29 Apr 2010 23:34:45 +0900":        "2010-04-29T23:34:45+09:00",
		"Thu, 29 Apr 2013 23:45:32 PST":         "2013-04-29T23:45:32-08:00",
	}
	for in, want := range cases {
		assert.Equal(t, want, ParseDate(in).Format(time.RFC3339), in)
	}
	for _, in := range []string{"", "yesterday", "31 Foo 2013 10:00 +0000", "Thu, 29 Apr 2013 25:00:00 +0000"} {
		assert.True(t, ParseDate(in).IsZero(), in)
	}
}

func TestParseDateAllocs(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() { ParseDate("Thu, 29 Apr 2013 23:45:32 +0900 (JST)") })
	assert.LessOrEqual(t, allocs, 2.0, "the common form parses without net/mail's error allocations (the zone is one)")
}

func TestCommandAt(t *testing.T) {
	tests := []struct{ in, want string }{
		{"RCPT TO:<a@example.org>", CommandRCPT},
		{"rcpt to:<a@example.org>", CommandRCPT},
		{` "MAIL FROM:<a@example.org>`, CommandMAIL},
		{"End of DATA", CommandDATA},
		{"EHLO mx.example.org", CommandEHLO},
		{"Initial connection", CommandCONN},
		{"QUIT", ""},
		{"", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, CommandAt(tt.in), tt.in)
	}
}
