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
// the cause (del12.tsv; "(too many concurrent connections to remote
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
