package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestCauseTexts: words that name what happened decide over the status
// code's catch-all and over the queue having run out of time. The texts
// are built from the sources the rows cite (Sendmail's sm_errstring,
// Sisimai's reason manual, Zoho's and Gmail's replies).
func TestCauseTexts(t *testing.T) {
	cases := []struct {
		name, status, diag, remote string
		action                     dsn.Action
		want                       Reason
		rule                       string
	}{
		{"a delay that names a network error", "4.4.1", "451 4.4.1 Network error: connection reset", "", dsn.ActionDelayed, NetworkError, "text/networkerror/connection reset"},
		{"a bounce that gave up on a reset connection", "4.4.1", "451 4.4.1 Network error: connection reset", "", dsn.ActionFailed, NetworkError, "text/networkerror/connection reset"},
		{"Sendmail's reset connection", "4.4.2", "Deferred: Connection reset by mx.example.net during RCPT", "", dsn.ActionDelayed, NetworkError, "text/networkerror/connection reset by"},
		{"Sendmail's host down", "4.4.1", "Deferred: Host mx.example.net is down", "", dsn.ActionFailed, NetworkError, "text/networkerror/host * is down"},
		{"Sisimai's delay example", "4.0.0", "kijitora@neko.example.jp: Network error on destination MXs", "", dsn.ActionDelayed, NetworkError, "text/networkerror/network error on destination mxs"},
		{"a network error with no status", "", "Network error while talking to mx.example.net", "", dsn.ActionDelayed, NetworkError, "text/networkerror/network error"},
		// Words that name no cause leave a given-up 4.4.1 expired.
		{"a given-up 4.4.1 without a cause", "4.4.1", "451 4.4.1 <user@example.net>", "", dsn.ActionFailed, Expired, "status/4.4.1@persisted"},
		{"spam words over 5.7.1", "5.7.1", "550 5.7.1 Email flagged as Spam", "", dsn.ActionFailed, SpamDetected, "text/spamdetected/flagged as spam"},
		{"Zoho's full reply elsewhere", "5.7.1", "554 5.7.1 Email cannot be delivered. Reason: Email flagged as Spam.", "", dsn.ActionFailed, SpamDetected, "text/spamdetected/flagged as spam"},
		// Zoho's own host: its provider row decides, and names the spam filter too.
		{"Zoho's reply from Zoho", "5.7.1", "554 5.7.1 Email cannot be delivered. Reason: Email flagged as Spam.", "smtpin.zoho.com", dsn.ActionFailed, SpamDetected, "zoho/spamdetected/email cannot be delivered reason email flagged as spam"},
		{"Google Groups refusing a post", "5.0.0", "Message rejected by Google Groups. Please visit http://mail.google.com/support/", "", dsn.ActionFailed, Rejected, "text/rejected/message rejected by google groups"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertVerdict(t, tc.status, tc.diag, tc.remote, tc.action, tc.want, tc.rule)
		})
	}
}

// assertVerdict classifies a one-recipient report (remote is its
// Remote-MTA, "" for none) and checks the reason and the deciding rule.
func assertVerdict(t *testing.T, status, diag, remote string, action dsn.Action, want Reason, rule string) {
	t.Helper()
	r, rc := newFact(status, diag, "", action)
	rc.RemoteMTA = remote
	v := ClassifyRecipient(r, rc)
	assert.Equal(t, want, v.Reason)
	assert.Equal(t, rule, v.Rule)
}

// TestAcceptsNoMail: RFC 7504's words for a host that accepts no mail
// name notaccept; the same words about particular senders do not.
func TestAcceptsNoMail(t *testing.T) {
	cases := []struct {
		name, status, diag string
		want               Reason
		rule               string
	}{
		{"RFC 7504's greeting", "5.0.0", "521 Server does not accept mail", NotAccept, "text/notaccept/does not accept mail"},
		{"a variant under a loose 5.7.1", "5.7.1", "554 5.7.1 This host does not accept mail", NotAccept, "text/notaccept/host does not accept mail"},
		{"a domain's variant", "5.7.1", "554 5.7.1 Domain does not accept mail", NotAccept, "text/notaccept/does not accept mail"},
		// Near misses: a refusal of this client or sender.
		{"not from this client", "5.7.1", "554 5.7.1 Our domain does not accept mail from 192.0.2.1", SecurityError, "status/5.7.x"},
		{"Sisimai's refusal of the sender still decides", "5.7.1", "550 5.7.1 This server does not accept mail from your domain", Rejected, "text/rejected/this server does not accept mail from"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertVerdict(t, tc.status, tc.diag, "", dsn.ActionFailed, tc.want, tc.rule)
		})
	}
}
