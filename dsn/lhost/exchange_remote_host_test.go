package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestExchangeRemoteHostReply reads an Exchange 2010 NDR
// (testdata/exchange2010, written after the layout of
// rgl/MailBounceDetector's Exchange fixture) whose administrators' section
// gives a remote server's reply after that server's name, "host #550 ...
// ##", next to Exchange's own "#550 ... ##" and a reply after an address
// literal: the reply is the diagnostic, the name the remote MTA.
func TestExchangeRemoteHostReply(t *testing.T) {
	r := parseSample(t, "exchange2010", "remote-host.eml", Exchange2007, 3)
	assert.Equal(t, "exch01.corp.example.com", r.ReportingMTA)
	cases := []struct {
		addr, remote, diag string
		reply              int
	}{
		{"anna@partner.example", "mx2.partner.example",
			"550 5.1.1 <anna@partner.example>: Recipient address rejected: User unknown in virtual mailbox table", 550},
		{"bert@corp.example.com", "", "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found", 550},
		{"carl@other.example", "198.51.100.25", "554 5.7.1 <carl@other.example>: Relay access denied", 554},
	}
	for i, tc := range cases {
		rc := r.Recipients[i]
		assert.Equal(t, tc.addr, rc.Recipient)
		assert.Equal(t, dsn.ActionFailed, rc.Action)
		assert.Equal(t, tc.remote, rc.RemoteMTA, tc.addr)
		assert.Equal(t, tc.diag, rc.DiagnosticCode, tc.addr)
		assert.Equal(t, tc.reply, rc.ReplyCode, tc.addr)
	}
	assert.Equal(t, "Quarterly plan", r.Original.Subject)
}

// TestExchangeHashReplyForms: the "#NNN ... ##" reply with and without a
// server's name before it, and lines that only look like it.
func TestExchangeHashReplyForms(t *testing.T) {
	cases := []struct {
		line, host, reply string
		ok                bool
	}{
		{"#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##", "", "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found", true},
		{"mx.example.net #550-5.1.1 The email account does not exist ##", "mx.example.net", "550-5.1.1 The email account does not exist", true},
		{"[192.0.2.7] #421 4.4.2 Connection dropped ##", "[192.0.2.7]", "421 4.4.2 Connection dropped", true},
		{"Ticket #550 was closed", "", "", false},                 // no host name before the "#"
		{"see www.example.com #5 things to check", "", "", false}, // no reply code
		{"mx.example.net#550 5.1.1 no space ##", "", "", false},   // the name runs into the "#"
	}
	for _, tc := range cases {
		sm := exchangeHashReply().FindStringSubmatch(tc.line)
		if !tc.ok {
			assert.Nil(t, sm, tc.line)
			continue
		}
		if assert.NotNil(t, sm, tc.line) {
			assert.Equal(t, tc.host, sm[1], tc.line)
			assert.Equal(t, tc.reply, sm[2], tc.line)
		}
	}
}
