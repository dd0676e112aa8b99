package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// reasonCase is a diagnostic text with the facts around it.
type reasonCase struct {
	text, status, command string
	delayed               bool
}

func (c reasonCase) verdict() Verdict {
	action := dsn.ActionFailed
	if c.delayed {
		action = dsn.ActionDelayed
	}
	r, rc := newFact(c.status, c.text, c.command, action)
	return ClassifyRecipient(r, rc)
}

// TestReasonsAndNearMisses gives, per reason, texts that must decide it
// (the MTAs' and documents' own wording: the rows' sources) and near
// misses that must not: the phrase inside a wider one that means
// something else, the same words about the sender, or in a place where
// they cannot mean it.
func TestReasonsAndNearMisses(t *testing.T) {
	tests := []struct {
		reason  Reason
		must    []reasonCase
		mustNot []reasonCase
	}{
		{MailboxFull, []reasonCase{
			{text: "552 5.2.2 <neko@example.jp>... Mailbox Full"},
			{text: "550 Mailbox full", command: dsn.CommandRCPT},
		}, []reasonCase{
			{text: "451 4.3.0 Your mailbox is almost full, please clean up"},
			{text: "250 2.0.0 Ok: the mailbox is not full"},
			{text: "552 5.3.4 Message size exceeds fixed maximum message size (10485760)"},
		}},
		{UserUnknown, []reasonCase{
			{text: "550 5.1.1 <neko@example.jp>: Recipient address rejected: User unknown in local recipient table", command: dsn.CommandRCPT},
			{text: "550 5.1.1 <neko@example.jp>... User unknown", command: dsn.CommandRCPT},
			{text: "550 5.1.1 <neko@example.jp>... User unknown", command: dsn.CommandDATA, status: "5.1.1"},
		}, []reasonCase{
			{text: "553 5.1.8 <shironeko@example.org>: Sender address rejected: User unknown in local recipient table", command: dsn.CommandRCPT},
			{text: "550 <neko@example.jp>... User unknown", command: dsn.CommandDATA},
			{text: "550 Unknown user", command: dsn.CommandMAIL},
			{text: "550 <filtered@example.jp>... Mailbox full", command: dsn.CommandRCPT},
		}},
		{Filtered, []reasonCase{
			{text: "550 <neko@example.jp>... User unknown", command: dsn.CommandDATA},
			{text: "550 Unknown user neko@docomo.example.jp", command: dsn.CommandDATA},
		}, []reasonCase{
			{text: "550 5.1.1 <filtered@example.jp>... Mailbox full"},
		}},
		{Rejected, []reasonCase{
			{text: "553 5.1.8 <shironeko@example.org>: Sender address rejected: Domain not found", command: dsn.CommandRCPT},
			{text: "Connected to 192.0.2.225 but sender was rejected. Remote host said: 550 5.7.1 Access denied"},
			{text: "550 5.1.7 No such domain neko.example.com.", command: dsn.CommandMAIL},
		}, []reasonCase{
			{text: "550 5.1.1 <neko@example.jp>: Recipient address rejected: User unknown in local recipient table", command: dsn.CommandRCPT},
		}},
		{HostUnknown, []reasonCase{
			{text: "Host or domain name not found. Name service error for name=example.jp type=A: Host not found", status: "5.1.2"},
			{text: "550 5.1.2 <neko@example.jp>: Recipient address rejected: Domain not found", command: dsn.CommandRCPT},
		}, []reasonCase{
			{text: "Host or domain name not found. Name service error for name=example.jp type=A: Host not found", status: "4.4.3", delayed: true},
			{text: "501 5.0.0 Invalid domain name", command: dsn.CommandHELO},
			{text: "553 5.1.8 <shironeko@example.org>: Sender address rejected: Domain not found", command: dsn.CommandRCPT},
		}},
		{NetworkError, []reasonCase{
			{text: "Host or domain name not found. Name service error for name=example.jp type=A: Host not found", status: "4.4.3", delayed: true},
			{text: "Name service error for name=example.org type=A: Malformed or unexpected name server reply", delayed: true},
			{text: "Name server: example.jp: host name lookup failure. Warning: message still undelivered after 4 hours", delayed: true},
			{text: "Name service error for name=example.org type=MX: Malformed or unexpected name server reply", status: "5.4.4"},
			{text: "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1) I'm not going to try again; this message has been in the queue too long.", status: "4.4.1"},
		}, nil},
		{Expired, []reasonCase{
			{text: "retry timeout exceeded"},
			{text: "Warning: message still undelivered after 4 hours. Will keep trying until message is 5 days old", delayed: true},
			{text: "connect to mx.example.jp[192.0.2.1]:25: Connection timed out", status: "4.4.1"},
		}, []reasonCase{
			{text: "552 5.2.2 Mailbox full. Warning: message still undelivered after 4 hours", delayed: true},
			{text: "Name server: example.jp: host name lookup failure. Warning: message still undelivered after 4 hours", delayed: true},
			{text: "Unable to contact LDAP server. (#4.4.3) I'm not going to try again; this message has been in the queue too long.", status: "4.4.3"},
		}},
		{SystemError, []reasonCase{
			{text: "Unable to contact LDAP server. (#4.4.3) I'm not going to try again; this message has been in the queue too long.", status: "4.4.3"},
		}, nil},
		{Blocked, []reasonCase{
			{text: "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org", command: dsn.CommandRCPT},
			{text: "Connected to 192.0.2.112 but my name was rejected. Remote host said: 501 5.0.0 Invalid domain name"},
			{text: "501 5.0.0 Invalid domain name I'm not going to try again; this message has been in the queue too long.", command: dsn.CommandHELO},
			{text: "Deferred: Connection refused by mx.example.jp. Message could not be delivered for 5 days", status: "4.4.7"},
		}, []reasonCase{
			{text: "450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]", command: dsn.CommandRCPT},
		}},
		{RequirePTR, []reasonCase{
			{text: "450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]", command: dsn.CommandRCPT},
			{text: "450 4.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.1]"},
		}, nil},
		{NoRelaying, []reasonCase{
			{text: "554 5.7.1 <neko@example.jp>: Relay access denied", command: dsn.CommandRCPT},
			{text: "554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: neko@example.jp"},
		}, nil},
		{SpamDetected, []reasonCase{
			{text: "550 5.7.1 Message content rejected, UBE, id=00000-00-000"},
			{text: "550 Spam refused"},
		}, []reasonCase{
			{text: "550 5.7.1 Rejected: this message is anti-spam policy compliant but its attachment type is forbidden"},
		}},
		{VirusDetected, []reasonCase{
			{text: "Your message was infected with a virus. You should download a virus scanner and check your computer for viruses."},
		}, nil},
		{ContentError, []reasonCase{
			{text: "550 5.6.9 improper use of 8-bit data in message header", command: dsn.CommandDATA},
			{text: "552 Headers too large (32768 max)"},
		}, nil},
		{EmailTooLarge, []reasonCase{
			{text: "552 5.2.3 Message size exceeds fixed maximum message size (10485760)", command: dsn.CommandMAIL},
			{text: "message size 18876259 exceeds size limit 10485760 of server mx.example.jp[192.0.2.2]"},
		}, []reasonCase{
			{text: "552 5.2.2 Mailbox full"},
			{text: "552 5.2.2 Mailbox size limit exceeded"},
		}},
		{RateLimited, []reasonCase{
			{text: "452 4.5.3 Error: too many recipients", command: dsn.CommandRCPT},
			{text: "421 4.7.0 mx.example.jp Error: too many connections from 192.0.2.1"},
		}, nil},
		{MailerError, []reasonCase{
			{text: "Command died with status 1: \"/usr/bin/procmail\". Command output: procmail: Couldn't create \"/var/mail/neko\" No such user"},
		}, []reasonCase{
			{text: "550 5.1.1 <neko@example.jp>... User unknown", command: dsn.CommandRCPT},
		}},
		{NotAccept, []reasonCase{
			{text: "an MX or SRV record indicated no SMTP service"},
			{text: "556 5.1.10 Recipient address has null MX"},
		}, nil},
		{SyntaxError, []reasonCase{
			{text: "503 Improper sequence of commands"},
			{text: "504 Command parameter not implemented"},
		}, nil},
		{HasMoved, []reasonCase{
			{text: "550 5.1.6 recipient no longer on server: neko@example.go.jp", command: dsn.CommandRCPT},
		}, nil},
		{PolicyViolation, []reasonCase{
			{text: "570 5.7.7 Email not accepted for policy reasons"},
		}, nil},
		{NotCompliantRFC, []reasonCase{
			{text: "550-5.7.1 This message is not RFC 5322 compliant. There are multiple Subject headers."},
			{text: "554 5.6.0 Duplicate header field: From"},
		}, nil},
		{SystemFull, []reasonCase{
			{text: "452 4.4.5 Insufficient disk space; try again later"},
		}, nil},
		{AuthFailure, []reasonCase{
			{text: "550 5.7.23 The message was rejected because of Sender Policy Framework violation"},
			{text: "550 5.7.509 Access denied, sending domain example.org does not pass DMARC verification and has a DMARC policy of reject."},
		}, []reasonCase{
			{text: "550 5.1.1 <spf@example.org>: Recipient address rejected: User unknown in local recipient table", command: dsn.CommandRCPT},
		}},
		{BadReputation, []reasonCase{
			{text: "554 Your access to this mail system has been rejected due to the sending MTA's poor reputation."},
		}, []reasonCase{
			{text: "552 5.2.2 Mailbox full (the sender's reputation is fine)"},
		}},
		{FailedSTARTTLS, []reasonCase{
			{text: "530 5.7.0 STARTTLS is required first"},
		}, nil},
		{Suspend, []reasonCase{
			{text: "550 5.2.1 <neko@example.jp>: account has been suspended", command: dsn.CommandRCPT},
			{text: "550 Mailbox is inactive", command: dsn.CommandRCPT},
		}, []reasonCase{
			{text: "550 5.1.1 <suspended@example.jp>: Recipient address rejected: User unknown in local recipient table", command: dsn.CommandRCPT},
		}},
		{SecurityError, []reasonCase{
			{text: "553 From <>, message blocked, you are not authorized to send mail, authentication is required."},
		}, nil},
	}
	for _, tt := range tests {
		assertReasonCases(t, tt.reason, tt.must, tt.mustNot)
	}
}

// assertReasonCases checks that every case of must decides reason and
// no case of mustNot does.
func assertReasonCases(t *testing.T, reason Reason, must, mustNot []reasonCase) {
	t.Helper()
	for _, c := range must {
		v := c.verdict()
		assert.Equal(t, reason, v.Reason, "must be %s: %+v (rule %s)", reason, c, v.Rule)
	}
	for _, c := range mustNot {
		v := c.verdict()
		assert.NotEqual(t, reason, v.Reason, "must not be %s: %+v (rule %s)", reason, c, v.Rule)
	}
}
