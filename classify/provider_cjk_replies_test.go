package classify

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// jp8Case is one reply of a Japanese, Korean or Chinese provider as a
// bounce quotes it, with the reason the provider's page (or Sisimai's
// table) gives it.
type jp8Case struct {
	remote, rcpt, status, diag string
	want                       Reason
	rule                       string // the rule id's prefix that must decide
}

// TestProviderCJKReplies: the rows jp8 added or changed decide these
// replies, each as its source words it.
func TestProviderCJKReplies(t *testing.T) {
	tests := []jp8Case{
		// docomo no longer refuses by SMTP for a reception filter: its
		// "550 Unknown user", undated and so taken as recent, is a missing
		// mailbox (Sisimai's current table; the dated reading is
		// TestProviderRowBeforeDate's).
		{"mfsmax.docomo.ne.jp", "neko@docomo.ne.jp", "5.0.0", "550 Unknown user neko@docomo.ne.jp", UserUnknown, "nttdocomo/userunknown/"},
		{"mfsmax.docomo.ne.jp", "neko@docomo.ne.jp", "5.2.0", "550 Unknown user neko@docomo.ne.jp", Filtered, "nttdocomo/filtered/"},
		{"mx.i.softbank.jp", "neko@i.softbank.jp", "5.0.0", "550 Invalid recipient: <neko@i.softbank.jp>", UserUnknown, "softbank/userunknown/"},
		{"mx.softbank.ne.jp", "neko@softbank.ne.jp", "5.0.0", "553 news.example.jp does not exist", Rejected, "softbank/rejected/"},
		{"mx1.hanmail.net", "neko@hanmail.net", "5.1.1", "550 5.1.1 RUSR 192.0.2.1: No such user: <neko@hanmail.net>", UserUnknown, "daum/userunknown/"},
		{"mx1.hanmail.net", "neko@hanmail.net", "5.2.1", "550 5.2.1 RACT 192.0.2.1: Mailbox is inactive: <neko@hanmail.net>", Suspend, "daum/suspend/"},
		{"mx2.hanmail.net", "neko@daum.net", "4.4.5", "421 4.4.5 CCRT 192.0.2.1: Connection refused. Server is busy(RT)", Blocked, "daum/blocked/"},
		{"mx.263.net", "neko@example.cn", "5.0.0", "552 mail size limit exceeded", MailboxFull, "263/mailboxfull/"},
		{"mx.263.net", "neko@example.cn", "5.0.0", "550 user not exist", UserUnknown, "263/userunknown/"},
		{"mx.sohu.com", "neko@sohu.com", "5.0.0", "550 Recipient reject", Filtered, "sohu/filtered/"},
	}
	for _, tt := range tests {
		t.Run(tt.remote+"/"+tt.diag, func(t *testing.T) {
			v := classifyOne(t, fact(tt.remote, tt.rcpt, tt.status, tt.diag))
			assert.Equal(t, tt.want, v.Reason, v.Rule)
			assert.True(t, strings.HasPrefix(v.Rule, tt.rule), v.Rule)
		})
	}
}

// TestProviderCJKRepliesNearMisses: replies that look like the rows above and must not
// be decided by them.
func TestProviderCJKRepliesNearMisses(t *testing.T) {
	tests := []struct {
		remote, rcpt, status, diag string
		notReason                  Reason
		notRule                    string
	}{
		// "mail size limit exceeded" from anyone but 263 is the message's size.
		{"mx.example.cn", "neko@example.cn", "5.3.4", "552 5.3.4 mail size limit exceeded", MailboxFull, "263/"},
		// "Recipient rejected" is not Sohu's filter wording.
		{"mx.sohu.com", "neko@sohu.com", "5.1.1", "550 5.1.1 Recipient rejected: User unknown", Filtered, "sohu/"},
		// A four-letter word after the status at another host is no Daum code.
		{"mx.example.kr", "neko@example.kr", "4.4.5", "421 4.4.5 CCRT 192.0.2.1: Connection refused. Server is busy(RT)", "", "daum/"},
		// An unknown Daum code decides nothing by itself.
		{"mx1.hanmail.net", "neko@hanmail.net", "5.1.1", "550 5.1.1 ZZZZ 192.0.2.1: No such user: <neko@hanmail.net>", "", "daum/"},
		// SoftBank's 553 "does not exist" is the sender's domain; a 550 is not.
		{"mx.softbank.ne.jp", "neko@softbank.ne.jp", "5.1.1", "550 5.1.1 <neko@softbank.ne.jp>: mailbox does not exist", Rejected, "softbank/rejected/"},
	}
	for _, tt := range tests {
		t.Run(tt.remote+"/"+tt.diag, func(t *testing.T) {
			v := classifyOne(t, fact(tt.remote, tt.rcpt, tt.status, tt.diag))
			if tt.notReason != "" {
				assert.NotEqual(t, tt.notReason, v.Reason, v.Rule)
			}
			assert.False(t, strings.HasPrefix(v.Rule, tt.notRule), v.Rule)
		})
	}
}

// TestQmailQueueLifetime: qmail's final notice after a temporary DNS
// failure is expired, as Sisimai's qmail decoder files it; the same
// failure in another MTA's words, and qmail's failure to connect, keep
// their network reason.
func TestQmailQueueLifetime(t *testing.T) {
	const cname = "CNAME lookup failed temporarily. (#4.4.3) I'm not going to try again; this message has been in the queue too long."
	r := fact("", "neko@example.co.kr", "4.4.3", cname)
	r.Decoder = "qmail"
	v := classifyOne(t, r)
	assert.Equal(t, Expired, v.Reason, v.Rule)

	r = fact("", "neko@example.co.kr", "4.4.3", "CNAME lookup failed temporarily. (#4.4.3)")
	r.Decoder = "qmail"
	assert.Equal(t, NetworkError, classifyOne(t, r).Reason)

	r = fact("", "neko@example.co.kr", "4.4.1", "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1) I'm not going to try again; this message has been in the queue too long.")
	r.Decoder = "qmail"
	assert.Equal(t, NetworkError, classifyOne(t, r).Reason)
}
