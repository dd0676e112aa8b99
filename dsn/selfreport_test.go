package dsn_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// selfDSN is a report in the layout of gromox's own bounces (grommunio
// gromox mda/exmdb_local/bounce_producer.cpp): a template text, then a
// delivery-status part with Status 5.0.0, no Diagnostic-Code, and a
// Remote-MTA (the %s) that gromox fills with its own host ID.
const selfDSN = `From: "Mail Daemon"<postmaster@system>
To: <alice@example.net>
Subject: Delivery failure, user doesn't exist!
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b2"

--b2
Content-Type: text/plain; charset="utf-8"

Hi,
  I am sorry to tell you that that the address "bob@example.org" does not
exist. Please check whether the addess is rigthly composed and try it
again.

--b2
Content-Type: message/delivery-status

Reporting-MTA: dns;grommunio.example.org
Arrival-Date: Wed, 2 Dec 2026 10:00:00 +0100

Final-Recipient: rfc822;bob@example.org
Action: failed
Status: 5.0.0
Remote-MTA: %s
%s
--b2--
`

// TestRemoteMTAIsReporter: a Remote-MTA that names the reporting MTA
// itself (any case, a trailing dot) names no remote server, so the
// recipient's failure is the reporter's own; another host, or a
// Diagnostic-Code, is a remote answer as before.
func TestRemoteMTAIsReporter(t *testing.T) {
	for _, tc := range []struct {
		name, remote, diag string
		want               bool
	}{
		{"same host", "dns;grommunio.example.org", "", true},
		{"same host, other case and a dot", "dns; GROMMUNIO.example.org.", "", true},
		{"another host", "dns;mx.example.org", "", false},
		{"same host with a diagnostic", "dns;grommunio.example.org", "Diagnostic-Code: smtp; 550 5.1.1 unknown user\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(fmt.Sprintf(selfDSN, tc.remote, tc.diag)), lhost.Registry())
			require.NoError(t, err)
			require.Len(t, r.Recipients, 1)
			assert.Equal(t, "bob@example.org", r.Recipients[0].Recipient)
			assert.Equal(t, tc.want, r.Recipients[0].NoRemoteAnswer)
		})
	}
}
