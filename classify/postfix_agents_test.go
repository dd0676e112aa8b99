package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// TestPostfixAgentTexts: postfix_agents.tsv's qmgr, virtual(8) and
// smtp(8)/lmtp(8) connect texts decide a delay notice that would otherwise
// fall back to expired; near misses keep their own reading.
func TestPostfixAgentTexts(t *testing.T) {
	cases := []struct {
		name, action, status, diag string
		want                       classify.Reason
	}{
		{"qmgr transport unavailable", "delayed", "4.3.0", "delivery temporarily suspended: mail transport unavailable", classify.SystemError},
		{"deliver_pass transport unavailable", "delayed", "4.3.0", "mail transport unavailable", classify.SystemError},
		{"virtual uid", "delayed", "4.3.0", "recipient bob@example.org: uid not found in hash:/etc/postfix/vuid", classify.SystemError},
		{"virtual gid", "delayed", "4.3.0", "recipient bob@example.org: gid not found in hash:/etc/postfix/vgid", classify.SystemError},
		{"lmtp socket missing", "delayed", "4.4.1", "connect to mail.example.org[private/dovecot-lmtp]: No such file or directory", classify.NetworkError},
		{"suspended lmtp socket", "delayed", "4.4.1", "delivery temporarily suspended: connect to mx[private/dovecot-lmtp]: No such file or directory", classify.NetworkError},
		{"old read timeout", "delayed", "4.0.0", "connect to mx.example.org[192.0.2.7]: read timeout", classify.NetworkError},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertReason(t, verdicts(t, ldaNotice(c.action, c.status, "X-Postfix", c.diag, c.diag)), "rcpt@example.org", c.want)
		})
	}
	// Near misses: a file (not a connect) missing is a local delivery fault
	// the tables already read; an unexplained delay stays expired.
	nearMisses := []struct {
		name, action, status, diag string
		want                       classify.Reason
	}{
		{"unexplained delay", "delayed", "4.3.0", "delivery temporarily suspended: something odd happened", classify.Expired},
		{"transport word alone", "delayed", "4.4.1", "transport unavailable for a while", classify.Expired},
		{"uid word alone", "delayed", "4.3.0", "uid 1003 mismatch", classify.Expired},
	}
	for _, c := range nearMisses {
		t.Run("near miss "+c.name, func(t *testing.T) {
			assertReason(t, verdicts(t, ldaNotice(c.action, c.status, "X-Postfix", c.diag, c.diag)), "rcpt@example.org", c.want)
		})
	}
}

// TestPostfixAgentTextsB2: the mailbox file checks and the pipelining
// refusal under the "Client host" reply class.
func TestPostfixAgentTextsB2(t *testing.T) {
	cases := []struct {
		name, action, status, diag string
		want                       classify.Reason
	}{
		{"mbox owner", "delayed", "4.2.0", "cannot update mailbox /var/mail/ana for user ana. destination /var/mail/ana is not owned by recipient", classify.SystemError},
		{"mbox not regular", "failed", "5.2.0", "cannot update mailbox /var/mail/sam for user sam. destination /var/mail/sam is not a regular file", classify.SystemError},
		{"pipelining client class", "failed", "5.5.0", "host mx.example.org[192.0.2.9] said: 503 5.5.0 <unknown[198.51.100.4]>: Client host rejected: Improper use of SMTP command pipelining (in reply to RCPT TO command)", classify.SyntaxError},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertReason(t, verdicts(t, ldaNotice(c.action, c.status, "X-Postfix", c.diag, c.diag)), "rcpt@example.org", c.want)
		})
	}
	nearMisses := []struct {
		name, action, status, diag string
		want                       classify.Reason
	}{
		{"client host access denied", "failed", "5.7.1", "host mx.example.org[192.0.2.9] said: 554 5.7.1 <unknown[198.51.100.4]>: Client host rejected: Access denied (in reply to RCPT TO command)", classify.Blocked},
		{"mailbox full not owner", "failed", "5.2.2", "cannot update mailbox /var/mail/ana for user ana. error writing message: File too large", classify.MailboxFull},
	}
	for _, c := range nearMisses {
		t.Run("near miss "+c.name, func(t *testing.T) {
			assertReason(t, verdicts(t, ldaNotice(c.action, c.status, "X-Postfix", c.diag, c.diag)), "rcpt@example.org", c.want)
		})
	}
}
