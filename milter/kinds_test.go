package milter

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/engine"
	"github.com/bounce-milter/bounce-milter/event"
)

// kindSamples are messages whose kind is not a plain failure, written in
// the layouts their software documents or its source writes, each with
// the kind, the action every fact must have and whether a fact may be a
// hard bounce.
var kindSamples = []struct {
	name   string
	msg    string
	kind   event.Kind
	action string
}{
	{"Sendmail delay warning, text only (savemail.c)", `From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>
To: <sender@example.com>
Subject: Warning: could not send message for past 4 hours
Auto-Submitted: auto-generated (warning-timeout)

    **********************************************
    **      THIS IS A WARNING MESSAGE ONLY      **
    **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **
    **********************************************

The original message was received at Thu, 29 Apr 2021 10:00:00 +0200
from client.example.com [192.0.2.10]

   ----- The following addresses had transient non-fatal errors -----
<anna@example.net>

   ----- Transcript of session follows -----
<anna@example.net>... Deferred: 450 4.1.1 <anna@example.net>: Recipient address rejected: User unknown
Warning: message still undelivered after 4 hours
`, event.SoftBounce, "delayed"},
	{"Postfix delay warning, text only (bounce_templates.c)", `From: MAILER-DAEMON@mx.example.org (Mail Delivery System)
To: sender@example.com
Subject: Delayed Mail (still being retried)

This is the mail system at host mx.example.org.

####################################################################
# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
####################################################################

Your message could not be delivered for more than 4 hour(s).
It will be retried until it is 5 day(s) old.

                   The mail system

<anna@example.net>: host mx.example.net[192.0.2.25] said: 450 4.1.1
    <anna@example.net>: Recipient address rejected: User unknown in local
    recipient table (in reply to RCPT TO command)
`, event.SoftBounce, "delayed"},
	{"Exim delay warning, text only (deliver.c)", `From: Mail Delivery System <Mailer-Daemon@mx.example.org>
To: sender@example.com
Subject: Warning: message 1a2B3c-000Abc-Xy delayed 24 hours

This message was created automatically by mail delivery software.
A message that you sent has not yet been delivered to one or more of its
recipients after more than 24 hours on the queue on mx.example.org.

The address to which the message has not yet been delivered is:

  anna@example.net
    Delay reason: SMTP error from remote mail server after RCPT TO:<anna@example.net>:
    host mx.example.net [192.0.2.25]: 550 5.1.1 User unknown

No action is required on your part. Delivery attempts will continue for
some time, and this warning may be repeated at intervals if the message
remains undelivered.
`, event.SoftBounce, "delayed"},
	{"delivery status notification, Action: delayed, a 5.1.1 reply", `From: MAILER-DAEMON@mx.example.org (Mail Delivery System)
To: sender@example.com
Subject: Delivery Status Notification (Delay)
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Delivery to anna@example.net is delayed.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; anna@example.net
Action: delayed
Status: 4.0.0
Diagnostic-Code: smtp; 550 5.1.1 <anna@example.net>: User unknown

--B--
`, event.SoftBounce, "delayed"},
	{"read receipt (RFC 8098)", `From: anna@example.net
To: sender@example.com
Subject: Read: hello
MIME-Version: 1.0
Content-Type: multipart/report; report-type=disposition-notification; boundary="B"

--B
Content-Type: text/plain

Your message was displayed.

--B
Content-Type: message/disposition-notification

Reporting-UA: pc.example.net; Mail 1.0
Final-Recipient: rfc822; anna@example.net
Original-Message-ID: <hello-1@example.com>
Disposition: manual-action/MDN-sent-manually; displayed

--B--
`, event.ReadReceipt, ""},
	{"feedback report (RFC 5965)", `From: feedback@arf.example.net
To: fbl@example.com
Subject: FW: hello
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="B"

--B
Content-Type: text/plain

This is an email abuse report.

--B
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: Test/1.0
Version: 1
Original-Rcpt-To: <anna@example.net>

--B
Content-Type: text/rfc822-headers

From: sender@example.com
To: anna@example.net
Subject: hello

--B--
`, event.Feedback, ""},
}

// TestKindsEndToEnd classifies each sample as the milter does and checks
// the kind it stamps and every fact's action: a delay notice is a soft
// bounce with no hard fact, whatever its reply says; a read receipt and
// a complaint carry no action, so nothing reads them as failures.
func TestKindsEndToEnd(t *testing.T) {
	for _, tc := range kindSamples {
		for _, eol := range []string{"\n", "\r\n"} {
			t.Run(fmt.Sprintf("%s/%q", tc.name, eol), func(t *testing.T) {
				recs, err := engine.Classify("test", []byte(strings.ReplaceAll(tc.msg, "\n", eol)))
				require.NoError(t, err)
				require.NotEmpty(t, recs)
				assert.Equal(t, tc.kind, event.KindOf(recs))
				for _, r := range recs {
					assert.Equal(t, tc.action, r.Action, "%s", r.Recipient)
					assert.False(t, r.HardBounce, "%s: %s by %s", r.Recipient, r.Reason, r.Rule)
					assert.Equal(t, "anna@example.net", r.Recipient)
				}
				hs := Stamps("", recs)
				require.NotEmpty(t, hs)
				last := hs[len(hs)-1]
				assert.Equal(t, DefaultHeaderPrefix+SuffixKind, last.Name)
				assert.Equal(t, string(tc.kind), last.Value)
				if tc.kind == event.ReadReceipt {
					assert.Equal(t, classify.Delivered, recs[0].Reason)
					assert.Equal(t, classify.RuleReadReceipt, recs[0].Rule)
				}
			})
		}
	}
}
