package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// comsatNotice writes an ITS COMSAT notice (the layout quoted whole in
// https://github.com/PDP-10/its/issues/1513) with the given reason lines.
func comsatNotice(from string, reasons ...string) string {
	s := "Date: Fri, 25 Jan ;9 00:06:58 EST\nFrom: " + from + "\n" +
		"Subject: Msg of Friday, 25 January 2019 00:06-EST\nTo: DRAGON@ITS.EXAMPLE.ORG\n" +
		"Message-ID: <394.;90125@ITS.EXAMPLE.ORG>\n\n" +
		"============ A copy of your message is being returned, because: ============\n"
	for _, r := range reasons {
		s += r + "\n"
	}
	return s + "============ Failed message follows: ============\n" +
		"Date: Fri, 25 Jan ;9 00:06:58 EST\nFrom: DRAGON@ITS.EXAMPLE.ORG\nSubject: Today's Birthdays\n" +
		"To: BDAY@ITS.EXAMPLE.ORG\nMessage-ID: <393.;90125.DRAGON@ITS.EXAMPLE.ORG>\n\nNo birthdays today!\n"
}

// TestCOMSAT reads COMSAT's reason lines: the ITS form "USER" at HOST and
// a plain address, one recipient a line, the reason kept as the
// diagnostic; the returned message follows the second rule.
func TestCOMSAT(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want []wantRecipient
	}{
		{"ITS form", comsatNotice("COMSAT@ITS.EXAMPLE.ORG", `"BDAY" at ITS.EXAMPLE.ORG is an unknown recipient.`),
			[]wantRecipient{{addr: "BDAY@ITS.EXAMPLE.ORG", action: "failed", diagContains: "is an unknown recipient"}}},
		{"two lines, a plain address", comsatNotice("COMSAT@ITS.EXAMPLE.ORG",
			`"BDAY" at ITS.EXAMPLE.ORG is an unknown recipient.`, `ADMIN@MIT.EXAMPLE.EDU is an unknown recipient.`),
			[]wantRecipient{{addr: "BDAY@ITS.EXAMPLE.ORG"}, {addr: "ADMIN@MIT.EXAMPLE.EDU"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := decodeMTA(t, tt.raw)
			require.Equal(t, dsn.DeliveryReport, r.Kind, "notes: %v", r.Notes)
			assert.Equal(t, string(COMSAT), string(r.Decoder))
			checkRecipients(t, r, tt.want)
			assert.True(t, r.Recipients[0].NoRemoteAnswer)
			assert.Equal(t, "393.;90125.DRAGON@ITS.EXAMPLE.ORG", r.Original.MessageID)
		})
	}
}

// TestCOMSATNearMiss: COMSAT's rule from another sender, a COMSAT message
// without the rule (a user's mail relayed by COMSAT), and a rule whose
// lines name no recipient are no COMSAT report.
func TestCOMSATNearMiss(t *testing.T) {
	d := comsatDecoder{}
	for name, raw := range map[string]string{
		"another sender": comsatNotice("dragon@its.example.org", `"BDAY" at ITS.EXAMPLE.ORG is an unknown recipient.`),
		"no rule": "From: COMSAT@ITS.EXAMPLE.ORG\nSubject: Msg of Friday\nTo: X@ITS.EXAMPLE.ORG\n\n" +
			"\"BDAY\" at ITS.EXAMPLE.ORG is an unknown recipient.\n",
		"no recipient in the lines": comsatNotice("COMSAT@ITS.EXAMPLE.ORG", "The queue is full, try later."),
	} {
		t.Run(name, func(t *testing.T) {
			m, err := dsn.ReadMessage([]byte(raw))
			require.NoError(t, err)
			if d.Match(m) {
				assert.Nil(t, d.Decode(m))
			}
		})
	}
}
