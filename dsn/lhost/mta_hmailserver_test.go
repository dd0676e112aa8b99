package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestHMailServerNotice reads hMailServer's notices (testdata/hmailserver,
// written after its SEND_FAILED_NOTIFICATION template and the error blocks
// of SMTPClientConnection.cpp and ExternalDelivery.cpp): each address with
// its block, the remote reply and the command it answered, or
// hMailServer's own words; the addresses before "Tried N time(s)" that no
// server refused outright expired.
func TestHMailServerNotice(t *testing.T) {
	type want struct {
		rcpt, diag, command, remote, status string
	}
	cases := []struct {
		file string
		want []want
	}{
		{"remote.eml", []want{
			{"anna@client.example", "550 5.1.1 <anna@client.example>: Recipient address rejected: User unknown in relay recipient table", dsn.CommandRCPT, "203.0.113.40", "5.1.1"},
			{"legal@client.example", "552 5.3.4 Message size exceeds fixed limit", dsn.CommandDATA, "203.0.113.40", "5.3.4"},
		}},
		{"local.eml", []want{
			{"billing@offline.example", "Connection to recipients server failed. Could not connect to 198.51.100.77 on port 25.", "", "", "5.4.7"},
			{"info@nodomain.example", "No mail servers appear to exists for the recipient's address. Please check that you have not misspelled the recipient's email address.", "", "", "5.4.7"},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			r := parseSample(t, "hmailserver", tc.file, HMailServer, len(tc.want))
			for i, w := range tc.want {
				rc := r.Recipients[i]
				assert.Equal(t, w.rcpt, rc.Recipient)
				assert.Equal(t, dsn.ActionFailed, rc.Action)
				assert.Equal(t, w.diag, rc.DiagnosticCode)
				assert.Equal(t, w.command, rc.Command)
				assert.Equal(t, w.remote, rc.RemoteMTA)
				assert.Equal(t, w.status, rc.Status.String())
			}
		})
	}
}

// TestHMailServerNearMiss: a person's message under a Subject like the
// notice's, listing an address with an indented note, is no notice.
func TestHMailServerNearMiss(t *testing.T) {
	assertNearMiss(t, hMailServerDecoder{}, "hmailserver", "not-question.eml")
}

// TestHMailServerCommand: the command of the line hMailServer sent.
func TestHMailServerCommand(t *testing.T) {
	for sent, want := range map[string]string{
		"RCPT TO:<a@example.net>": dsn.CommandRCPT, "MAIL FROM:<b@example.org> SIZE=100": dsn.CommandMAIL,
		"DATA": dsn.CommandDATA, "EHLO mail.example.org": dsn.CommandEHLO, "QUIT": "", "": "",
	} {
		assert.Equal(t, want, hMailServerCommand(sent), sent)
	}
}
