package classify_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bounce-milter/bounce-milter/classify"
)

// stalwartDelay writes a Stalwart delay notice as queue/dsn.rs builds it
// (stalwartlabs/mail-server crates/smtp/src/queue/dsn.rs): the intro, one
// "<addr> (error)" line a recipient, and a delivery-status group with
// Status 4.0.0 and no Diagnostic-Code for an error that is not a reply.
func stalwartDelay(lines map[string]string) string {
	var txt, groups strings.Builder
	for addr, e := range lines {
		txt.WriteString("<" + addr + "> (" + e + ")\n")
		groups.WriteString("Final-Recipient: rfc822;" + addr + "\nAction: delayed\nStatus: 4.0.0\n" +
			"Will-Retry-Until: Sat, 05 Dec 2026 05:01:10 +0000\n\n")
	}
	return "From: \"Mail Delivery Subsystem\" <MAILER-DAEMON@mail.example.com>\nTo: ci@example.com\n" +
		"Auto-Submitted: auto-generated\nSubject: Warning: Delay in message delivery\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=\"delivery-status\"; boundary=\"b12\"\n\n" +
		"--b12\nContent-Type: text/plain; charset=\"utf-8\"\n\n" +
		"There was a temporary problem delivering your message to the following recipients:\n\n" +
		txt.String() + "\n--b12\nContent-Type: message/delivery-status\n\n" +
		"Reporting-MTA: dns;mail.example.com\nArrival-Date: Wed, 02 Dec 2026 05:01:10 +0000\n\n" +
		groups.String() + "--b12--\n"
}

// TestStalwartDelayTexts: Stalwart's own errors in its delay notice name
// the cause (delay_last_attempt.tsv; "(too many concurrent connections to remote
// server)" was already read), and other errors in the same layout are not
// read as a rate limit.
func TestStalwartDelayTexts(t *testing.T) {
	cases := []struct {
		name, err string
		want      classify.Reason
	}{
		{"own rate limit", "rate limited", classify.RateLimited},
		{"own concurrency limit", "too many concurrent connections to remote server", classify.RateLimited},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := verdicts(t, stalwartDelay(map[string]string{"team@example.org": c.err}))
			assertReason(t, got, "team@example.org", c.want)
		})
	}
	nearMisses := []struct {
		name, err string
	}{
		// A refused connection in the same layout is a network error.
		{"connection refused", "connection to 'mx.example.org' failed: Connection refused (os error 111)"},
		// A throttle for the sender's reputation is the wider phrase.
		{"reputation", "host 'mx.example.org' rejected command 'MAIL FROM:<ci@example.com>' with code 421 (4.7.0) " +
			"'4.7.0 Your IP has been temporarily rate limited due to IP reputation'"},
		// DANE and MTA-STS failures say nothing of rates.
		{"dane", "DANE failed to authenticate 'mx.example.org': No matching certificates found in TLSA records"},
	}
	for _, c := range nearMisses {
		t.Run("not "+c.name, func(t *testing.T) {
			got := verdicts(t, stalwartDelay(map[string]string{"team@example.org": c.err}))
			if v, ok := got["team@example.org"]; assert.True(t, ok) {
				assert.NotEqual(t, classify.RateLimited, v.Reason, v.Rule)
			}
		})
	}
}

// exchangeQueueReport writes an Exchange report whose delivery-status part
// has Exchange's queue placeholder and whose administrators' section
// gives the last attempt's reply (layouts: an Exchange 2013 "Delivery
// delayed:" DSN in bbottema/outlook-message-parser's
// OutlookMessageParserTest.java; https://pastebin.com/EimgND2Y).
func exchangeQueueReport(action, placeholder, attempt string) string {
	intro, subject := "Delivery has failed to these recipients or groups:", "Undeliverable: Offer"
	if action == "delayed" {
		intro, subject = "Delivery is delayed to these recipients or groups:", "Delivery delayed:Offer"
	}
	return "From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@sender.example>\n" +
		"To: <m.dubois@sender.example>\nSubject: " + subject + "\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b12\"\n\n" +
		"--b12\nContent-Type: text/plain; charset=\"us-ascii\"\n\n" + intro + "\n\n" +
		"p.santos@remote.example (p.santos@remote.example)\n\n\nDiagnostic information for administrators:\n\n" +
		"Generating server: EXMB02.sender.example\nReceiving server: mx.remote.example (198.51.100.212)\n\n" +
		"p.santos@remote.example\nRemote Server at mx.remote.example (198.51.100.212) returned '" + placeholder + "'\n" +
		"12/2/2026 1:58:21 PM - Remote Server at mx.remote.example (198.51.100.212) returned '" + attempt + "'\n\n" +
		"Original message headers:\n\nFrom: <m.dubois@sender.example>\nSubject: Offer\n\n" +
		"--b12\nContent-Type: message/delivery-status\n\nReporting-MTA: dns;EXMB02.sender.example\n\n" +
		"Final-Recipient: rfc822;p.santos@remote.example\nAction: " + action + "\nStatus: 4.4.7\n" +
		"Diagnostic-Code: smtp;" + placeholder + "\n\n--b12--\n"
}

// TestExchangeQueueTexts: the last attempt behind Exchange's queue
// placeholder names the cause: its connect timeout (Winsock 10060) is a
// network error while Exchange still retries and expiry when the queue
// time ran out; a refusal it quotes decides whatever the placeholder.
func TestExchangeQueueTexts(t *testing.T) {
	timeout := "441 4.4.1 Error encountered while communicating with primary target IP address: \"Failed to connect. " +
		"Winsock error code: 10060, Win32 error code: 10060.\" Attempted failover to alternate host, but that did not succeed."
	refused := "441 4.4.1 Error encountered while communicating with primary target IP address: \"Failed to connect. " +
		"Winsock error code: 10061, Win32 error code: 10061.\" Attempted failover to alternate host, but that did not succeed."
	rbl := "451-4.4.0 Primary target IP address responded with: \"550-\"[203.0.113.149]:50565 is in an RBL on bl.websitewelcome.com, see Blocked\""
	cases := []struct {
		name, action, placeholder, attempt string
		want                               classify.Reason
	}{
		{"delay, connect timeout", "delayed", "400 4.4.7 Message delayed", timeout, classify.NetworkError},
		{"expired, connect timeout", "failed", "550 4.4.7 QUEUE.Expired; message expired", timeout, classify.Expired},
		{"expired, RBL", "failed", "550 4.4.7 QUEUE.Expired; message expired", rbl, classify.Blocked},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := verdicts(t, exchangeQueueReport(c.action, c.placeholder, c.attempt))
			assertReason(t, got, "p.santos@remote.example", c.want)
		})
	}
	// Near-miss: another Winsock error (10061, refused) is not read as the
	// timeout: the delay stays what the placeholder and the status say.
	t.Run("not timeout, 10061", func(t *testing.T) {
		got := verdicts(t, exchangeQueueReport("failed", "550 4.4.7 QUEUE.Expired; message expired", refused))
		if v, ok := got["p.santos@remote.example"]; assert.True(t, ok) {
			assert.NotEqual(t, classify.NetworkError, v.Reason, v.Rule)
		}
	})
}
