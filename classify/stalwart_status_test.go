package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestReplyDigitsStatus: Stalwart writes the Status of a recipient whose
// remote reply had no enhanced code from the reply code's digits
// (crates/smtp/src/queue/dsn.rs, write_dsn_status); those digits are no
// RFC 3463 code and must not name a reason. The replies are real ones
// without an enhanced code: RFC 5321 section 4.2.3's texts, Exim's
// smtp_in.c, qmail-smtpd.c.
func TestReplyDigitsStatus(t *testing.T) {
	cases := []struct {
		name, status, diag, command string
		want                        Reason
	}{
		{"552 storage allocation", "5.5.2", "552 Requested mail action aborted: exceeded storage allocation", dsn.CommandRCPT, MailboxFull},
		{"553 mailbox name not allowed", "5.5.3", "553 Requested action not taken: mailbox name not allowed", dsn.CommandRCPT, UserUnknown},
		{"551 user not local", "5.5.1", "551 User not local; please try <user@example.org>", dsn.CommandRCPT, HasMoved},
		{"Exim size, no code", "5.5.2", "552 Message size exceeds maximum permitted", dsn.CommandMAIL, EmailTooLarge},
		{"qmail rcpthosts", "5.5.3", "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)", dsn.CommandRCPT, NoRelaying},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, rc := newFact(c.status, c.diag, c.command, dsn.ActionFailed)
			v := ClassifyRecipient(r, rc)
			assert.Equal(t, c.want, v.Reason, v.Rule)
		})
	}
	// "554 Transaction failed" names no reason: not X.5.4's syntax error.
	r, rc := newFact("5.5.4", "554 Transaction failed", dsn.CommandRCPT, dsn.ActionFailed)
	v := ClassifyRecipient(r, rc)
	assert.NotEqual(t, SyntaxError, v.Reason, v.Rule)
	assert.Equal(t, "5.5.4", v.Status.String(), "reported as the notice gives it")
}

// TestReplyDigitsStatusNearMisses: real enhanced codes stay.
func TestReplyDigitsStatusNearMisses(t *testing.T) {
	cases := []struct {
		name, status, diag string
		reply              int
		want               bool
	}{
		{"stalwart-made", "5.5.2", "552 Message size exceeds maximum permitted", 552, true},
		{"4xx stalwart-made", "4.2.1", "421 Too many concurrent SMTP connections; please try again later.", 421, true},
		// The diagnostic quotes its own enhanced code: a real 5.5.0.
		{"code in the reply", "5.5.0", "550 5.5.0 Requested action not taken", 550, false},
		// X.0.0 is the class alone already.
		{"class only", "5.0.0", "500 Syntax error", 500, false},
		// Other digits than the reply's.
		{"different code", "5.1.1", "550 no such user", 550, false},
		{"no reply code", "5.5.2", "Message size exceeds maximum permitted", 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, _ := dsn.ParseStatus(c.status)
			assert.Equal(t, c.want, replyDigitsStatus(st, c.reply, c.diag))
		})
	}
}

// TestStalwartRateLimited: Stalwart's "(rate limited)" line in a delay
// notice is its rate limit, not an expiry; the wider reputation text keeps
// its reading.
func TestStalwartRateLimited(t *testing.T) {
	r, rc := newFact("4.0.0", "<user@example.net> (rate limited)", "", dsn.ActionDelayed)
	v := ClassifyRecipient(r, rc)
	assert.Equal(t, RateLimited, v.Reason, v.Rule)

	r, rc = newFact("4.7.0", "421 4.7.0 [192.0.2.1] has been temporarily rate limited due to IP reputation", "", dsn.ActionDelayed)
	v = ClassifyRecipient(r, rc)
	assert.NotEqual(t, RateLimited, v.Reason, v.Rule)
}
