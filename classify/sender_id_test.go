package classify_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
)

// TestSenderIDTexts: the Outlook.com postmaster page's Sender ID refusal
// (classify/texts/sender_id.tsv) is an authentication failure; near misses
// that only name Sender ID, or refuse a command for another reason, keep
// their own readings.
func TestSenderIDTexts(t *testing.T) {
	cases := []struct {
		name, rcpt, status, diag string
		want                     classify.Reason
	}{
		// https://sendersupport.olc.protection.outlook.com/pm/troubleshooting.aspx (FAQ).
		{"outlook.com sender id", "bob@hotmail.com", "", "550 command rejected due to Sender ID validation failure.", classify.AuthFailure},
		{"sender id, other host", "bob@example.org", "5.7.1", "550 5.7.1 command rejected due to Sender ID validation failure.", classify.AuthFailure},
		// Near misses.
		{"sender id header only", "bob@example.org", "5.1.1", "550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown (Sender ID: none)", classify.UserUnknown},
		{"command rejected, relay", "bob@example.org", "5.7.1", "554 5.7.1 <bob@example.org>: Relay access denied", classify.NoRelaying},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := classifyReply(t, remoteReply{decoder: "Postfix", rcpt: tc.rcpt, status: tc.status, diag: tc.diag, action: dsn.ActionFailed})
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}

// TestSenderIDProviderRows: rows added to the Yahoo and Apple tables from
// the replies their catalogues quote; near misses from other hosts, or
// with other codes, keep their own readings.
func TestSenderIDProviderRows(t *testing.T) {
	cases := []struct {
		name, rcpt, mta, status, diag string
		want                          classify.Reason
	}{
		// http://blog.arrentan.com/ (Yahoo's TS01 deferral, another wording).
		{"yahoo ts01 excessive", "bob@yahoo.com", "mta5.am0.yahoodns.net", "", "421 4.16.55 [TS01] Messages from 192.0.2.1 temporarily deferred due to excessive user complaints", classify.Blocked},
		{"aol ts01 excessive", "bob@aol.com", "mx-aol.mail.gm0.yahoodns.net", "", "421 4.16.55 [TS01] Messages from 192.0.2.1 temporarily deferred due to excessive user complaints", classify.Blocked},
		// https://smtp.codes/icloud (451 4.7.1: not accepting right now, peak hours).
		{"icloud busy", "bob@icloud.com", "mx01.mail.icloud.com", "4.7.1", "451 4.7.1 Service unavailable - try again later", classify.SystemError},
		// Near misses: Yahoo's TSS04 keeps Sisimai's reading; iCloud's
		// excessive volume stays a rate limit; the same generic words from
		// another host are not iCloud's.
		{"yahoo tss04", "bob@yahoo.com", "mta5.am0.yahoodns.net", "", "421 4.7.0 [TSS04] Messages from 192.0.2.25 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes", classify.Rejected},
		{"icloud volume", "bob@icloud.com", "mx02.mail.icloud.com", "4.7.1", "421 4.7.1 Messages to bob@icloud.com deferred due to excessive volume. Try again later - https://support.apple.com/en-us/HT204137", classify.RateLimited},
		{"other host busy", "bob@example.org", "mx.example.org", "4.7.1", "451 4.7.1 Service unavailable - try again later", classify.Expired},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := classifyReply(t, remoteReply{decoder: "Postfix", rcpt: tc.rcpt, mta: tc.mta, status: tc.status, diag: tc.diag, action: dsn.ActionDelayed})
			assert.Equal(t, tc.want, v.Reason, v.Rule)
		})
	}
}

// TestReplyCarriesStatus: a 4xx reply that gives a 5.x.x status in
// the same reply (Google documents "421 5.7.32") keeps its reply code; a
// reporting MTA's 5xx over a transient 4.x.x status, and a 4xx code that
// stands apart from the status, are still dropped.
func TestReplyCarriesStatus(t *testing.T) {
	cases := []struct {
		name, status, diag string
		want               int
	}{
		{"google 421 5.7.32", "5.7.32", "421-5.7.32 Your email was blocked because the From: header (RFC5322) in this 421-5.7.32 message isn't aligned with either the authenticated SPF or DKIM 421 5.7.32 organizational domain. - gsmtp", 421},
		{"same, space", "5.7.32", "421 5.7.32 Your email was blocked because the From: header (RFC5322) in this message isn't aligned with either the authenticated SPF or DKIM organizational domain.", 421},
		// Near misses.
		{"exchange 550 4.4.7", "4.4.7", "550 4.4.7 QUEUE.Expired; message expired", 0},
		{"workmail 554 4.4.7", "4.4.7", "554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection timed out>", 0},
		{"421 apart from status", "5.7.1", "421 Service not available, closing channel; later 5.7.1 blocked", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := classifyReply(t, remoteReply{decoder: "Postfix", rcpt: "bob@gmail.com", status: tc.status, diag: tc.diag, action: dsn.ActionFailed})
			assert.Equal(t, tc.want, v.ReplyCode, v.Rule)
		})
	}
}
