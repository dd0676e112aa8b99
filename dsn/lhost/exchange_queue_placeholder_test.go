package lhost

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// del12ExchangeReport writes an Exchange report in the layout of its
// "Delivery delayed:" DSN (an Exchange 2013 delay DSN in
// bbottema/outlook-message-parser's OutlookMessageParserTest.java) or of
// its NDR after the retry time ran out (https://pastebin.com/EimgND2Y):
// the administrators' section lists the attempts newest first, the
// delivery-status part has Exchange's own placeholder.
func del12ExchangeReport(action, placeholder string, attempts ...string) string {
	intro := "Delivery has failed to these recipients or groups:"
	subject := "Undeliverable: Shipment docs"
	if action == "delayed" {
		intro = "Delivery is delayed to these recipients or groups:"
		subject = "Delivery delayed:Shipment docs"
	}
	return "From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@sender.example>\n" +
		"To: <m.dubois@sender.example>\nSubject: " + subject + "\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b12\"\n\n" +
		"--b12\nContent-Type: text/plain; charset=\"us-ascii\"\n\n" + intro + "\n\n" +
		"it@remote.example (it@remote.example)\n\nSubject: Shipment docs\n\n\n" +
		"Diagnostic information for administrators:\n\nGenerating server: EXCH02.sender.example\n" +
		"Receiving server: mail.remote.example (192.0.2.147)\n\nit@remote.example\n" +
		strings.Join(attempts, "\n") + "\n\nOriginal message headers:\n\nFrom: <m.dubois@sender.example>\nSubject: Shipment docs\n\n" +
		"--b12\nContent-Type: message/delivery-status\n\nReporting-MTA: dns;EXCH02.sender.example\n\n" +
		"Final-Recipient: rfc822;it@remote.example\nAction: " + action + "\nStatus: 4.4.7\n" +
		"Diagnostic-Code: smtp;" + placeholder + "\n\n--b12--\n"
}

// TestExchangeQueuePlaceholder: the newest attempt other than Exchange's
// queue placeholder is appended to it, "A -> B" as Exchange Online writes
// it; nothing changes when there is no such attempt or no placeholder.
func TestExchangeQueuePlaceholder(t *testing.T) {
	timeout := "12/2/2026 1:58:21 PM - Remote Server at mail.remote.example (192.0.2.147) returned '441 4.4.1 Error encountered " +
		"while communicating with primary target IP address: \"Failed to connect. Winsock error code: 10060, Win32 error code: 10060.\" " +
		"Attempted failover to alternate host, but that did not succeed. Either there are no alternate hosts, or delivery failed to " +
		"all alternate hosts. The last endpoint attempted was 192.0.2.147:25'"
	rbl := "12/2/2026 11:39:02 AM - Remote Server at mail.remote.example (192.0.2.147) returned '451-4.4.0 Primary target IP " +
		"address responded with: \"550-\"[203.0.113.149]:50565 is in an RBL on bl.websitewelcome.com, see Blocked 451 4.4.0 550 - Too many\n" +
		"failed logins\".\" Attempted failover to alternate host, but that did not succeed. The last endpoint attempted was 192.0.2.147:25'"
	expiredLine := "12/2/2026 11:47:03 AM - Remote Server at mail.remote.example (192.0.2.147) returned '550 4.4.7 QUEUE.Expired; message expired'"
	cases := []struct {
		name, action, placeholder string
		attempts                  []string
		want                      string
	}{
		{"delay, connect timeout", "delayed", "400 4.4.7 Message delayed",
			[]string{"Remote Server at mail.remote.example (192.0.2.147) returned '400 4.4.7 Message delayed'", timeout},
			"400 4.4.7 Message delayed -> 441 4.4.1 Error encountered while communicating with primary target IP address: \"Failed to connect. Winsock error code: 10060"},
		{"expired, RBL quoted on a wrapped line", "failed", "550 4.4.7 QUEUE.Expired; message expired",
			[]string{expiredLine, rbl},
			"550 4.4.7 QUEUE.Expired; message expired -> 451-4.4.0 Primary target IP address responded with: \"550-\"[203.0.113.149]:50565 is in an RBL on bl.websitewelcome.com, see Blocked 451 4.4.0 550 - Too many failed logins"},
		// Near-misses: no earlier attempt, only placeholders, or a
		// diagnostic that is a real reply.
		{"expired, no earlier attempt", "failed", "550 4.4.7 QUEUE.Expired; message expired",
			[]string{"Remote Server returned '550 4.4.7 QUEUE.Expired; message expired'"}, "550 4.4.7 QUEUE.Expired; message expired"},
		{"expired, earlier attempts all placeholders", "failed", "550 4.4.7 QUEUE.Expired; message expired",
			[]string{expiredLine, "12/1/2026 9:00:00 AM - Remote Server at mail.remote.example (192.0.2.147) returned '400 4.4.7 Message delayed'"},
			"550 4.4.7 QUEUE.Expired; message expired"},
		{"a real reply is left alone", "failed", "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found",
			[]string{"Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'", timeout}, "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(del12ExchangeReport(c.action, c.placeholder, c.attempts...)), Registry())
			require.NoError(t, err)
			require.Len(t, r.Recipients, 1)
			got := r.Recipients[0].DiagnosticCode
			if strings.Contains(c.want, " -> ") {
				assert.True(t, strings.HasPrefix(got, c.want), got)
			} else {
				assert.Equal(t, c.want, got)
			}
		})
	}
}
