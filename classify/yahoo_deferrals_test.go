package classify_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestYahooDeferralsWithoutCause: Yahoo's TS02 and 4.16.50 deferrals give
// no "due to" words; Yahoo's help pages explain them by the sending IP's
// traffic and by complaints about the server (classify/providers_yahoo.go).
// Near misses keep their readings: TSS04/TSS05 (Sisimai: rejected), the
// same words from a host that is not Yahoo's, and other deferrals.
func TestYahooDeferralsWithoutCause(t *testing.T) {
	cases := []struct {
		name, rcpt, mta, status, diag string
		want                          classify.Reason
	}{
		// https://help.yahoo.com/kb/postmaster/SLN3326.html
		{"ts02 plain", "bob@yahoo.com", "mta6.am0.yahoodns.net", "4.7.0", "421 4.7.0 [TS02] Messages from 192.0.2.61 temporarily deferred - 4.16.56.1; see http://postmaster.yahoo.com/421-ts02.html", classify.Blocked},
		{"ts02 aol", "bob@aol.com", "mx-aol.mail.gm0.yahoodns.net", "4.7.0", "421 4.7.0 [TS02] Messages from 192.0.2.61 temporarily deferred - 4.16.56.1", classify.Blocked},
		// https://help.zoho.com/portal/en/community/topic/message-from-zoho-to-yahoo-elicits-421-responses
		{"ts02 complaints", "bob@yahoo.co.in", "mx-apac.mail.gm0.yahoodns.net", "4.7.0", "421 4.7.0 [TS02] Messages from 192.0.2.103 temporarily deferred due to user complaints - 4.16.56.1; see http://postmaster.yahoo.com/421-ts02.html", classify.Blocked},
		// https://help.yahoo.com/mkb/article.php?...&id=SLN3437
		{"4.16.50", "bob@yahoo.com", "mta7.am0.yahoodns.net", "", "421 Message from (192.0.2.88) temporarily deferred - 4.16.50", classify.Blocked},
		// http://blog.deliverability.com/2008/09/a-few-days-ago.html (no space before "temporarily").
		{"4.16.50 older", "bob@yahoo.ca", "e.mx.mail.yahoo.com", "", "421 Message from (192.0.2.144)temporarily deferred - 4.16.50. Please refer to http://help.yahoo.com/help/us/mail/defer/defer-06.html", classify.Blocked},
		// Near misses.
		{"tss05 stays rejected", "bob@yahoo.com", "mta6.am0.yahoodns.net", "4.7.0", "421 4.7.0 [TSS05] Messages from 192.0.2.105 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes", classify.Rejected},
		{"ts02 words, other host", "bob@example.org", "mx.example.org", "4.7.0", "421 4.7.0 [TS02] Messages from 192.0.2.61 temporarily deferred - 4.16.56.1", classify.Expired},
		{"4.16.50 words, other host", "bob@example.org", "mx.example.org", "", "421 Message from (192.0.2.88) temporarily deferred - 4.16.50", classify.Expired},
		{"message deferred, other words", "bob@yahoo.com", "mta6.am0.yahoodns.net", "", "451 Message temporarily deferred due to unresolvable RFC.5321 from domain", classify.Rejected},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := classifyReply(t, remoteReply{decoder: "Postfix", rcpt: tc.rcpt, mta: tc.mta, status: tc.status, diag: tc.diag, action: dsn.ActionDelayed})
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}
