package classify_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
)

// TestOlderMTANotices reads whole notices of older mail systems: Exchange
// 5.5's congestion and no-transport NDR texts (older_mta_notices.tsv), V5-era and
// Smail 3 verdicts where no server answered, and Sendmail 8.6's report of
// a message the queue gave up on.
func TestOlderMTANotices(t *testing.T) {
	ex55 := func(reason string) string {
		return `From: System Administrator <postmaster@example.com>
To: sender@example.net
Subject: Undeliverable: test
X-Mailer: Internet Mail Service (5.5.2653.19)
Content-Type: text/plain

Your message

  To:      u1@example.com
  Subject: test
  Sent:    Mon, 17 Jan 2000 16:48:45 -0500

did not reach the following recipient(s):

u1@example.com on Mon, 17 Jan 2000 16:49:22 -0500
    ` + reason + `
    MSEXCH:MSExchangeMTA:SITE:SERVER
`
	}
	cases := []messageCase{
		{"Exchange 5.5: congestion", ex55("The recipient could not be processed due to congestion in the\n     message transfer service"), map[string]classify.Reason{"u1@example.com": classify.SystemError}},
		{"Exchange 5.5: no transport provider", ex55("No transport provider was available for delivery to this recipient."), map[string]classify.Reason{"u1@example.com": classify.SystemError}},
		{"Smail 3: unknown user", `From: MAILER-DAEMON@ns.example.org
To: sender@example.net
Subject: mail failed, returning to sender

|------------------------- Failed addresses follow: ---------------------|
 ghost@example.org ... unknown user
|------------------------- Message text follows: ------------------------|
Subject: hi

body
`, map[string]classify.Reason{"ghost@example.org": classify.UserUnknown}},
		{"Sendmail 8.6: queue timeout", `From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>
To: sender@example.net
Subject: Returned mail: Cannot send message for 5 days

   ----- The following addresses had delivery problems -----
bob@host.example.org (unrecoverable error)

   ----- Transcript of session follows -----
bob@host.example.org... Deferred: Connection timed out with host.example.org.
Message could not be delivered for 5 days
Message will be deleted from queue

   ----- Original message follows -----
Subject: hi

body
`, map[string]classify.Reason{"bob@host.example.org": classify.Expired}},
		{"processed-by notice: SPF result in the reply", `From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.se>
To: sender@example.net
Subject: Delivery Status Notification

- These recipients of your message have been processed by the mail server:
u5@example.org; Failed; 5.3.0 (other or undefined mail system status)

    Remote MTA smtp.example.org: network error


 - SMTP protocol diagnostic: 554 5.7.1 example.net suggested we reject
your email: 192.0.2.7 is neither permitted nor denied by domain of
sender@example.net
`, map[string]classify.Reason{"u5@example.org": classify.AuthFailure}},
	}
	runMessageCases(t, cases)
}

// TestOlderMTANoticesNearMisses: the rows' words cut short or elsewhere decide
// nothing of their own, and a user-unknown answer a server gave after
// Sendmail talked to it keeps its command.
func TestOlderMTANoticesNearMisses(t *testing.T) {
	for _, text := range []string{
		"congestion in the message transfer service was reported earlier",
		"No transport provider configured",
		"554 5.7.1 rejected: neither permitted by policy",
	} {
		t.Run(text, func(t *testing.T) {
			got := verdicts(t, noticeDSN("The mail system", rcptGroup("u2@example.org", "5.0.0", "550 "+text)))
			v, ok := got["u2@example.org"]
			assert.True(t, ok)
			assert.NotEqual(t, classify.SystemError, v.Reason, text)
			assert.NotEqual(t, classify.AuthFailure, v.Reason, text)
		})
	}
}
