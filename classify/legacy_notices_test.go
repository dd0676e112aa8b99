package classify_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
)

// TestLegacyNotices reads whole notices of legacy mail systems whose own
// words legacy_notices.tsv gives a reason (GroupWise's post-office lookup, L-Soft's
// Error-Text, Exchange 5.5's ambiguous recipient, the "Mail System Error"
// notice of a host DNS does not know), and Domino's X-Notes diagnostic in a
// delivery status notification, which is its router's lookup and no
// remote reply.
func TestLegacyNotices(t *testing.T) {
	cases := []messageCase{
		{"GroupWise: not on post office, user not found", `From: "GWDOM.GWIA.GATEWAY" <postmaster@gw.example.org>
To: sender@example.net
Subject: Message status - undeliverable
X-Mailer: Novell GroupWise Internet Agent 7.0.3
Content-Type: text/plain; charset=US-ASCII

The message that you sent was undeliverable to the following:
	jdoe@gw.example.org (user not found)
	mbathal@gw.example.org (User not on post office)

Possibly truncated original message follows:
`, map[string]classify.Reason{"jdoe@gw.example.org": classify.UserUnknown, "mbathal@gw.example.org": classify.UserUnknown}},
		{"L-Soft: no such local user", `From: MAILER-DAEMON@LISTSERV.EXAMPLE.EDU
To: sender@example.net
Subject: Undeliverable mail
X-Report-Type: Nondelivery; boundary="> Error description:"

--> Error description:
Error-For:  nobody@listserv.example.edu
Error-Code: 3
Error-Text: No such local user.

Error-End:  One error reported.
`, map[string]classify.Reason{"nobody@listserv.example.edu": classify.UserUnknown}},
		{"Exchange 5.5: ambiguous recipient", `From: System Administrator <postmaster@example.com>
To: sender@example.net
Subject: Undeliverable: test
X-Mailer: Internet Mail Service (5.5.2653.19)
Content-Type: text/plain

Your message

  To:      testuser@example.com
  Subject: test
  Sent:    Mon, 17 Jan 2000 16:48:45 -0500

did not reach the following recipient(s):

testuser@example.com on Mon, 17 Jan 2000 16:49:22 -0500
    The recipient name is ambiguous.
    The MTS-ID of the original message is: c=US;a= ;p=Example;l=USER110001172149D1FCA2JL
    MSEXCH:IMS:Example:Site:SERVER1 0 (000C0595) Ambiguous Recipient
`, map[string]classify.Reason{"testuser@example.com": classify.Filtered}},
		{"Mail System Error: destination computer not found", `From: Mail Administrator <Postmaster@isp.example>
To: sender@example.net
Subject: Mail System Error - Returned Mail

This Message was undeliverable due to the following reason:

Your message was not delivered because the destination computer
was not found.  Carefully check that it was spelled correctly and
try sending it again if there were any mistakes.

     Host nosuch.example.org not found

The following recipients did not receive this message:

     <ann@nosuch.example.org>

Please reply to <Postmaster@isp.example>
if you feel this message to be in error.
`, map[string]classify.Reason{"ann@nosuch.example.org": classify.HostUnknown}},
		{"Domino DSN: X-Notes diagnostic", `From: Postmaster@domino.example.org
To: sender@example.net
Subject: DELIVERY FAILURE: User marie (marie@domino.example.org) not listed in Domino Directory
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

Your message

  Subject: test

was not delivered to:

  marie@domino.example.org

because:

  User marie (marie@domino.example.org) not listed in Domino Directory

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns;domino.example.org

Final-Recipient: rfc822;marie@domino.example.org
Action: failed
Status: 5.0.0
Diagnostic-Code: X-Notes; User marie (marie@domino.example.org) not listed in Domino Directory

--b1--
`, map[string]classify.Reason{"marie@domino.example.org": classify.UserUnknown}},
	}
	runMessageCases(t, cases)
}

// TestLegacyNoticesNearMisses: the same words where they are not the software's own.
// A remote server's "user not found" or Domino text after DATA in an smtp
// diagnostic stays a filter's refusal; the ambiguous-recipient words of
// another report decide nothing; DNS records of a destination computer that
// could not be found are a network error, not an unknown host.
func TestLegacyNoticesNearMisses(t *testing.T) {
	cases := []struct {
		name, diag string
		notWant    classify.Reason
	}{
		{"remote's user not found after DATA", "550 user not found (in reply to end of DATA command)", classify.UserUnknown},
		{"remote Domino text after DATA", "550 User bob (bob@example.org) not listed in Domino Directory (in reply to end of DATA command)", classify.UserUnknown},
		{"ambiguous words in another report", "550 The recipient name is ambiguous", classify.Filtered},
		{"DNS records not found", "451 DNS records for the destination computer could not be found", classify.HostUnknown},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, noticeDSN("The mail system", rcptGroup("bob@example.org", "5.0.0", tc.diag)+"\nRemote-MTA: dns; mx.example.org"))
			v, ok := got["bob@example.org"]
			assert.True(t, ok)
			assert.NotEqual(t, tc.notWant, v.Reason, "rule %s", v.Rule)
		})
	}
}
