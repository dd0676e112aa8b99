package classify

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestDelayNoticesAndGiveUps: a delay notice is read by the last error it
// quotes, and expired only when that error names nothing; a report that
// gave a transient failure up is read by the cause the last error names.
// Each text is its MTA's or filter's own (delay_notices.tsv, sendmail.tsv,
// filters-more.tsv).
func TestDelayNoticesAndGiveUps(t *testing.T) {
	sendmailTimeout := "Deferred: Connection timed out with mx.example.org. " +
		"Warning: message still undelivered after 4 hours Will keep trying until message is 5 days old"
	greylist := "451 4.7.1 Greylisting in action, please come back later"
	sqlgrey := "450 4.7.1 <user@example.net>: Recipient address rejected: Greylisted for 5 minutes"
	cases := []factCase{
		// Sendmail's delay warning: its "Will keep trying" words say only
		// that it waits; the timeout of the last attempt is the cause.
		{"sendmail delay, timeout", "4.4.1", sendmailTimeout, "", dsn.ActionDelayed, NetworkError, "text/networkerror/connection timed out with@delayed"},
		// The same words in a bounce: the timeouts lasted until the queue
		// gave up (Timeout.queuereturn).
		{"sendmail give-up, timeout", "4.4.7", "Deferred: Connection timed out with mx.example.org. Message could not be delivered for 5 days", "", dsn.ActionFailed, Expired, ""},
		// A delay whose only words are the MTA's own waiting: expired.
		{"sendmail delay, nothing quoted", "4.0.0", "Warning: message still undelivered after 4 hours Will keep trying until message is 5 days old", "", dsn.ActionDelayed, Expired, ""},
		// Greylisting names no failure: its 451 is not RFC 5321's "local
		// error in processing".
		{"greylisted, delayed", "4.7.1", greylist, dsn.CommandRCPT, dsn.ActionDelayed, Expired, "fallback/delayed"},
		{"greylisted until the queue gave up", "4.7.1", greylist, dsn.CommandRCPT, dsn.ActionFailed, Expired, "fallback/given-up"},
		{"sqlgrey, given up", "4.7.1", sqlgrey, dsn.CommandRCPT, dsn.ActionFailed, Expired, "fallback/given-up"},
		// A cause the last error names decides, delayed or given up.
		{"full mailbox, given up", "4.2.2", "452 4.2.2 <user@example.net> Quota exceeded (mailbox for user is full)", dsn.CommandRCPT, dsn.ActionFailed, MailboxFull, ""},
		{"TLS not offered, delayed", "4.7.4", "TLS is required, but was not offered by host mx.example.org[192.0.2.1]", "", dsn.ActionDelayed, FailedSTARTTLS, ""},
	}
	runFactCases(t, cases)
}

// TestDelayNearMisses: what the changes must not reach.
func TestDelayNearMisses(t *testing.T) {
	cases := []factNearMiss{
		// A transient 451 with words no table knows keeps RFC 5321's
		// reading of the code: only a mask (a known deferral) stops it.
		{"451 unknown words", "4.3.0", "451 4.3.0 Temporary local problem - please try later", dsn.CommandRCPT, dsn.ActionDelayed, Expired},
		// A failed 4.X.X whose words nothing recognised stays onhold
		// (Sisimai leaves "450 4.0.0 Temporary failure" so), not expired.
		{"given up, unknown words", "4.0.0", "450 4.0.0 Temporary failure", "", dsn.ActionFailed, Expired},
		// A permanent refusal that mentions greylisting is no give-up.
		{"5xx greylist words", "5.7.1", "550 5.7.1 Greylisting in action, please come back later", dsn.CommandRCPT, dsn.ActionFailed, Expired},
		// "Connection timed out with" in an immediate failure of another
		// kind: the delayed reading is only for delayed reports.
		{"sendmail timeout, failed", "4.4.7", "Deferred: Connection timed out with mx.example.org.", "", dsn.ActionFailed, NetworkError},
	}
	runFactNearMisses(t, cases)
}
