package classify_test

import (
	"testing"

	"github.com/bounce-milter/bounce-milter/classify"
)

// gromoxReport is gromox's own no-such-user bounce as its bounce producer
// writes it (grommunio/gromox mda/exmdb_local/bounce_producer.cpp with
// data/local_bounce/ascii/BOUNCE_NO_USER): a multipart/report whose
// delivery-status part names gromox itself as the Remote-MTA and gives
// no Diagnostic-Code.
const gromoxReport = `Received: from unknown (helo localhost) (unknown@127.0.0.1)
	by herculiz with SMTP
From: "Mail Daemon"<postmaster@system>
To: <alice@example.net>
MIME-Version: 1.0
Date: Wed, 2 Dec 2026 10:00:05 +0100
Subject: Delivery failure, user doesn't exist!
Content-Type: multipart/report; report-type=delivery-status; boundary="b3"

--b3
Content-Type: text/plain; charset="utf-8"

Hi,
  I am sorry to tell you that that the address "bob@example.org" does not
exist. Please check whether the addess is rigthly composed and try it
again.

Below is the original mail information:
   Time:    12/02/26 10:00:01
   From:    alice@example.net
   To:      bob@example.org
   Subject: Quarterly report
   Parts:   
   Length:  12k

--b3
Content-Type: message/delivery-status

Reporting-MTA: dns;grommunio.example.org
Arrival-Date: Wed, 2 Dec 2026 10:00:01 +0100

Final-Recipient: rfc822;bob@example.org
Action: failed
Status: 5.0.0
Remote-MTA: dns;grommunio.example.org

--b3--
`

// TestGromoxReportOwnLookup: gromox's multipart/report no-such-user bounce
// is its own mailbox lookup (no remote server answered), so its
// user-unknown words read userunknown, not a filter's refusal.
func TestGromoxReportOwnLookup(t *testing.T) {
	got := verdicts(t, gromoxReport)
	assertReason(t, got, "bob@example.org", classify.UserUnknown)
}
