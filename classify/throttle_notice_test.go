package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// TestThrottleRefusedToTalk: Postfix quotes a refused greeting as "host <mx>
// refused to talk to me: <reply>"; the reply's own words decide, the bare
// wording (blocked) only when they name nothing.
func TestThrottleRefusedToTalk(t *testing.T) {
	cases := []struct {
		name, reply string
		want        classify.Reason
	}{
		{"exim load reserve", "421 mx.example.org: Too much load; please try again later", classify.SystemError},
		{"sendmail ratecontrol", "421 4.3.2 Connection rate limit exceeded.", classify.RateLimited},
		{"dnsbl block still blocked", "554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using zen.spamhaus.org", classify.Blocked},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			notice := "This is the mail system at host relay.example.com.\n\n" +
				"<a@example.org>: host mx.example.org[192.0.2.10] refused to talk to me:\n    " + c.reply + "\n"
			st := "4.0.0"
			if c.reply[0] == '5' {
				st = "5.7.1"
			}
			got := verdicts(t, noticeDSN(notice, rcptGroup("a@example.org", st, c.reply)))
			assertReason(t, got, "a@example.org", c.want)
		})
	}
}
