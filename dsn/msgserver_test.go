package dsn

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestUnchannelRecipient: a Messaging Server channel address as the final
// recipient gives way to the original recipient; other one-label domains,
// dotted "-daemon" hosts and originals that are no better are kept.
func TestUnchannelRecipient(t *testing.T) {
	tests := []struct{ final, orig, want string }{
		{"hwong@ims-ms-daemon", "hwong@example.edu", "hwong@example.edu"},
		{"jangel1@SIMS-MS-DAEMON", "jangel1@cougar.example.edu", "jangel1@cougar.example.edu"},
		{"hwong@ims-ms-daemon", "", "hwong@ims-ms-daemon"},
		{"hwong@ims-ms-daemon", "hwong@ims-ms-daemon", "hwong@ims-ms-daemon"},
		{"hwong@ims-ms-daemon", "hwong@localhost", "hwong@ims-ms-daemon"},
		{"user@localhost", "user@example.com", "user@localhost"},
		{"user@mail-daemon.example.com", "user@example.com", "user@mail-daemon.example.com"},
		{"user@-daemon", "user@example.com", "user@-daemon"},
		{"user@example.org", "alias@example.com", "user@example.org"},
	}
	for _, tt := range tests {
		rc := Recipient{Recipient: tt.final, OriginalRecipient: tt.orig}
		UnchannelRecipient(&rc)
		assert.Equal(t, tt.want, rc.Recipient, "%s / %s", tt.final, tt.orig)
	}
}

// TestMTANameComment: RFC 3464 section 2.1.1 comments after a dns name are
// not part of it; other types and comment-only values are kept.
func TestMTANameComment(t *testing.T) {
	tests := []struct{ typ, name, want string }{
		{"dns", "mr21p30im-asmtp004.me.com (tcp-daemon)", "mr21p30im-asmtp004.me.com"},
		{"DNS", "mx.example.jp (TCP|17.111.174.67|47323|192.0.2.225|25) (6jo.example.jp ESMTP SENDMAIL-VM)", "mx.example.jp"},
		{"dns", "mx.example.jp", "mx.example.jp"},
		{"dns", "(no name)", "(no name)"},
		{"x-local-hostname", "host (comment)", "host (comment)"},
		{"", "host (comment)", "host (comment)"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, mtaName(tt.typ, tt.name), "%s; %s", tt.typ, tt.name)
	}
}

// TestReportMTANames reads a Messaging Server delivery-status part: its
// comments dropped from the MTA names, the channel address replaced.
func TestReportMTANames(t *testing.T) {
	raw := "From: Internet Mail Delivery <postmaster@ims.example.edu>\nTo: s@example.org\nSubject: Delivery Notification: Delivery has failed\n" +
		"MIME-version: 1.0\nContent-type: multipart/report; boundary=\"Boundary_(ID_x1)\"; report-type=delivery-status\n\n" +
		"--Boundary_(ID_x1)\nContent-type: text/plain\n\nYour message cannot be delivered to the following recipients:\n\n" +
		"--Boundary_(ID_x1)\nContent-type: message/delivery-status\n\nReporting-MTA: dns;ims.example.edu (ims-ms-daemon)\n\n" +
		"Original-recipient: rfc822;hwong@example.edu\nFinal-recipient: rfc822;hwong@ims-ms-daemon\nAction: failed\nStatus: 5.2.2 (Over quota)\n\n" +
		"Original-recipient: rfc822;ops@example.net\nFinal-recipient: rfc822;ops@example.net\nAction: failed\nStatus: 5.1.1 (Remote SMTP server has rejected address)\n" +
		"Remote-MTA: dns;mx.example.net (TCP|192.0.2.1|4711|192.0.2.2|25)\n (mx.example.net ESMTP)\nDiagnostic-code: smtp;550 5.1.1 unknown or illegal user: ops@example.net\n\n" +
		"--Boundary_(ID_x1)--\n"
	m, err := ReadMessage([]byte(raw))
	assert.NoError(t, err)
	r := RFC3464Decoder{}.Decode(m)
	if assert.NotNil(t, r) && assert.Len(t, r.Recipients, 2) {
		assert.Equal(t, "ims.example.edu", r.ReportingMTA)
		assert.Equal(t, "hwong@example.edu", r.Recipients[0].Recipient)
		assert.Equal(t, "ops@example.net", r.Recipients[1].Recipient)
		assert.Equal(t, "mx.example.net", r.Recipients[1].RemoteMTA)
	}
}
