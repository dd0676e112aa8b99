package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// newFact builds a one-recipient report for the classifier.
func newFact(status, diag, command string, action dsn.Action) (*dsn.Report, *dsn.Recipient) {
	st, _ := dsn.ParseStatus(status)
	r := &dsn.Report{Kind: dsn.DeliveryReport, Recipients: []dsn.Recipient{{
		Recipient: "user@example.net", Action: action, Status: st,
		DiagnosticType: "smtp", DiagnosticCode: diag, Command: command,
		ReplyCode: dsn.FindReplyCode(diag),
	}}}
	return r, &r.Recipients[0]
}

func TestClassifyPrecedence(t *testing.T) {
	cases := []struct {
		name, status, diag, command string
		action                      dsn.Action
		want                        Reason
		rule                        string
	}{
		{"status alone", "5.1.1", "550 5.1.1 <user@example.net>", "", dsn.ActionFailed, UserUnknown, "status/5.1.1"},
		{"text beats a contradicting status", "5.1.1", "550 5.1.1 too many recipients for this message", "", dsn.ActionFailed, RateLimited, "text/ratelimited/too many recipients"},
		{"text beats a loose 5.7.1", "5.7.1", "554 5.7.1 <user@example.net>: Relay access denied", "", dsn.ActionFailed, NoRelaying, "text/norelaying/relay access denied"},
		{"blocklist before spam", "5.7.1", "554 5.7.1 Service unavailable; client blocked using zen.spamhaus.org", "", dsn.ActionFailed, Blocked, "text/blocked/blocked using zen spamhaus org"},
		{"spam", "5.7.1", "550 5.7.1 Message content rejected, UBE, id=00000", "", dsn.ActionFailed, SpamDetected, "text/spamdetected/message content rejected ube"},
		{"sender before address", "5.1.8", "501 5.1.8 Sender address rejected", "", dsn.ActionFailed, Rejected, "text/rejected/sender address rejected"},
		{"user unknown after DATA is filtered", "5.0.0", "550 Unknown user user@example.net", dsn.CommandDATA, dsn.ActionFailed, Filtered, "text/userunknown/unknown user@not-RCPT"},
		{"user unknown at RCPT", "5.0.0", "550 Unknown user user@example.net", dsn.CommandRCPT, dsn.ActionFailed, UserUnknown, "text/userunknown/unknown user"},
		{"user-unknown words, no command", "5.0.0", "550 kijitora@example.com... No such user", "", dsn.ActionFailed, Filtered, "text/userunknown/no such user@not-RCPT"},
		{"user-unknown words with X.2.1, no command: the status speaks", "5.2.1", "550 5.2.1 <user@example.net>... User Unknown", "", dsn.ActionFailed, Filtered, "status/5.2.1"},
		{"specific words, no command: not the mailbox check either", "", "The recipient name is not recognized", "", dsn.ActionFailed, Filtered, "text/userunknown/the recipient name is not recognized@not-RCPT"},
		{"user-unknown words with the address status X.1.0", "5.1.0", "550 5.1.0 <user@example.net>... User unknown", "", dsn.ActionFailed, UserUnknown, "text/userunknown/user unknown@5.1.0"},
		{"Exchange's 5.1.10 with its not-found words, no command", "5.1.10", "550 5.1.10 example.net; Recipient not found by SMTP address lookup", "", dsn.ActionFailed, UserUnknown, "text/userunknown/not found by smtp address lookup@5.1.10"},
		{"Exchange's 5.1.10 with its resolver words after DATA", "5.1.10", "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient user@example.net not found by SMTP address lookup", dsn.CommandDATA, dsn.ActionFailed, UserUnknown, "text/userunknown/not found by smtp address lookup@5.1.10"},
		{"5.1.10 saying null MX stays notaccept", "5.1.10", "556 5.1.10 Recipient address has null MX", "", dsn.ActionFailed, NotAccept, "status/5.1.10"},
		{"5.1.10 alone stays notaccept", "5.1.10", "", "", dsn.ActionFailed, NotAccept, "status/5.1.10"},
		{"user-unknown words do not override X.1.6", "5.1.6", "550 5.1.6 <user@example.net>... User unknown", "", dsn.ActionFailed, HasMoved, "status/5.1.6"},
		{"a specific status outranks a text of lower priority", "5.2.2", "552 5.2.2 <user@example.net>... User unknown", dsn.CommandRCPT, dsn.ActionFailed, MailboxFull, "status/5.2.2"},
		{"a text outranks a catch-all status", "5.1.1", "550 5.1.1 <user@example.net>... Mailbox full", "", dsn.ActionFailed, MailboxFull, "text/mailboxfull/mailbox full"},
		{"spam words outrank a content status", "5.6.0", "554 5.6.0 This message has been scored as spam with a probability of 0.99", "", dsn.ActionFailed, SpamDetected, "text/spamdetected/this message has been scored as spam with a probability"},
		{"no answer from host, given up", "4.4.1", "", "", dsn.ActionFailed, Expired, "status/4.4.1@persisted"},
		{"a connect timeout in a bounce", "4.4.1", "connect to mx.example.net[192.0.2.1]:25: Connection timed out", "", dsn.ActionFailed, Expired, "text/expired/connection timed out"},
		{"a connect timeout in a delay notice: still retrying", "4.4.1", "connect to mx.example.net[192.0.2.1]:25: Connection timed out", "", dsn.ActionDelayed, NetworkError, "text/networkerror/connection timed out@delayed"},
		{"expiry words alone in a delay notice", "4.4.7", "retry timeout exceeded", "", dsn.ActionDelayed, Expired, "text/expired/retry timeout exceeded"},
		{"the named network cause beats the expiry words", "4.4.7", "Deferred: Name server: example.jp.: host name lookup failure Message could not be delivered for 5 days", "", dsn.ActionFailed, NetworkError, "text/networkerror/host name lookup failure"},
		{"expiry words over a transient status", "4.4.2", "Message expired after sitting in queue for 5 days", "", dsn.ActionFailed, Expired, "text/expired/message expired after sitting in queue for"},
		{"5.1.1 after DATA stays unknown", "5.1.1", "550 5.1.1 <user@example.net>... User unknown", dsn.CommandDATA, dsn.ActionFailed, UserUnknown, "status/5.1.1"},
		{"temporary unknown host", "4.0.0", "DNS Error: lookup of example.jp responded with NXDOMAIN Domain name not found", "", dsn.ActionDelayed, NetworkError, "text/hostunknown/domain name not found@temporary"},
		{"permanent unknown host", "5.1.2", "Host or domain name not found. Name service error for name=example.jp type=MX: Host not found", "", dsn.ActionFailed, HostUnknown, "text/hostunknown/host or domain name not found"},
		{"mailbox full", "5.2.2", "552 5.2.2 Mailbox full", "", dsn.ActionFailed, MailboxFull, "text/mailboxfull/mailbox full"},
		{"multi-line reply folded", "5.7.1", "550-5.7.1 Messages with multiple 550 5.7.1 addresses in From: header are not accepted.", "", dsn.ActionFailed, NotCompliantRFC, "text/notcompliantrfc/multiple addresses in from header are not accepted"},
		{"refused at HELO", "5.0.0", "501 5.0.0 what?", dsn.CommandHELO, dsn.ActionFailed, Blocked, "command/HELO"},
		{"refused at MAIL", "5.0.0", "550 not from you", dsn.CommandMAIL, dsn.ActionFailed, Rejected, "command/MAIL"},
		{"550 at RCPT with a policy status is not the mailbox check", "5.7.0", "550 5.7.0 <user@example.net>: Recipient address rejected: Not today", dsn.CommandRCPT, dsn.ActionFailed, SecurityError, "status/5.7.x"},
		{"550 at RCPT, no more said", "5.0.0", "550 5.0.0 <user@example.net>: Recipient address rejected: Not today", dsn.CommandRCPT, dsn.ActionFailed, UserUnknown, "command/RCPT/550"},
		{"556", "", "556 no mail here", "", dsn.ActionFailed, NotAccept, "reply/556"},
		{"delayed, nothing known", "4.0.0", "", "", dsn.ActionDelayed, Expired, "fallback/delayed"},
		{"text but no rule", "5.0.0", "550 computer says no", "", dsn.ActionFailed, OnHold, "fallback/undecided-text"},
		{"nothing", "", "", "", dsn.ActionFailed, Undefined, "fallback/nothing"},
		{"delivered", "2.0.0", "250 2.0.0 OK", "", dsn.ActionDelivered, Delivered, "decoder/delivered"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, rc := newFact(tc.status, tc.diag, tc.command, tc.action)
			v := ClassifyRecipient(r, rc)
			assert.Equal(t, tc.want, v.Reason)
			assert.Equal(t, tc.rule, v.Rule)
		})
	}
}

func TestDecoderKindsWin(t *testing.T) {
	r, _ := newFact("5.1.1", "550 5.1.1 user unknown", "", dsn.ActionFailed)
	r.Kind = dsn.FeedbackReport
	r.FeedbackType = "abuse"
	v := Classify(r)[0]
	assert.Equal(t, Feedback, v.Reason)
	assert.Equal(t, "", v.Status.String(), "feedback has no status")
	r.Kind = dsn.AutoReply
	assert.Equal(t, Vacation, Classify(r)[0].Reason)
	r.Kind = dsn.ReadReceipt
	r.Recipients[0].Action = ""
	v = Classify(r)[0]
	assert.Equal(t, Delivered, v.Reason)
	assert.Equal(t, RuleReadReceipt, v.Rule)
	assert.False(t, v.HardBounce)
}

func TestHardBounceAndPseudoStatus(t *testing.T) {
	cases := []struct {
		status, diag string
		action       dsn.Action
		hard         bool
		deliveryStat string
	}{
		{"5.1.1", "550 5.1.1 user unknown", dsn.ActionFailed, true, "5.1.1"},
		{"", "550 sorry, no mailbox here by that name", dsn.ActionFailed, false, "5.0.910"}, // user-unknown words, no RCPT: filtered
		{"", "550 user unknown", dsn.ActionFailed, false, "5.0.910"},
		{"", "452 mailbox full", dsn.ActionFailed, false, "4.0.922"},
		{"5.3.2", "", dsn.ActionFailed, true, "5.3.2"},   // notaccept, permanent
		{"4.3.2", "", dsn.ActionDelayed, false, "4.3.2"}, // notaccept, temporary
		{"", "550 5.7.1 spam detected", dsn.ActionFailed, false, "5.7.1"},
		{"", "550 Unknown user neko@example.jp", dsn.ActionFailed, false, "5.0.910"}, // generic words, no command: filtered
		{"4.5.0", "550 5.5.0 service refused", dsn.ActionFailed, false, "5.5.0"},     // failed: the remote 5XX is final
		{"4.5.0", "550 5.5.0 service refused", dsn.ActionDelayed, false, "4.5.0"},    // delayed: the field stands
		{"", "550 5.1.1 user unknown", dsn.ActionDelayed, false, "5.1.1"},            // a delay notice is never hard
		{"4.1.1", "user unknown", dsn.ActionDelayed, false, "4.1.1"},
	}
	for _, tc := range cases {
		r, rc := newFact(tc.status, tc.diag, "", tc.action)
		v := ClassifyRecipient(r, rc)
		assert.Equal(t, tc.hard, v.HardBounce, "%+v -> %s", tc, v.Reason)
		assert.Equal(t, tc.deliveryStat, v.Status.String(), "%+v -> %s", tc, v.Reason)
	}
}

func TestParseReason(t *testing.T) {
	for _, r := range Reasons {
		got, ok := ParseReason(string(r))
		assert.True(t, ok)
		assert.Equal(t, r, got)
	}
	for old, want := range map[string]Reason{"mesgtoobig": EmailTooLarge, "exceedlimit": EmailTooLarge, "speeding": RateLimited, "toomanyconn": RateLimited} {
		got, ok := ParseReason(old)
		assert.True(t, ok)
		assert.Equal(t, want, got)
	}
	_, ok := ParseReason("vaction")
	assert.False(t, ok)
	assert.Len(t, Reasons, 34)
}

func TestToken(t *testing.T) {
	// The token depends on the lower-cased addresses and the time only.
	a := Token("Sender@Example.com", "User@Example.net", 1367246732)
	assert.Equal(t, a, Token("sender@example.com", "user@example.net", 1367246732))
	assert.NotEqual(t, a, Token("sender@example.com", "user@example.net", 1367246733))
	assert.Len(t, a, 40)
}

// TestPostfixOwnUnknownUser checks that Postfix's own "unknown user" (a
// diagnostic of type X-Postfix, which its bounce daemon writes when no
// SMTP reply was given) is its mailbox lookup, while the same words as a
// remote reply with no command known stay a filter's refusal.
func TestPostfixOwnUnknownUser(t *testing.T) {
	for _, tc := range []struct {
		name, dtype string
		want        Reason
		rule        string
	}{
		{"Postfix's own words", "X-Postfix", UserUnknown, "text/userunknown/unknown user@x-postfix"},
		{"a remote reply, command unknown", "smtp", Filtered, "text/userunknown/unknown user@not-RCPT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, rc := newFact("5.0.0", `unknown user: "kim"`, "", dsn.ActionFailed)
			rc.DiagnosticType = tc.dtype
			v := ClassifyRecipient(r, rc)
			assert.Equal(t, tc.want, v.Reason)
			assert.Equal(t, tc.rule, v.Rule)
		})
	}
}

// TestNoRemoteAnswerUnknownUser checks that user-unknown words where the
// decoder says no server answered (dsn.Recipient.NoRemoteAnswer: the
// reporting MTA's own routing, as Exim writes its DSNs and its text
// notices for an address no host was tried for) are the mailbox lookup,
// and that any sign of a server's answer keeps them a filter's refusal.
// Which reports the decoders mark so is tested in dsn and dsn/lhost.
func TestNoRemoteAnswerUnknownUser(t *testing.T) {
	const text = "No mailbox by that local name: unknown user"
	held := "text/userunknown/unknown user@not-RCPT"
	for _, tc := range []struct {
		name, diag, command string
		noRemoteAnswer      bool
		want                Reason
		rule                string
	}{
		{name: "the decoder says no server answered", noRemoteAnswer: true, diag: text,
			want: UserUnknown, rule: "text/userunknown/unknown user@no-remote"},
		{name: "the decoder does not say", diag: text, want: Filtered, rule: held},
		{name: "a reply code in the text", noRemoteAnswer: true, diag: "550 " + text, want: Filtered, rule: held},
		{name: "answer to DATA", noRemoteAnswer: true, diag: text, command: dsn.CommandDATA, want: Filtered, rule: held},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, rc := newFact("5.0.0", tc.diag, tc.command, dsn.ActionFailed)
			rc.NoRemoteAnswer = tc.noRemoteAnswer
			v := ClassifyRecipient(r, rc)
			assert.Equal(t, tc.want, v.Reason)
			assert.Equal(t, tc.rule, v.Rule)
		})
	}
}
